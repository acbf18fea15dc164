package retrieval

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/kutip/kutip/seeds"
)

var searchSeeds struct {
	once sync.Once
	ix   *Index
	err  error
}

// searchSeedIndex is the seed index, built once for the search tests.
func searchSeedIndex(t *testing.T) *Index {
	t.Helper()
	searchSeeds.once.Do(func() {
		docs, err := Load(seeds.FS, nil)
		if err != nil {
			searchSeeds.err = err
			return
		}
		searchSeeds.ix, searchSeeds.err = NewIndex(context.Background(), docs, Options{})
	})
	if searchSeeds.err != nil {
		t.Fatal(searchSeeds.err)
	}
	return searchSeeds.ix
}

func TestSearchFindsTheDocument(t *testing.T) {
	ix := searchSeedIndex(t)
	tests := []struct {
		query, doc string
	}{
		{"Where did Putin first meet Kim Jong Un?", "002_c095447da0f7cb9e.txt"},
		{"Di mana Putin bertemu Kim Jong Un pertama kali?", "002_c095447da0f7cb9e.txt"},
		{"How many tons of oil did the US promise North Korea every year?", "004_9e8869e5b5bb319d.txt"},
		{"Berapa ton minyak yang dijanjikan AS setiap tahun?", "004_9e8869e5b5bb319d.txt"},
		{"Who controlled the Wagner Group?", "001_e92a7b7e7d9c023f.txt"},
		{"Siapa yang mengendalikan Grup Wagner?", "001_e92a7b7e7d9c023f.txt"},
		{"What does Ri Il Gyu expect if Trump is re-elected?", "003_ce3fc14551f44ec4.txt"},
		{"Apa yang dimaksud dengan Track II Diplomacy?", "000_46b1cc380027ee1b.txt"},
		{"Six-Party Talks first round", "004_9e8869e5b5bb319d.txt"},
	}
	for _, tt := range tests {
		for _, m := range []Method{Hybrid, Lexical, Vectors} {
			q := ix.Query(tt.query, guessLang(tt.query, ix.Lang()))
			hits, err := ix.SearchQuery(t.Context(), q, 3, m)
			if err != nil {
				t.Fatalf("%q %s: %v", tt.query, m, err)
			}
			found := false
			for _, h := range hits {
				found = found || h.Passage.DocID == tt.doc
			}
			if m == Hybrid && (len(hits) == 0 || hits[0].Passage.DocID != tt.doc) {
				t.Errorf("%q: top hit %v, want %s", tt.query, hitDocs(hits), tt.doc)
			} else if m == Lexical && !found {
				t.Errorf("%q %s: top 3 %v, want %s among them", tt.query, m, hitDocs(hits), tt.doc)
			}
		}
		hits, err := ix.Search(t.Context(), tt.query, 3)
		if err != nil || len(hits) != 3 {
			t.Errorf("Search(%q): %d hits, %v", tt.query, len(hits), err)
		}
	}
}

func hitDocs(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Passage.ID)
	}
	return out
}

