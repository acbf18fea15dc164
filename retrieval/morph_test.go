package retrieval

import (
	"strings"
	"testing"
)

// TestAffixVariantsMeet checks that the forms of one root get one stem, where Snowball's rules
// alone split them.
func TestAffixVariantsMeet(t *testing.T) {
	tests := []struct {
		root  string
		forms []string
	}{
		{"tandatangan", []string{"ditandatangani", "menandatangani", "penandatanganan", "tandatangan"}},
		{"kontrol", []string{"dikontrol", "mengontrol", "kontrol"}},
		{"tekan", []string{"menekan", "ditekan", "tekanan"}},
		{"kendali", []string{"mengendalikan", "pengendalian", "dikendalikan"}},
		{"tinggal", []string{"meninggalkan", "ditinggalkan", "tinggal"}},
		{"pakai", []string{"memakai", "pemakaian", "dipakai"}},
		{"berita", []string{"berita", "pemberitaan", "beritanya"}},
		{"pasok", []string{"pasokan", "memasok"}},
		{"selesai", []string{"menyelesaikan", "penyelesaian", "diselesaikan"}},
		{"kirim", []string{"mengirim", "pengiriman", "dikirimkan"}},
		// Technical loanwords hunspell-id lacks are roots (idLoanRoots), not di- + "rektor".
		{"direktori", []string{"direktori", "direktorinya"}},
		{"repositori", []string{"repositori", "repositorinya"}},
		// me- before a root in m or n, not mem- with its p restored ("pati").
		{"mati", []string{"mematikan", "matikan", "dimatikan"}},
		{"nyala", []string{"menyalakan", "nyalakan", "dinyalakan"}},
		// men-, pen- before a vowel replaced a t: "menurun" is turun, "penanda" is tanda.
		{"turun", []string{"menurun", "turun", "diturunkan"}},
		{"tanda", []string{"penanda", "tanda", "ditandai"}},
	}
	for _, tt := range tests {
		t.Run(tt.root, func(t *testing.T) {
			for _, f := range tt.forms {
				if got := Stem(LangID, f); got != tt.root {
					t.Errorf("Stem(%q) = %q, want %q", f, got, tt.root)
				}
			}
		})
	}
}

func TestMorphologyOff(t *testing.T) {
	SetMorphology(false)
	defer SetMorphology(true)
	if got := Stem(LangID, "menekan"); got != "ekan" {
		t.Errorf("with the dictionary off, Stem(menekan) = %q, want Snowball's %q", got, "ekan")
	}
}

func TestEnglishIrregularPlurals(t *testing.T) {
	for _, tt := range []struct{ a, b string }{{"children", "child"}, {"indices", "index"}, {"analyses", "analysis"}, {"mice", "mouse"}, {"files", "file"}} {
		if Stem(LangEN, tt.a) != Stem(LangEN, tt.b) {
			t.Errorf("Stem(%q) = %q, Stem(%q) = %q: want one stem", tt.a, Stem(LangEN, tt.a), tt.b, Stem(LangEN, tt.b))
		}
	}
}

func TestUseIndonesianDictionary(t *testing.T) {
	prev := morphCurrent.Load()
	defer morphCurrent.Store(prev)
	// A hunspell .dic of a user's own: a count, then word/flags, ISO-8859-1.
	if err := UseIndonesianDictionary(strings.NewReader("2\nekan/M0\nkontrol\n")); err != nil {
		t.Fatal(err)
	}
	if got := Stem(LangID, "menekan"); got != "ekan" {
		t.Errorf("with a dictionary lacking tekan, Stem(menekan) = %q, want ekan", got)
	}
	if err := UseIndonesianDictionary(strings.NewReader("")); err == nil {
		t.Error("an empty dictionary was accepted")
	}
}
