package retrieval

import (
	"context"
	"runtime/debug"
	"sync"
)

// analysisChunk is how many passages NewIndex analyses at once. Analysis makes a string for
// every token; a chunk's are dropped once its stems are numbered, its postings appended and its
// local vectors made, so the build never holds the tokens of the whole corpus (at a million
// passages they were some 2 GB, and the collector let the heap grow to twice that).
var analysisChunk = 4096

// unnumbered marks, during analysis, a stem the vocabulary does not have yet.
const unnumbered = ^uint32(0)

// analysedPassage is one passage of a chunk between its analysis and its indexing.
type analysedPassage struct {
	// ids are the stem IDs of the text, then of the section path and intro, in text order;
	// unnumbered for the stems in fresh, in order, until the chunk is numbered.
	ids   []uint32
	nText int
	fresh []string
	// text and section are the distinct stems with their counts, in ID order.
	text, section []termCount
	// bound are the stems bound inside dictionary phrases (see boundStems).
	bound map[string][]string
}

// analyse indexes the passages by their stems, a chunk at a time: BM25's postings, each
// passage's stem set, and, for the local embedder, the vectors, written into the flat matrix.
func (ix *Index) analyse(ctx context.Context) error {
	n := len(ix.passages)
	ix.vocab = newVocabulary()
	bm := newBM25Builder(ix.vocab)
	ix.stemIDs = make([][]uint32, n)
	le, local := ix.embedder.(*LocalEmbedder)
	local = local && ix.opts.Store == nil
	var feats featureTable
	if local {
		ix.flat = newDeferredFlatVectors(n, le.Dim)
	}
	var bound *boundWordsBuilder
	if !ix.opts.NoTranslate && !ix.opts.PlainTerms && ix.lex != nil {
		ix.phrases = ix.lex.idPhrases()
		bound = newBoundWordsBuilder()
	}
	canonical := func(s string) string {
		if id, ok := ix.vocab.id(s); ok {
			return ix.vocab.terms[id]
		}
		return s
	}
	work := make([]analysedPassage, min(analysisChunk, n))
	for start := 0; start < n; start += analysisChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		w := work[:min(analysisChunk, n-start)]
		parallel(len(w), func(k int) { w[k] = ix.analysePassage(&ix.passages[start+k]) })
		for k := range w { // numbered in passage order, so IDs do not depend on the cores
			a := &w[k]
			for j, id := range a.ids {
				if id == unnumbered {
					a.ids[j] = ix.vocab.add(a.fresh[0])
					a.fresh = a.fresh[1:]
				}
			}
			a.fresh = nil
		}
		if local {
			feats.extend(le, ix.vocab)
		}
		parallel(len(w), func(k int) {
			a := &w[k]
			if local {
				row := ix.flat.row(start + k)
				feats.vectorInto(le, row, a.ids)
				ix.flat.finish(start + k)
			}
			a.text = countTerms(a.ids[:a.nText], nil)
			if a.nText < len(a.ids) {
				a.section = countTerms(a.ids[a.nText:], nil)
			}
		})
		distinct := 0
		for k := range w {
			distinct += len(w[k].text)
		}
		arena := make([]uint32, 0, distinct) // the chunk's stem sets, in one allocation
		for k := range w {
			a := &w[k]
			from := len(arena)
			for _, tc := range a.text {
				arena = append(arena, tc.id)
			}
			ix.stemIDs[start+k] = arena[from:len(arena):len(arena)]
			bm.add(a.nText, a.text, a.section)
			if a.bound != nil {
				bound.add(int32(start+k), a.bound, canonical)
			}
			*a = analysedPassage{}
		}
	}
	ix.bm25 = bm.finish()
	if bound != nil {
		ix.bound = bound.words
	}
	ix.phrases = nil
	return nil
}

