package retrieval

import (
	"reflect"
	"testing"
)

// TestProximityRerank ranks a passage holding the question's terms side by side above one
// holding them far apart, with BM25 scores alone equal.
func TestProximityRerank(t *testing.T) {
	docs := []Document{
		{ID: "apart.txt", Lang: LangID, Text: "Urutan dokumen ditentukan oleh pengguna sebelum pekerjaan dikirim ke alat yang mencetak halaman."},
		{ID: "near.txt", Lang: LangID, Text: "Pengguna mencetak halaman dokumen dalam urutan yang ditentukan sebelum pekerjaan dikirim ke alat."},
	}
	for _, tt := range []struct {
		name string
		opts Options
		want []string
	}{
		{"on", Options{NoTranslate: true}, []string{"near.txt", "apart.txt"}},
		{"off", Options{NoTranslate: true, NoProximity: true}, []string{"apart.txt", "near.txt"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := NewIndex(t.Context(), docs, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			hits, err := ix.SearchQuery(t.Context(), ix.Query("urutan halaman dicetak", LangID), 2, Lexical)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Passage.DocID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ranking %v, want %v", got, tt.want)
			}
		})
	}
}
