package retrieval

import (
	"slices"
	"testing"
)

func TestLoanwordSpellings(t *testing.T) {
	tests := []struct {
		word string
		from Lang
		want string // one of the spellings
	}{
		{"installation", LangEN, "instalasi"},
		{"configuration", LangEN, "konfigurasi"},
		{"directory", LangEN, "direktori"},
		{"technical", LangEN, "teknis"},
		{"active", LangEN, "aktif"},
		{"philosophy", LangEN, "filosofi"},
		{"certificate", LangEN, "sertifikat"},
		{"konfigurasi", LangID, "configuration"},
		{"partisi", LangID, "partition"},
		{"direktori", LangID, "directory"},
		{"aktif", LangID, "active"},
		{"kompilasi", LangID, "compilation"},
	}
	for _, tt := range tests {
		if got := loanwordSpellings(tt.word, tt.from); !slices.Contains(got, tt.want) {
			t.Errorf("loanwordSpellings(%q, %s) = %q, want %q among them", tt.word, tt.from, got, tt.want)
		}
	}
}

func TestLoanwordsAcrossLanguages(t *testing.T) {
	docs := []Document{
		{ID: "id.txt", Lang: LangID, Text: "Konfigurasi jaringan disimpan di direktori etc. Instalasi selesai dalam sepuluh menit."},
		{ID: "id2.txt", Lang: LangID, Text: "Simpan berkas (file) sebelum keluar. Tabel (Writer) dapat diubah. Berkas itu besar."},
	}
	ix, err := NewIndex(t.Context(), docs, Options{NoTranslate: true})
	if err != nil {
		t.Fatal(err)
	}
	q := ix.Query("installation configuration", LangEN)
	for _, term := range q.Terms {
		hits, err := ix.SearchQuery(t.Context(), Query{Text: term.Source, Lang: LangEN, Terms: []QueryTerm{term}}, 1, Lexical)
		if err != nil || len(hits) != 1 || hits[0].Passage.DocID != "id.txt" {
			t.Errorf("%q (alternatives %q): hits %v, %v; want id.txt", term.Source, term.Alts, hits, err)
		}
	}
	// The harvested gloss: "file" finds "berkas", and the other way round; "Writer" is a name.
	if got := ix.glosses[glossKey{LangEN, "file"}]; !slices.ContainsFunc(got, func(a []string) bool { return slices.Equal(a, []string{"berkas"}) }) {
		t.Errorf("glosses of file = %q, want berkas", got)
	}
	if got := ix.glosses[glossKey{LangID, "berkas"}]; len(got) != 1 || got[0][0] != "file" {
		t.Errorf("glosses of berkas = %q, want file", got)
	}
	if got := ix.glosses[glossKey{LangEN, Stem(LangEN, "writer")}]; len(got) != 0 {
		t.Errorf("a program's name was harvested as a gloss: %q", got)
	}
	q = ix.Query("file", LangEN)
	if !q.Terms[0].Matches(map[string]bool{"berkas": true}) {
		t.Errorf("file's alternatives %q lack berkas", q.Terms[0].Alts)
	}
	off, err := NewIndex(t.Context(), docs, Options{NoTranslate: true, NoLoanwords: true})
	if err != nil {
		t.Fatal(err)
	}
	if q := off.Query("installation", LangEN); len(q.Terms[0].Alts) != 1 {
		t.Errorf("NoLoanwords: alternatives %q", q.Terms[0].Alts)
	}
}
