package retrieval

import "testing"

func TestCorrectTypos(t *testing.T) {
	ix := queryTestIndex(t, Options{NoTranslate: true})
	tests := []struct {
		name, query string
		want        string // the stem added as an alternative, "" for none
	}{
		{"letter dropped", "konfigurasu berkas", "konfigurasi"},
		{"letter missing", "instalsi sistem", "instalasi"},
		{"neighbours swapped", "jairngan", "jaring"},
		{"long word, two slips", "konfgurasii", "konfigurasi"},
		{"short word, two slips: no", "pkate", ""},
		{"first letter wrong: no", "nonfigurasi", ""},
		{"a real word the corpus lacks: no", "kontrak", ""},
		{"an English word: no", "install", ""},
		{"a name: no", "siapa Wiraman", ""},
		{"a number: no", "versi 2021", ""},
		{"a word the corpus has: no", "partisi", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := ix.Query(tt.query, LangID)
			var got string
			for _, term := range q.Terms {
				for i, a := range term.Alts[1:] {
					if term.Weight(i+1) == 1 { // synonyms weigh less
						got = a[0]
					}
				}
			}
			if got != tt.want {
				t.Errorf("Query(%q) correction %q, want %q (terms %+v)", tt.query, got, tt.want, q.Terms)
			}
		})
	}
	off := queryTestIndex(t, Options{NoTranslate: true, NoTypos: true})
	if q := off.Query("konfigurasu", LangID); len(q.Terms[0].Alts) != 1 {
		t.Errorf("NoTypos: alternatives %q", q.Terms[0].Alts)
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"instalasi", "instalasi", 0}, {"instalsi", "instalasi", 1}, {"jairngan", "jaringan", 1},
		{"konfgurasii", "konfigurasi", 2}, {"abc", "xyz", 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, 5); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := editDistance("abcdef", "uvwxyz", 1); got != 2 {
		t.Errorf("editDistance past its limit = %d, want limit+1 = 2", got)
	}
}
