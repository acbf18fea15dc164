package bot

import "testing"

func TestHasAnswerType(t *testing.T) {
	ix := seedIndex(t)
	tests := []struct {
		name, want, question, sentence string
		ok                             bool
	}{
		{"a number", typeNumber, "Berapa ton minyak?", "AS berjanji memasok 500.000 ton minyak berat per tahun.", true},
		{"a year is not a count", typeNumber, "Berapa ton minyak?", "Pada tahun 1994 AS berjanji memasok minyak.", false},
		{"a number word", typeNumber, "How many rounds?", "Korea Utara menjual lima juta butir amunisi.", true},
		{"money", typeMoney, "Berapa biayanya?", "Biayanya sekitar 4 miliar dolar.", true},
		{"a date", typeDate, "Kapan ditandatangani?", "Pada bulan Oktober 1994, Korut dan AS menandatangani persetujuan.", true},
		{"a month typo", typeMonth, "Bulan apa ditandatangani?", "Pada bulan Oktobe 1994, Korut dan AS menandatangani persetujuan.", true},
		{"a day needs a day number", typeDay, "Tanggal berapa?", "Pada bulan Oktober 1994 mereka bertemu.", false},
		{"a day beside its month", typeDay, "Tanggal berapa?", "Pada 25 April 2019 mereka bertemu.", true},
		{"a full date", typeDay, "Tanggal berapa?", "Pertemuan itu pada 25/4/2019 di Vladivostok.", true},
		{"a person", typeWho, "Siapa yang mengendalikan Grup Wagner?", "Grup Wagner dikendalikan oleh Yevgeny Prighozin.", true},
		{"the question's own name is no answer", typeWho, "Siapa Putin?", "Kemudian Putin berbicara.", false},
		{"a place after a locative", typeWhere, "Di mana Putin bertemu Kim?", "Putin bertemu Kim di kota pelabuhan Vladivostok.", true},
		{"a key combination", typeKey, "Apa shortcut untuk dok?", "Tekan Ctrl+Shift+F10 untuk melepas jendela.", true},
		{"a key named in prose is not a shortcut", typeKey, "Apa shortcut untuk dok?", "Jendela bisa dilepas dari dok.", false},
		{"a version number", typeVersion, "Which version?", "This Debian Reference (version 2.100) covers Bookworm.", true},
		{"a month is no person", typeWho, "Siapa presiden AS?", "Pada bulan Oktobe 1994 AS menandatangani persetujuan.", false},
		{"a version of another thing", typeVersion, "Which systemd version ships with Bookworm?", "This Debian Reference (version 2.100) covers Bookworm.", false},
		{"a version beside its thing", typeVersion, "Which systemd version ships with Bookworm?", "Bookworm ships systemd version 252.22 as its init system.", true},
		{"a capital without a locative", typeWhere, "Di mana Putin bertemu Kim?", "Putin bertemu Kim. Vladivostok indah.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := &Question{Text: tt.question, Query: ix.Query(tt.question, LangID), Index: ix}
			if got := hasAnswerType(tt.want, tt.sentence, nil, q); got != tt.ok {
				t.Errorf("hasAnswerType(%s, %q) = %v, want %v", tt.want, tt.sentence, got, tt.ok)
			}
		})
	}
}

func TestDateWords(t *testing.T) {
	tests := []struct {
		in                   string
		yearOrDate, monthTyp bool
	}{
		{"1994", true, false}, {"25/4/2019", true, false}, {"2500", false, false},
		{"oktobe", false, true}, {"oktober", false, false}, {"senin", false, false},
	}
	for _, tt := range tests {
		if got := isYearOrDate(tt.in); got != tt.yearOrDate {
			t.Errorf("isYearOrDate(%q) = %v", tt.in, got)
		}
		if got := isMonthTypo(tt.in); got != tt.monthTyp {
			t.Errorf("isMonthTypo(%q) = %v", tt.in, got)
		}
	}
}