// analysePassage analyses a passage's text and, as a field of its own, its section path and
// intro (see passageContext), and numbers the stems the vocabulary has. It only reads the
// vocabulary, so passages are analysed on all cores.
func (ix *Index) analysePassage(p *Passage) analysedPassage {
	lang := ix.docLang(p.DocID)
	var stems []string
	var a analysedPassage
	if ix.opts.PlainTerms {
		stems = plainTerms(p.Text, lang) // the baseline: no section field either
		a.nText = len(stems)
	} else {
		// Stems, and the words with the stems of each for the dictionary phrases of an
		// Indonesian passage (boundStems): one pass over the text for both.
		phrases := ix.phrases
		if lang != LangID {
			phrases = nil
		}
		var words []string
		var ends []int
		stems = make([]string, 0, len(p.Text)/6+1)
		scanTokens(p.Text, func(word string, _, _ int) {
			w := normalizeWord(word)
			stems = appendWordStems(stems, w, lang)
			if phrases != nil {
				words = append(words, w)
				ends = append(ends, len(stems))
			}
		})
		a.nText = len(stems)
		if phrases != nil {
			a.bound = boundStems(phrases, words, stems, ends)
		}
		if ctx := passageContext(p); ctx != "" {
			stems = appendStems(stems, ctx, lang)
		}
	}
	a.ids = make([]uint32, len(stems))
	for j, s := range stems {
		if id, ok := ix.vocab.id(s); ok {
			a.ids[j] = id
		} else {
			a.ids[j] = unnumbered
			a.fresh = append(a.fresh, s)
		}
	}
	return a
}

// featureTable holds the local embedder's features of each stem of a vocabulary, by ID
// (see LocalEmbedder.appendFeatures): a stem is hashed once, not at each of its occurrences.
type featureTable struct {
	start []uint32 // start[id] is where the features of stem id begin in feats
	feats []localFeature
}

// extend adds the features of the stems numbered since the last call.
func (t *featureTable) extend(le *LocalEmbedder, v *vocabulary) {
	if len(t.start) == 0 {
		t.start = append(t.start, 0)
	}
	for id := len(t.start) - 1; id < v.len(); id++ {
		t.feats = le.appendFeatures(t.feats, v.terms[id])
		t.start = append(t.start, uint32(len(t.feats)))
	}
}

// vectorInto is LocalEmbedder.weightedInto for stems given by ID, all of weight 1: the same
// additions in the same order, so the same vector to the bit.
func (t *featureTable) vectorInto(le *LocalEmbedder, v []float32, ids []uint32) {
	if len(ids) == 0 {
		v[0] = 1
		return
	}
	for _, id := range ids {
		le.addFeatures(v, t.feats[t.start[id]:t.start[id+1]], 1)
	}
	Normalize(v)
}

// stemList returns passage i's stem set.
func (ix *Index) stemList(i int) stemList { return stemList{ids: ix.stemIDs[i], vocab: ix.vocab} }

// buildGCPercent is the collector's target (GOGC) while NewIndex builds an index of bigIndex
// passages or more. At Go's default of 100 the heap grows to twice what was live at the last
// collection before the next one, and most of what is live during a build is the index itself
// (the vector matrix is allocated first): analysis's garbage made the peak about twice the
// index. Lower, the collector runs more often during the build, which costs some CPU and
// keeps the peak near what the index keeps (docs/performance.md).
var buildGCPercent = 25

// buildGC counts the builds running, so that the first lowers the target and the last puts
// back what it was.
var buildGC struct {
	sync.Mutex
	running int
	prev    int
}

// lowerGC lowers the collector's target to buildGCPercent, unless it is lower already (or off),
// and returns the function that puts it back.
func lowerGC() (restore func()) {
	buildGC.Lock()
	defer buildGC.Unlock()
	if buildGC.running == 0 {
		buildGC.prev = debug.SetGCPercent(buildGCPercent)
		if buildGC.prev < 0 || buildGC.prev <= buildGCPercent {
			debug.SetGCPercent(buildGC.prev)
		}
	}
	buildGC.running++
	return func() {
		buildGC.Lock()
		defer buildGC.Unlock()
		if buildGC.running--; buildGC.running == 0 {
			debug.SetGCPercent(buildGC.prev)
		}
	}
}
