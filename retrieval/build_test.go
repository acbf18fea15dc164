package retrieval

import (
	"context"
	"hash/fnv"
	"math"
	"runtime/debug"
	"testing"

	"github.com/kutip/kutip/internal/testenv"
)

// refPostings is how the index was first built: every passage's stems held at once as strings,
// counted in a map, BM25F's pseudo-frequencies added up per occurrence.
func refPostings(passageStems, sectionStems [][]string) (postings map[string][]posting, docLen []int32, avgLen float64) {
	postings = make(map[string][]posting)
	docLen = make([]int32, len(passageStems))
	total := 0
	for i, stems := range passageStems {
		docLen[i] = int32(len(stems))
		total += len(stems)
	}
	avgLen = float64(total) / float64(len(passageStems))
	counts := make(map[string]float64)
	for i, stems := range passageStems {
		clear(counts)
		for _, s := range stems {
			counts[s]++
		}
		if len(sectionStems[i]) > 0 {
			norm := bm25K1 * (1 - bm25B + bm25B*float64(docLen[i])/avgLen) / bm25K1
			for _, s := range sectionStems[i] {
				counts[s] += bm25SectionWeight * norm
			}
		}
		for s, tf := range counts {
			postings[s] = append(postings[s], posting{doc: int32(i), tf: float32(tf)})
		}
	}
	for s, ps := range postings { // in passage order, as the index keeps them
		for j := 1; j < len(ps); j++ {
			for k := j; k > 0 && ps[k].doc < ps[k-1].doc; k-- {
				ps[k], ps[k-1] = ps[k-1], ps[k]
			}
		}
		postings[s] = ps
	}
	return postings, docLen, avgLen
}

