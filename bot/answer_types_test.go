package bot

import (
	"testing"

	"github.com/kutip/kutip/retrieval"
)

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
		{"a code is no number", typeNumber, "How many files can GerbView show?", "GerbView is a Gerber file (RS-274X format) viewer.", false},
		{"a number with its unit", typeNumber, "How many files can GerbView show?", "Up to 32 files can be displayed at once.", true},
		{"a combination written as one word", typeKey, "Shortcut buat cari riwayat?", "│Ctrl-R │start incremental command history search│", true},
		{"Mac and PC keys run together", typeKey, "Shortcut buat tesaurus?", "Pilih Perkakas - Bahasa - Kamus, atau tekan PerintahCtrl+F7.", true},
		{"a menu path says where", typeWhere, "Where do I set the rotation angle?", "Choose Format - Position and Size - Rotation.", true},
		{"a menu path with arrows", typeWhere, "Where do I import the netlist?", "Click Tools → Update PCB from Schematic…, or press F8.", true},
		{"a menu path is no place something is kept", typeWhere, "Where are the settings stored on Linux?", "Choose Format - Position and Size - Rotation.", false},
		{"a file path says where", typeWhere, "Where are the settings stored on Linux?", "Linux ~/.config/kicad", true},
		{"on a named bar", typeWhere, "Where can I see the current mode?", "The current mode is displayed on the Status Bar.", true},
		{"on a day is no place", typeWhere, "Di mana Putin bertemu Kim?", "Putin bertemu Kim on Monday.", false},
		{"a dash in prose is no menu", typeWhere, "Where did they meet?", "they met - as planned - later.", false},
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

func TestMenuAndFilePaths(t *testing.T) {
	tests := []struct{ text, menu, file string }{
		{"1. Pilih Format - Legend atau klik ganda pada legenda.", "Format - Legend", ""},
		{"Pilih LibreOffice - PreferensiPerkakas - Opsi - LibreOffice Jalur.", "LibreOffice - PreferensiPerkakas - Opsi - LibreOffice Jalur", ""},
		{"masukkan nama (Lembar - Ekspresi dan Rentang Bernama - Tentukan).", "Lembar - Ekspresi dan Rentang Bernama - Tentukan", ""},
		{"Open Preferences → Preferences… → Hotkeys.", "Preferences → Preferences… → Hotkeys", ""},
		{"Tools > Options", "Tools > Options", ""},
		{"The \"/etc/nsswitch.conf\" file has a hosts stanza.", "", "/etc/nsswitch.conf"},
		{"Windows %APPDATA%\\kicad", "", "%APPDATA%\\kicad"},
		{"use it and/or that, 1/2 of it", "", ""},
	}
	for _, tt := range tests {
		toks := retrieval.Tokenize(tt.text)
		menu := ""
		if a, b, ok := menuPath(tt.text, toks, 0); ok {
			menu = tt.text[toks[a].Start:toks[b].End]
		}
		if menu != tt.menu {
			t.Errorf("menuPath(%q) = %q, want %q", tt.text, menu, tt.menu)
		}
		if got := filePath(tt.text); got != tt.file {
			t.Errorf("filePath(%q) = %q, want %q", tt.text, got, tt.file)
		}
	}
}

func TestKeyTokens(t *testing.T) {
	tests := []struct {
		tok    string
		offset int
		ok     bool
	}{
		{"Ctrl", 0, true}, {"F10", 0, true}, {"Ctrl-R", 0, true}, {"Ctrl-Alt-Del", 0, true},
		{"CommandCtrl", 7, true}, {"PerintahCtrl", 8, true}, {"Insert", 0, true},
		{"insert", 0, false}, {"Control-flow", 0, false}, {"RS-274X", 0, false}, {"Kontrol", 0, false},
	}
	for _, tt := range tests {
		off, ok := keyToken(tt.tok)
		if off != tt.offset || ok != tt.ok {
			t.Errorf("keyToken(%q) = %d, %v; want %d, %v", tt.tok, off, ok, tt.offset, tt.ok)
		}
	}
	for s, want := range map[string]bool{
		"Alternatively, press CommandCtrl+Shift+F10.":                     true,
		"hold down the Command Ctrl key and double-click on a gray area.": false,
		"Tekan F5 untuk membuka Navigator.":                               true,
		"Press Insert to toggle between overwrite mode and insert mode.":  true,
	} {
		if got := hasShortcut(s); got != want {
			t.Errorf("hasShortcut(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestAnswerTypeClauses(t *testing.T) {
	tests := []struct{ q, want string }{
		{"When was the agreement signed?", typeDate},
		{"The agreement was signed when?", typeDate},
		{"When dragging a graphic into the Gallery, how long must I hold the mouse button?", typeNumber},
		{"What's the first document I should read when a package gives me trouble?", ""},
		{"Where are kicad settings files stored on linux", typeWhere},
		{"How can I update a style from the text where my cursor is?", ""},
		{"Kapan perjanjian itu ditandatangani?", typeDate},
	}
	for _, tt := range tests {
		if got := answerType(tt.q); got != tt.want {
			t.Errorf("answerType(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestNumbersInSteps(t *testing.T) {
	for _, tt := range []struct {
		s    string
		i    int
		item bool
	}{
		{"5. Tanpa melepaskan tombol tetikus, seret grafik.", 0, true},
		{"2) Choose Format.", 0, true},
		{"32 files can be displayed at once.", 0, false},
		{"Up to 32 files.", 2, false},
	} {
		if got := itemNumber(tt.s, retrieval.Tokenize(tt.s), tt.i); got != tt.item {
			t.Errorf("itemNumber(%q, %d) = %v", tt.s, tt.i, got)
		}
	}
	s := "• High: 30% of codewords can be restored."
	if !percentIn(s, retrieval.Tokenize(s)) {
		t.Errorf("percentIn(%q) = false", s)
	}
	if s := "Level 30 of codewords"; percentIn(s, retrieval.Tokenize(s)) {
		t.Errorf("percentIn(%q) = true", s)
	}
}
