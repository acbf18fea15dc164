package retrieval

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	// tok is "text|norm" for each token; offsets are checked against the input separately.
	tests := []struct {
		name, in string
		want     []string
	}{
		{"hyphenated name", "Six-Party Talks", []string{"Six-Party|six-party", "Talks|talks"}},
		{"hyphen in a person's name", "Kim Jong-Un", []string{"Kim|kim", "Jong-Un|jong-un"}},
		{"acronym", "IAEA memeriksa", []string{"IAEA|iaea", "memeriksa|memeriksa"}},
		{"grouped number", "500.000 ton", []string{"500.000|500.000", "ton|ton"}},
		{"decimal comma", "3,5 persen", []string{"3,5|3,5", "persen|persen"}},
		{"date", "Kamis (25/4/2019) pagi", []string{"Kamis|kamis", "25/4/2019|25/4/2019", "pagi|pagi"}},
		{"possessive", "Korea's nuclear", []string{"Korea's|korea", "nuclear|nuclear"}},
		{"curly possessive", "Korea’s nuclear", []string{"Korea’s|korea", "nuclear|nuclear"}},
		{"curly quotes", "“jaminan” ‘keamanan’", []string{"jaminan|jaminan", "keamanan|keamanan"}},
		{"sentence end after a number", "tahun 2019. Lalu", []string{"tahun|tahun", "2019|2019", "Lalu|lalu"}},
		{"comma after a word", "Korut, Iran, Irak", []string{"Korut|korut", "Iran|iran", "Irak|irak"}},
		{"reduplication", "langkah-langkah", []string{"langkah-langkah|langkah-langkah"}},
		{"non-breaking hyphen", "Six\u2011Party", []string{"Six\u2011Party|six-party"}},
		{"dangling hyphens", "-x- a--b", []string{"x|x", "a|a", "b|b"}},
		{"percent", "100% siap", []string{"100|100", "siap|siap"}},
		{"dotted acronym", "U.S.", []string{"U|u", "S|s"}},
		{"accents", "Café naïve", []string{"Café|café", "naïve|naïve"}},
		{"invalid UTF-8 separates", "ab\xffcd", []string{"ab|ab", "cd|cd"}},
		{"emoji separates", "nuklir😀Korea", []string{"nuklir|nuklir", "Korea|korea"}},
		{"other scripts are words", "朝鲜 핵", []string{"朝鲜|朝鲜", "핵|핵"}},
		{"empty", "", nil},
		{"only symbols", "?! — … 😀", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := Tokenize(tt.in)
			var got []string
			for _, tok := range toks {
				got = append(got, tok.Text+"|"+tok.Norm)
				if tt.in[tok.Start:tok.End] != tok.Text {
					t.Errorf("token %q at %d:%d is %q in the input", tok.Text, tok.Start, tok.End, tt.in[tok.Start:tok.End])
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokenize(%q) (-got +want)\n- %q\n+ %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenizeBounded(t *testing.T) {
	toks := Tokenize(strings.Repeat("kata ", 100000))
	if len(toks) != maxTokens {
		t.Errorf("%d tokens from 100,000 words, want the bound %d", len(toks), maxTokens)
	}
}

// FuzzTokenize: any input tokenizes without panicking into tokens in order, inside the input,
// made of valid UTF-8, with a non-empty normal form.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Six-Party Talks", "Kim Jong-Un", "500.000", "25/4/2019", "Korea's", "Korea’s", "“kutip”", "a-", "-", "1.", "1..2", "'s", "x's", "\xff\xfe", "😀-😀", "a\u0301-b", "١٢٣.٤٥٦", "ǅemal", "İstanbul'un"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, tok := range Tokenize(s) {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(s) {
				t.Fatalf("token %+v out of order or out of bounds (previous end %d, input %d bytes)", tok, prev, len(s))
			}
			prev = tok.End
			if s[tok.Start:tok.End] != tok.Text {
				t.Fatalf("token %+v is not the input at its offsets", tok)
			}
			if !utf8.ValidString(tok.Text) || !utf8.ValidString(tok.Norm) {
				t.Fatalf("token %+v is not valid UTF-8", tok)
			}
			if tok.Norm == "" {
				t.Fatalf("token %+v has an empty normal form", tok)
			}
			for _, stem := range append(Stems(tok.Text, LangID), Stems(tok.Text, LangEN)...) {
				if stem == "" {
					t.Fatalf("token %+v has an empty stem", tok)
				}
			}
		}
	})
}
