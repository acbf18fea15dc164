package retrieval

import (
	"context"
	"slices"
	"testing"
)

// TestBoundWords: a word translated alone does not match inside a dictionary phrase that means
// something else ("water" is not "air" in "tanah air", homeland; "ship" is not "kapal" in
// "kapal selam", submarine), but does where the phrase means it too ("air mineral") or where the
// word stands alone; phrases asked for whole still match.
func TestBoundWords(t *testing.T) {
	docs := []Document{
		{ID: "homeland.txt", Lang: LangID, Text: "Para prajurit membela tanah air mereka dengan gagah berani di perbatasan."},
		{ID: "mineral.txt", Lang: LangID, Text: "Pabrik itu menjual air mineral dalam botol kaca kepada penduduk desa."},
		{ID: "river.txt", Lang: LangID, Text: "Sungai itu membawa air keruh ke laut setelah hujan deras semalam."},
		{ID: "submarine.txt", Lang: LangID, Text: "Angkatan laut membangun kapal selam nuklir di galangan rahasia."},
		{ID: "ship.txt", Lang: LangID, Text: "Sebuah kapal dagang berlabuh di pelabuhan pada pagi hari."},
	}
	ix, err := NewIndex(context.Background(), docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  []string // documents whose passage matches the query's term, in any order
	}{
		{"water", []string{"mineral.txt", "river.txt"}},
		{"homeland", []string{"homeland.txt"}},
		{"ship", []string{"ship.txt"}},
		{"submarine", []string{"submarine.txt"}},
		{"mineral water", []string{"mineral.txt"}}, // translated whole: "air mineral"
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q := ix.Query(tt.query, LangEN)
			hits, err := ix.SearchQuery(context.Background(), q, len(docs), Lexical)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				if len(h.Matched) > 0 {
					got = append(got, h.Passage.DocID)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("BM25 hits with a match: %v, want %v", got, tt.want)
			}
			// Vector-only hits report matches by the same rule.
			all, err := ix.SearchQuery(context.Background(), q, len(docs), Vectors)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range all {
				if len(h.Matched) > 0 != slices.Contains(tt.want, h.Passage.DocID) {
					t.Errorf("%s: matched %v", h.Passage.DocID, h.Matched)
				}
			}
		})
	}
	// An Indonesian question's own words are not touched: "air" matches wherever it is.
	hits, err := ix.SearchQuery(context.Background(), ix.Query("air", LangID), len(docs), Lexical)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 3 {
		t.Errorf("Indonesian \"air\": %d hits, want 3", len(hits))
	}
}