// TestBuildSameAsReference checks the chunked build, with chunks of a few passages, against the
// first one: the same postings and pseudo-frequencies to the bit, the same stem sets, and local
// vectors equal to the bit to those the embedder makes from the stems as strings.
func TestBuildSameAsReference(t *testing.T) {
	defer func(n int) { analysisChunk = n }(analysisChunk)
	ctx := context.Background()
	src := seedDocs(t)
	for _, c := range []struct {
		name  string
		docs  []Document
		chunk int
		opts  Options
	}{
		{"seeds", src, 7, Options{}},
		{"seeds-one-chunk", src, 4096, Options{}},
		{"seeds-plain", src, 5, Options{PlainTerms: true}},
		{"synthetic", SyntheticDocuments(src, testenv.Size(30, 300), 2), 64, Options{}},
	} {
		analysisChunk = c.chunk
		ix, err := NewIndex(ctx, c.docs, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		textStems := make([][]string, ix.Len())
		sectionStems := make([][]string, ix.Len())
		for i := range ix.passages {
			p := &ix.passages[i]
			lang := ix.docLang(p.DocID)
			if c.opts.PlainTerms {
				textStems[i] = plainTerms(p.Text, lang)
				continue
			}
			textStems[i] = Stems(p.Text, lang)
			if ctx := passageContext(p); ctx != "" {
				sectionStems[i] = Stems(ctx, lang)
			}
		}
		sections := 0
		for _, s := range sectionStems {
			if len(s) > 0 {
				sections++
			}
		}
		if c.name == "seeds" && sections == 0 {
			t.Errorf("%s: no passage with a section path or intro: the section field is not tested", c.name)
		}
		postings, docLen, avgLen := refPostings(textStems, sectionStems)
		bm := ix.bm25
		if bm.avgLen != avgLen {
			t.Errorf("%s: avgLen %v, want %v", c.name, bm.avgLen, avgLen)
		}
		for i, l := range docLen {
			if bm.docLen[i] != l {
				t.Fatalf("%s: passage %d length %d, want %d", c.name, i, bm.docLen[i], l)
			}
		}
		if len(postings) != ix.vocab.len() {
			t.Errorf("%s: %d stems, want %d", c.name, ix.vocab.len(), len(postings))
		}
		for s, want := range postings {
			got := bm.list(s)
			if len(got) != len(want) {
				t.Fatalf("%s: %q has %d postings, want %d", c.name, s, len(got), len(want))
			}
			for j := range want {
				if got[j].doc != want[j].doc || math.Float32bits(got[j].tf) != math.Float32bits(want[j].tf) {
					t.Fatalf("%s: %q posting %d is %+v, want %+v", c.name, s, j, got[j], want[j])
				}
			}
		}
		le, _ := ix.embedder.(*LocalEmbedder)
		for i := range ix.passages {
			want := newStemSet(textStems[i])
			got := ix.PassageStems(ix.passages[i].ID)
			if len(got) != len(want) {
				t.Fatalf("%s: passage %d has stems %v, want %v", c.name, i, got, want)
			}
			for s := range want {
				if !got[s] || !ix.stemList(i).has(s) {
					t.Fatalf("%s: passage %d lacks stem %q", c.name, i, s)
				}
			}
			stems := append(append([]string(nil), textStems[i]...), sectionStems[i]...)
			v := le.weightedInto(make([]float32, le.Dim), stems, nil)
			if !chromemIsNormalized(v) {
				v = chromemNormalize(v)
			}
			row := ix.flat.row(i)
			for d := range v {
				if math.Float32bits(row[d]) != math.Float32bits(v[d]) {
					t.Fatalf("%s: passage %d vector differs in dimension %d: %v, want %v", c.name, i, d, row[d], v[d])
				}
			}
		}
	}
}

func newStemSet(stems []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range stems {
		m[s] = true
	}
	return m
}

// TestLocalFeaturesAsFNV checks the inlined hash against hash/fnv through the embedder's
// first implementation, on stems short and long, ASCII and not.
func TestLocalFeaturesAsFNV(t *testing.T) {
	e := NewLocalEmbedder(LangID)
	for _, s := range []string{"a", "ab", "abc", "abcd", "korea", "denuklirisasi", "ñandú", "500000",
		"x-y", "averyveryveryveryveryveryveryveryveryveryveryveryveryverylongstemthatspillsoverthebuffer"} {
		got := e.WeightedVector([]string{s, "nuklir"}, []float32{0.7, 1.3})
		want := refLocalVector(e, []string{s, "nuklir"}, []float32{0.7, 1.3})
		for d := range want {
			if math.Float32bits(got[d]) != math.Float32bits(want[d]) {
				t.Fatalf("%q: dimension %d is %v, want %v", s, d, got[d], want[d])
			}
		}
	}
}

// refLocalVector is the local embedder's first implementation: hash/fnv for every feature of
// every occurrence.
func refLocalVector(e *LocalEmbedder, stems []string, weights []float32) []float32 {
	v := make([]float32, e.Dim)
	if len(stems) == 0 {
		v[0] = 1
		return v
	}
	var buf [64]byte
	for i, s := range stems {
		w := float32(1)
		if weights != nil {
			w = weights[i]
		}
		refAdd(e, v, s, "w:", stemWeight*w)
		padded := append(append(append(buf[:0], '<'), s...), '>')
		if len(padded) <= 5 {
			continue
		}
		for j := 0; j+3 <= len(padded); j++ {
			refAdd(e, v, string(padded[j:j+3]), "g:", ngramWeight*w)
		}
	}
	return Normalize(v)
}

// refAdd hashes a feature to a signed bucket, which keeps collisions from biasing similarity.
func refAdd(e *LocalEmbedder, v []float32, feature, prefix string, w float32) {
	h := fnv.New64a()
	h.Write([]byte(prefix))
	h.Write([]byte(feature))
	x := h.Sum64()
	idx := int(x % uint64(e.Dim))
	if x>>63 == 1 {
		w = -w
	}
	v[idx] += w
}

// TestLowerGCRestores checks that the collector's target is lowered during builds and put back
// after the last one, and that a lower target (or the collector off) is left alone.
func TestLowerGCRestores(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	r1 := lowerGC()
	r2 := lowerGC()
	if got := debug.SetGCPercent(buildGCPercent); got != buildGCPercent {
		t.Errorf("during a build GOGC is %d, want %d", got, buildGCPercent)
	}
	r1()
	if got := debug.SetGCPercent(buildGCPercent); got != buildGCPercent {
		t.Errorf("while a second build runs GOGC is %d, want %d", got, buildGCPercent)
	}
	r2()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after the builds GOGC is %d, want 100", got)
	}
	for _, low := range []int{-1, 10} {
		debug.SetGCPercent(low)
		restore := lowerGC()
		if got := debug.SetGCPercent(low); got != low {
			t.Errorf("GOGC %d: during a build it is %d, want it left alone", low, got)
		}
		restore()
		if got := debug.SetGCPercent(100); got != low {
			t.Errorf("GOGC %d: after a build it is %d", low, got)
		}
	}
}