func TestSearchHits(t *testing.T) {
	ix := searchSeedIndex(t)
	hits, err := ix.Search(t.Context(), "jaminan keamanan Putin", 5)
	if err != nil || len(hits) != 5 {
		t.Fatalf("%d hits, %v", len(hits), err)
	}
	seen := map[string]bool{}
	for i, h := range hits {
		if seen[h.Passage.ID] {
			t.Errorf("passage %s twice", h.Passage.ID)
		}
		seen[h.Passage.ID] = true
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("hit %d scores %v above hit %d's %v", i, h.Score, i-1, hits[i-1].Score)
		}
		if h.Lexical == 0 && h.Vector == 0 {
			t.Errorf("hit %s has no rank in either ranking", h.Passage.ID)
		}
		if ix.Passage(h.Passage.ID) != h.Passage {
			t.Errorf("hit %s is not the index's passage", h.Passage.ID)
		}
	}
	if !contains(hits[0].Matched, "jaminan keamanan") || !contains(hits[0].Matched, "putin") {
		t.Errorf("top hit matched %q", hits[0].Matched)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSearchK(t *testing.T) {
	ix := searchSeedIndex(t)
	for _, tt := range []struct{ k, want int }{{1, 1}, {3, 3}, {0, 5}, {-4, 5}, {ix.Len(), ix.Len()}, {ix.Len() + 50, ix.Len()}, {1 << 30, ix.Len()}} {
		for _, m := range []Method{Hybrid, Vectors} {
			hits, err := ix.SearchQuery(t.Context(), ix.Query("Korea Utara nuklir", LangID), tt.k, m)
			if err != nil || len(hits) != tt.want {
				t.Errorf("k=%d %s: %d hits, %v; want %d", tt.k, m, len(hits), err, tt.want)
			}
		}
	}
}

func TestSearchEmptyQuery(t *testing.T) {
	ix := searchSeedIndex(t)
	for _, q := range []string{"", " ", "\n\t  "} {
		if _, err := ix.Search(t.Context(), q, 3); !errors.Is(err, ErrEmptyQuery) {
			t.Errorf("Search(%q): %v, want ErrEmptyQuery", q, err)
		}
	}
}

// TestSearchOddQueries: nothing panics, and any error is ErrEmptyQuery.
func TestSearchOddQueries(t *testing.T) {
	ix := searchSeedIndex(t)
	for name, q := range map[string]string{
		"100,000 characters": strings.Repeat("Korea Utara nuklir Putin ", 4000),
		"one huge word":      strings.Repeat("a", 100000),
		"invalid UTF-8":      "Putin \xff\xfe\xfd Vladivostok",
		"only invalid UTF-8": "\xff\xfe\xfd",
		"emoji only":         "😀🙏🔥",
		"chinese":            "朝鲜的核计划是什么？",
		"cyrillic":           "Где Путин встретил Ким Чен Ына?",
		"punctuation":        "?!.,;:—…",
		"NUL":                "\x00\x00",
		"stop words only":    "yang dan di the of",
		"numbers":            "0/0 1.2.3 ,,, 25/4/2019",
	} {
		for _, m := range []Method{Hybrid, Lexical, Vectors} {
			hits, err := ix.SearchQuery(t.Context(), ix.Query(q, LangID), 5, m)
			if err != nil && !errors.Is(err, ErrEmptyQuery) {
				t.Errorf("%s %s: %v", name, m, err)
			}
			if len(hits) > 5 {
				t.Errorf("%s %s: %d hits", name, m, len(hits))
			}
		}
	}
	// A long query still finds what it asks for.
	hits, err := ix.Search(t.Context(), strings.Repeat("Putin Vladivostok ", 6000), 3)
	if err != nil || len(hits) == 0 || hits[0].Passage.DocID != "002_c095447da0f7cb9e.txt" {
		t.Errorf("long query: %v, %v", hitDocs(hits), err)
	}
}

func TestSearchCancelled(t *testing.T) {
	ix := searchSeedIndex(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	// The local embedder needs no I/O; a cancelled search either finishes or says why.
	if _, err := ix.Search(ctx, "Putin", 3); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search: %v", err)
	}
}

func TestSearchConcurrent(t *testing.T) {
	ix := searchSeedIndex(t)
	want, _ := ix.Search(t.Context(), "Where did Putin first meet Kim Jong Un?", 5)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := ix.Search(context.Background(), "Where did Putin first meet Kim Jong Un?", 5)
			if err != nil || strings.Join(hitDocs(got), " ") != strings.Join(hitDocs(want), " ") {
				t.Errorf("concurrent search: %v, %v", hitDocs(got), err)
			}
		}()
	}
	wg.Wait()
}

