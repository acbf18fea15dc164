package retrieval

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTranslateEnglishToIndonesian(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		source string // Source of the first group
		kind   string
		want   []string // each must be among the first group's alternatives
	}{
		{"dictionary phrase", "peace treaty", "peace treaty", "name", []string{"perjanjian damai"}},
		{"dictionary word", "treaty", "treaty", "name", []string{"perjanjian"}},
		{"country", "north korea", "north korea", "name", []string{"korea utara", "korut"}},
		{"country abbreviation", "usa", "usa", "name", []string{"amerika serikat", "as"}},
		{"plural by stem", "negotiations", "negotiations", "name", []string{"perundingan", "negosiasi"}},
		{"names table stem", "sanctions", "sanctions", "name", []string{"sanksi"}},
		{"hyphenated name", "six-party talks", "six-party talks", "name", []string{"perundingan enam pihak"}},
		{"security guarantee", "security guarantee", "security guarantee", "name", []string{"jaminan keamanan"}},
		{"nuclear weapons", "nuclear weapons", "nuclear weapons", "name", []string{"senjata nuklir"}},
		{"summit", "summit", "summit", "name", []string{"ktt", "konferensi tingkat tinggi"}},
		{"dictionary only", "village", "village", "dict", []string{"desa"}},
		{"dictionary plural", "villages", "villages", "dict", []string{"desa"}},
		{"technical word", "print", "print", "name", []string{"cetak"}},
		{"technical inflection", "printing", "printing", "name", []string{"cetak", "pencetakan"}},
		{"technical plural", "packages", "packages", "name", []string{"paket"}},
		{"interface phrase", "toolbar", "toolbar", "name", []string{"bilah alat"}},
		{"technical phrase", "command line", "command line", "name", []string{"baris perintah"}},
		{"comparative", "bigger", "bigger", "name", []string{"besar"}},
		{"superlative by its adjective", "closest", "closest", "dict", []string{"dekat"}},
		{"superlative, doubled consonant", "biggest", "biggest", "dict", []string{"besar"}},
		{"superlative of -y", "easiest", "easiest", "dict", []string{"mudah"}},
		{"a word in -est is no superlative", "interest", "interest", "dict", []string{"bunga", "minat"}},
		{"common verb FreeDict lacks", "used", "used", "name", []string{"menggunakan", "pakai"}},
		{"dictionary multiword", "human rights", "human rights", "name", []string{"hak asasi manusia"}},
		{"mediator is not mediate", "mediator", "mediator", "name", []string{"mediator", "penengah"}},
		{"month", "february", "february", "dict", []string{"februari"}},
		{"weekday", "thursday", "thursday", "dict", []string{"kamis"}},
		{"acronym passes", "iaea", "iaea", "pass", []string{"iaea"}},
		{"number passes", "2019", "2019", "pass", []string{"2019"}},
		{"date passes", "25/4/2019", "25/4/2019", "pass", []string{"25/4/2019"}},
		{"person passes", "putin", "putin", "pass", []string{"putin"}},
		{"person not translated", "trump", "trump", "pass", []string{"trump"}},
		{"full name passes whole", "kim jong-un", "kim jong-un", "pass", []string{"kim jong-un"}},
		{"unknown word passes", "xyzzyq", "xyzzyq", "pass", []string{"xyzzyq"}},
		{"reduplicated word", "win-win", "win-win", "name", []string{"menang"}},
		{"unknown hyphenated word passes in parts", "xyzzy-plugh", "xyzzy", "pass", []string{"xyzzy"}},
		{"given name alone", "jong-un", "jong-un", "pass", []string{"jong-un"}},
	}
	l := DefaultLexicon()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := l.Translate(strings.Fields(tt.in), LangEN, LangID)
			if len(got) == 0 {
				t.Fatalf("Translate(%q) = no groups", tt.in)
			}
			g := got[0]
			if g.Source != tt.source || g.Kind != tt.kind {
				t.Errorf("Translate(%q)[0] = %q kind %q, want %q kind %q (%+v)", tt.in, g.Source, g.Kind, tt.source, tt.kind, got)
			}
			for _, w := range tt.want {
				if !slices.Contains(g.Alternatives, w) {
					t.Errorf("Translate(%q)[0].Alternatives = %q, want it to include %q", tt.in, g.Alternatives, w)
				}
			}
			checkGroup(t, g)
		})
	}
}

