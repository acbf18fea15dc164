package retrieval

import (
	"reflect"
	"testing"
)

func TestStems(t *testing.T) {
	tests := []struct {
		in   string
		lang Lang
		want []string
	}{
		// Numbers lose their thousands separators, whichever the convention; decimals stay.
		{"500.000 ton", LangID, []string{"500000", "ton"}},
		{"500,000 tons", LangEN, []string{"500000", "ton"}},
		{"1.000.000", LangID, []string{"1000000"}},
		{"3,5 persen", LangID, []string{"3,5", "persen"}},
		{"12.34", LangEN, []string{"12.34"}},
		{"1.2345", LangEN, []string{"1.2345"}},
		// Dates give their parts, leading zeros dropped.
		{"25/4/2019", LangID, []string{"25", "4", "2019"}},
		{"25/04/2019", LangID, []string{"25", "4", "2019"}},
		// Reduplication counts once; other hyphenated words give each part.
		{"langkah-langkah", LangID, []string{"langkah"}},
		{"negara-negara", LangID, []string{"negara"}},
		{"kapal-kapal selam", LangID, []string{"kapal", "selam"}},
		{"Six-Party Talks", LangEN, []string{"six", "parti", "talk"}},
		{"Six-Party Talks", LangID, []string{"six", "party", "talks"}},
		{"Kim Jong-Un", LangID, []string{"kim", "jong", "un"}},
		// Stop words go, affixes are stripped, possessives dropped.
		{"Apa yang dibutuhkan Korea Utara?", LangID, []string{"butuh", "korea", "utara"}},
		{"What does North Korea's leader want?", LangEN, []string{"north", "korea", "leader", "want"}},
		{"jaminan keamanan", LangID, []string{"jamin", "aman"}},
		{"", LangID, []string{}},
		{"yang dan di", LangID, []string{}},
	}
	for _, tt := range tests {
		got := Stems(tt.in, tt.lang)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Stems(%q, %s) (-got +want)\n- %q\n+ %q", tt.in, tt.lang, got, tt.want)
		}
	}
}

func TestNormalizeNumber(t *testing.T) {
	tests := map[string]string{
		"500.000": "500000", "500,000": "500000", "1.000.000": "1000000", "2019": "2019",
		"3,5": "3,5", "12.34": "12.34", "1234.567": "1234.567", "1.2345": "1.2345", "2019.": "2019", ".5": "5",
	}
	for in, want := range tests {
		if got := normalizeNumber(in); got != want {
			t.Errorf("normalizeNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQueryTermMatches(t *testing.T) {
	stems := map[string]bool{"korea": true, "utara": true, "jamin": true, "aman": true}
	tests := []struct {
		name string
		alts [][]string
		want bool
	}{
		{"one stem", [][]string{{"jamin"}}, true},
		{"phrase, all present", [][]string{{"korea", "utara"}}, true},
		{"phrase, one missing", [][]string{{"korea", "selatan"}}, false},
		{"second alternative", [][]string{{"north", "korea"}, {"korea", "utara"}}, true},
		{"no alternative", nil, false},
		{"empty alternative never matches", [][]string{{}}, false},
		{"empty then matching", [][]string{{}, {"aman"}}, true},
	}
	for _, tt := range tests {
		if got := (QueryTerm{Source: tt.name, Alts: tt.alts}).Matches(stems); got != tt.want {
			t.Errorf("%s: Matches = %v, want %v", tt.name, got, tt.want)
		}
	}
	if (QueryTerm{Alts: [][]string{{"korea"}}}).Matches(nil) {
		t.Error("matched an empty stem set")
	}
}