func TestPlainTerms(t *testing.T) {
	ix := queryTestIndex(t, Options{NoTranslate: true, PlainTerms: true})
	q := ix.Query("Siapa yang menulis laporan?", LangID)
	if len(q.Terms) != 2 || q.Terms[0].Alts[0][0] != "menulis" {
		t.Fatalf("plain terms %+v, want menulis, laporan unstemmed", q.Terms)
	}
	hits, err := ix.SearchQuery(t.Context(), q, 1, Lexical)
	if err != nil || len(hits) != 1 || hits[0].Passage.DocID != "a.txt" {
		t.Errorf("hits %v, %v: want a.txt", hits, err)
	}
	if q := ix.Query("tulis", LangID); len(q.Terms) != 1 {
		t.Fatal(q.Terms)
	} else if hits, _ := ix.SearchQuery(t.Context(), q, 1, Lexical); len(hits) != 0 {
		t.Errorf("plain BM25 matched a stem: %v", hits)
	}
}

// TestTranslationsDiscountedInTheCorpusLanguage checks that a question in the corpus's main
// language weighs its translations below its own words, and one in the other language does not.
func TestTranslationsDiscountedInTheCorpusLanguage(t *testing.T) {
	docs := []Document{
		{ID: "id1.txt", Lang: LangID, Text: "Minyak dijual oleh negara itu setiap tahun."},
		{ID: "id2.txt", Lang: LangID, Text: "Harga minyak naik pada bulan Mei."},
		{ID: "en.txt", Lang: LangEN, Text: "The oil price went up in May."},
	}
	ix, err := NewIndex(t.Context(), docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := ix.Query("minyak", LangID)
	if len(q.Terms) != 1 || len(q.Terms[0].Alts) < 2 {
		t.Fatalf("terms %+v: want minyak with its translation", q.Terms)
	}
	for i, a := range q.Terms[0].Alts {
		if a[0] == "oil" && q.Terms[0].Weight(i) != translationDiscount {
			t.Errorf("translation oil weighs %v, want %v", q.Terms[0].Weight(i), translationDiscount)
		}
	}
	if q.Terms[0].Weight(0) != 1 {
		t.Errorf("the asker's word weighs %v", q.Terms[0].Weight(0))
	}
	q = ix.Query("oil", LangEN)
	for i := range q.Terms[0].Alts {
		if q.Terms[0].Weight(i) != 1 {
			t.Errorf("question in the other language: alternative %q weighs %v, want 1", q.Terms[0].Alts[i], q.Terms[0].Weight(i))
		}
	}
}

// TestFusionWeighsLocalVectorsLess: with the local embedder, BM25's ranking counts more than the
// vectors' (weighted RRF, constant 10, vectors 0.3): a passage BM25 ranks first and the vectors
// ignore beats one both rank fifth, which plain RRF (60, equal weights) ranks above it. Model
// embeddings keep plain RRF.
func TestFusionWeighsLocalVectorsLess(t *testing.T) {
	docs := []Document{{ID: "a.txt", Lang: LangEN, Text: "Plain text about something else entirely."}}
	ix, err := NewIndex(t.Context(), docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	k, w := ix.fusion()
	if k != localRRFK || w != localVectorWeight {
		t.Fatalf("local embedder: fusion %v, %v", k, w)
	}
	if first, both5 := 1/(k+1), (1+w)/(k+5); first <= both5 {
		t.Errorf("BM25's first (%.4f) does not beat fifth in both (%.4f)", first, both5)
	}
	if first, both5 := 1.0/(rrfK+1), 2.0/(rrfK+5); first >= both5 {
		t.Errorf("plain RRF: first %.4f, fifth in both %.4f", first, both5)
	}
	api, err := NewIndex(t.Context(), docs, Options{Embedder: denseEmbedder{dim: 16}})
	if err != nil {
		t.Fatal(err)
	}
	if k, w := api.fusion(); k != rrfK || w != 1 {
		t.Errorf("model embedder: fusion %v, %v, want plain RRF", k, w)
	}
}