func TestTranslateIndonesianToEnglish(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // among the first group's alternatives
	}{
		{"dictionary", "perdamaian", "peace"},
		{"names table", "korea utara", "north korea"},
		{"abbreviation", "korut", "north korea"},
		{"abbreviation as", "as", "united states"},
		{"negotiation", "perundingan", "talks"},
		{"phrase", "senjata nuklir", "nuclear weapon"},
		{"reduplication", "sanksi-sanksi", "sanction"},
		{"reduplicated plural", "negara-negara", "country"},
		{"dictionary verb", "menandatangani", "sign"},
		{"submarine", "kapal selam", "submarine"},
		{"treaty", "perjanjian", "treaty"},
		{"technical word", "perintah", "command"},
		{"technical verb by its root", "mencetak", "print"},
		{"technical derived noun as written", "pengguna", "user"},
		{"interface phrase", "bilah alat", "toolbar"},
		{"loanword", "direktori", "directory"},
		{"loanword FreeDict lacks", "autentikasi", "authentication"},
		{"phrase, not kali as time", "pertama kali", "first time"},
		{"reduplicated phrase", "berkali-kali", "repeatedly"},
	}
	l := DefaultLexicon()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := l.Translate(strings.Fields(tt.in), LangID, LangEN)
			if len(got) == 0 {
				t.Fatalf("Translate(%q) = no groups", tt.in)
			}
			if got[0].Source != tt.in {
				t.Errorf("Translate(%q)[0].Source = %q, want %q", tt.in, got[0].Source, tt.in)
			}
			if !slices.Contains(got[0].Alternatives, tt.want) {
				t.Errorf("Translate(%q)[0].Alternatives = %q, want it to include %q", tt.in, got[0].Alternatives, tt.want)
			}
			checkGroup(t, got[0])
		})
	}
}

// TestTechRowsByRootOnly: a technical row's derived Indonesian form is found as written, not
// through a stem it shares with other words ("kegunaan", usefulness, is not "pengguna", user,
// nor "menggunakan", to use).
func TestTechRowsByRootOnly(t *testing.T) {
	l := DefaultLexicon()
	for _, w := range []string{"kegunaan", "berguna"} {
		got := l.Translate([]string{w}, LangID, LangEN)
		if len(got) == 0 {
			continue
		}
		if got[0].Kind == "name" {
			t.Errorf("Translate(%q) = %+v: a derived form's row reached through a shared stem", w, got[0])
		}
	}
	// English forms by their regular inflections, not by a stem shared with another word.
	if got := l.Translate([]string{"sets"}, LangEN, LangID); len(got) == 0 || got[0].Kind == "name" {
		t.Errorf(`Translate("sets") = %+v: "set" is not "setting"`, got)
	}
	for _, w := range []string{"configured", "directories", "changing", "selected", "dragging", "printers"} {
		if got := l.Translate([]string{w}, LangEN, LangID); len(got) == 0 || got[0].Kind != "name" {
			t.Errorf("Translate(%q) = %+v, want a technical row", w, got)
		}
	}
	for _, n := range lexTech {
		if len(n.en) == 0 || len(n.id) == 0 {
			t.Errorf("technical row %+v lacks a side", n)
		}
	}
}

// checkGroup checks what the API promises of every group.
func checkGroup(t *testing.T, g TermGroup) {
	t.Helper()
	if len(g.Alternatives) == 0 || len(g.Alternatives) > lexMaxAlternatives {
		t.Errorf("%q: %d alternatives, want 1..%d", g.Source, len(g.Alternatives), lexMaxAlternatives)
	}
	seen := map[string]bool{}
	for _, a := range g.Alternatives {
		if a == "" || a != strings.ToLower(a) || len(strings.Fields(a)) > lexMaxAltWords || seen[a] {
			t.Errorf("%q: bad alternative %q in %q", g.Source, a, g.Alternatives)
		}
		seen[a] = true
	}
	switch g.Kind {
	case "dict", "name", "pass":
	default:
		t.Errorf("%q: kind %q", g.Source, g.Kind)
	}
	if g.Source != strings.ToLower(g.Source) {
		t.Errorf("source %q is not lower-case", g.Source)
	}
}

