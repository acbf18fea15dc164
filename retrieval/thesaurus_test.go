package retrieval

import (
	"strings"
	"testing"
)

func TestSynonymsOfAbsentWords(t *testing.T) {
	ix := queryTestIndex(t, Options{NoTranslate: true})
	// "kesepakatan" is not in the corpus; its synonym "perjanjian" is.
	q := ix.Query("kesepakatan itu", LangID)
	if len(q.Terms) != 1 {
		t.Fatalf("terms %+v", q.Terms)
	}
	term := q.Terms[0]
	found := false
	for i, a := range term.Alts {
		if len(a) == 1 && a[0] == Stem(LangID, "perjanjian") {
			found = true
			if w := term.Weight(i); w != synonymDiscount {
				t.Errorf("synonym weight %v, want %v", w, synonymDiscount)
			}
		}
	}
	if !found {
		t.Errorf("alternatives %q lack the synonym perjanjian", term.Alts)
	}
	if term.Weight(0) != 1 {
		t.Errorf("the asker's own word weighs %v, want 1", term.Weight(0))
	}
	if _, in := ix.TermRarity(term); in {
		t.Error("a synonym made the term count as found in the corpus")
	}
	hits, err := ix.SearchQuery(t.Context(), q, 3, Lexical)
	if err != nil || len(hits) == 0 || hits[0].Passage.DocID != "b.txt" {
		t.Errorf("hits %v, %v: want b.txt (perjanjian) first", hits, err)
	}
	// Words the corpus has get no synonyms; neither does a query with synonyms switched off.
	if q := ix.Query("perjanjian", LangID); len(q.Terms[0].Alts) != 1 {
		t.Errorf("perjanjian (in the corpus) got alternatives %q", q.Terms[0].Alts)
	}
	off := queryTestIndex(t, Options{NoTranslate: true, NoSynonyms: true})
	if q := off.Query("kesepakatan", LangID); len(q.Terms[0].Alts) != 1 {
		t.Errorf("NoSynonyms: alternatives %q", q.Terms[0].Alts)
	}
}

// TestSynonymNeverOutranksWord scores one passage with the word and one with only a rarer
// synonym: discounted, the synonym scores below the word.
func TestSynonymNeverOutranksWord(t *testing.T) {
	docs := []Document{
		{ID: "word.txt", Lang: LangID, Text: "Kontrak kerja ditulis. Kontrak sewa ditulis. Kontrak beli ditulis."},
		{ID: "syn.txt", Lang: LangID, Text: "Perjanjian ditulis."},
	}
	ix, err := NewIndex(t.Context(), docs, Options{NoTranslate: true})
	if err != nil {
		t.Fatal(err)
	}
	term := QueryTerm{Source: "kontrak", Kind: "word", Alts: [][]string{{"kontrak"}}}
	term.addWeightedAlt([]string{Stem(LangID, "perjanjian")}, synonymDiscount)
	hits, err := ix.SearchQuery(t.Context(), Query{Text: "kontrak", Lang: LangID, Terms: []QueryTerm{term}}, 5, Lexical)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) < 2 || hits[len(hits)-1].Passage.DocID != "syn.txt" {
		var ids []string
		for _, h := range hits {
			ids = append(ids, h.Passage.DocID)
		}
		t.Errorf("ranking %v: the synonym-only passage should come last", ids)
	}
}

func TestUseIndonesianThesaurus(t *testing.T) {
	prev := thesauri.Load()
	currentThesauri()
	defer thesauri.Store(prev)
	dat := "ISO-8859-1\nsurat|1\n(n)|berkas|dokumen|warkat\nberkas|1\n(n)|surat\ndokumen|1\n(n)|arsip\n"
	if err := UseIndonesianThesaurus(strings.NewReader(dat)); err != nil {
		t.Fatal(err)
	}
	got := currentThesauri()[LangID]["surat"]
	if len(got) != 1 || got[0] != "berkas" {
		t.Errorf("surat → %q, want the two-way synonym berkas only", got)
	}
	if err := UseIndonesianThesaurus(strings.NewReader("nothing here\n")); err == nil {
		t.Error("a file without entries was accepted")
	}
}