func TestTranslateQuery(t *testing.T) {
	l := DefaultLexicon()
	words := []string{"north", "korea", "peace", "treaty", "2019", "iaea", "negotiations", "russia"}
	got := l.Translate(words, LangEN, LangID)
	var sources, kinds []string
	for _, g := range got {
		sources = append(sources, g.Source)
		kinds = append(kinds, g.Kind)
		checkGroup(t, g)
	}
	wantSources := []string{"north korea", "peace treaty", "2019", "iaea", "negotiations", "russia"}
	wantKinds := []string{"name", "name", "pass", "pass", "name", "name"}
	if !slices.Equal(sources, wantSources) || !slices.Equal(kinds, wantKinds) {
		t.Errorf("Translate(%q) sources %q kinds %q, want %q %q", words, sources, kinds, wantSources, wantKinds)
	}
	if !slices.Contains(got[len(got)-1].Alternatives, "rusia") {
		t.Errorf("russia → %q, want rusia", got[len(got)-1].Alternatives)
	}
}

func TestTranslateEdgeCases(t *testing.T) {
	l := DefaultLexicon()
	if got := l.Translate(nil, LangEN, LangID); len(got) != 0 {
		t.Errorf("Translate(nil) = %+v, want none", got)
	}
	if got := l.Translate([]string{"", "  ", "-", "'"}, LangEN, LangID); len(got) != 0 {
		t.Errorf("Translate(blanks) = %+v, want none", got)
	}
	got := l.Translate([]string{"Peace", "treaty"}, LangEN, LangEN)
	if len(got) != 2 || got[0].Kind != "pass" || got[0].Source != "peace" || got[0].Alternatives[0] != "peace" {
		t.Errorf("Translate into the same language = %+v, want words passed through", got)
	}
	var nilLex *Lexicon
	if got := nilLex.Translate([]string{"peace"}, LangEN, LangID); len(got) != 1 || got[0].Kind != "pass" {
		t.Errorf("nil Lexicon Translate = %+v, want pass", got)
	}
	// The caller's slice is not modified, and groups do not share memory with the lexicon.
	words := []string{"north", "korea"}
	got = l.Translate(words, LangEN, LangID)
	got[0].Alternatives[0] = "changed"
	if words[0] != "north" || l.Translate(words, LangEN, LangID)[0].Alternatives[0] == "changed" {
		t.Error("Translate shares memory with its input or the lexicon")
	}
	// Very long input stays linear and complete.
	long := strings.Fields(strings.Repeat("peace treaty xyzzy 2019 ", 2000))
	if got := l.Translate(long, LangEN, LangID); len(got) != 3*2000 {
		t.Errorf("long input: %d groups, want %d", len(got), 3*2000)
	}
}

// TestTranslateConcurrent races first uses: of DefaultLexicon, and of a fresh lexicon's
// lazily built Indonesian index.
func TestTranslateConcurrent(t *testing.T) {
	fresh, err := newLexicon(lexiconEngInd, lexNames, lexPersons)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, l := range []*Lexicon{DefaultLexicon(), fresh} {
				l.Translate([]string{"peace", "treaty", "korut"}, LangEN, LangID)
				if g := l.Translate([]string{"perdamaian", "korut"}, LangID, LangEN); len(g) != 2 {
					t.Errorf("got %+v", g)
				}
			}
		}()
	}
	wg.Wait()
}

// TestLexiconData checks the generated table: well-formed, sorted, and keyed with the stems
// StemEnglish gives today (the generator stems with the same Snowball stemmer).
func TestLexiconData(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(lexiconEngInd))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	var prev string
	n := 0
	for sc.Scan() {
		line := sc.Text()
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("line %q: %d fields", line, len(f))
		}
		key, head, alts := f[0], f[1], strings.Split(f[2], "|")
		if words := lexWords(nil, head); strings.Join(words, " ") != head {
			t.Errorf("headword %q is not in lexWords form %q", head, words)
		} else if k := lexStemKey(words, LangEN); k != key {
			t.Errorf("headword %q: key %q, StemEnglish gives %q: run go generate", head, key, k)
		}
		if sortKey := key + "\t" + head; sortKey < prev {
			t.Errorf("table not sorted at %q", line)
		} else {
			prev = sortKey
		}
		if len(alts) == 0 || len(alts) > lexMaxAlternatives {
			t.Errorf("headword %q: %d alternatives", head, len(alts))
		}
		for _, a := range alts {
			if a == "" || a != strings.ToLower(a) || len(strings.Fields(a)) > lexMaxAltWords {
				t.Errorf("headword %q: bad alternative %q", head, a)
			}
		}
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 9000 {
		t.Errorf("%d rows, want the whole dictionary (~9600)", n)
	}
	if l := DefaultLexicon(); len(l.rows) != n {
		t.Errorf("lexicon has %d rows, table %d", len(l.rows), n)
	}
}

// TestLexiconNames checks the names table: lower-case forms on both sides.
func TestLexiconNames(t *testing.T) {
	for _, n := range lexNames {
		if len(n.en) == 0 || len(n.id) == 0 {
			t.Errorf("row %q/%q lacks a side", n.en, n.id)
		}
		for _, s := range append(slices.Clone(n.en), n.id...) {
			if s == "" || s != strings.ToLower(s) || strings.TrimSpace(s) != s {
				t.Errorf("row %q/%q: form %q is not trimmed lower-case", n.en, n.id, s)
			}
		}
	}
	for _, p := range lexPersons {
		if strings.Join(lexWords(nil, p), " ") != p {
			t.Errorf("person %q is not in lexWords form", p)
		}
	}
}

func TestLexWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Six-Party Talks", []string{"six", "party", "talks"}},
		{"negara-negara", []string{"negara"}},
		{"Korea's", []string{"korea"}},
		{"coup d'état", []string{"coup", "détat"}},
		{"  ", nil},
	}
	for _, tt := range tests {
		if got := lexWords(nil, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("lexWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLicenseFileTravelsWithData(t *testing.T) {
	b, err := os.ReadFile("LICENSE-freedict.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CC-BY-SA-3.0", "Attribution-ShareAlike 3.0 Unported", "eng-ind", "FreeDict"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("LICENSE-freedict.txt lacks %q", want)
		}
	}
}

// TestLexiconBuildTime keeps start-up cheap; the bound is loose for slow, shared CI machines
// and the race detector. See BenchmarkLexiconBuild for the real figure.
func TestLexiconBuildTime(t *testing.T) {
	start := time.Now()
	l, err := newLexicon(lexiconEngInd, lexNames, lexPersons)
	if err != nil {
		t.Fatal(err)
	}
	l.reverse()
	if d := time.Since(start); d > time.Second {
		t.Errorf("building the lexicon took %v", d)
	}
}

// BenchmarkLexiconBuild measures what DefaultLexicon does at start-up, and what the first
// Indonesian → English translation adds.
func BenchmarkLexiconBuild(b *testing.B) {
	b.Run("default", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := newLexicon(lexiconEngInd, lexNames, lexPersons); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("with-reverse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			l, err := newLexicon(lexiconEngInd, lexNames, lexPersons)
			if err != nil {
				b.Fatal(err)
			}
			l.reverse()
		}
	})
}

func BenchmarkTranslate(b *testing.B) {
	l := DefaultLexicon()
	en := []string{"russia", "role", "mediator", "north", "korea", "peace", "treaty", "negotiations", "2019"}
	id := []string{"peran", "rusia", "mediator", "korea", "utara", "perjanjian", "damai", "perundingan", "2019"}
	b.Run("en-id", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			l.Translate(en, LangEN, LangID)
		}
	})
	b.Run("id-en", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			l.Translate(id, LangID, LangEN)
		}
	})
}
