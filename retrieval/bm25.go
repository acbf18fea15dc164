package retrieval

import (
	"math"
	"slices"
	"sync"
)

// BM25 parameters: the usual ones, which suit short passages of a few sentences.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// bm25SectionWeight is how much a term of a passage's section path (and table header) counts
// against one of its text, BM25F-style: the heading names what the passage is about, but it is
// shared by every passage of the section.
var bm25SectionWeight = 1.0

type posting struct {
	doc int32 // passage index
	// tf is the term's frequency in the passage, BM25F's pseudo-frequency: the count in the
	// text plus bm25SectionWeight times the count in the section path, the latter scaled by the
	// text's length normalisation so that it is not normalised by the text's length.
	tf float32
}

// bm25Index is an in-process BM25F index over analysed passages: their text, length-normalised
// as in Okapi BM25, and their section path, a field of its own with its own weight. Without
// section paths it is exactly Okapi BM25.
type bm25Index struct {
	vocab *vocabulary
	// postings are the posting lists by stem ID, each in passage order.
	postings [][]posting
	docLen   []int32
	// docNorm is each passage's length normalisation, k1·(1 − b + b·len/avgLen), computed once.
	docNorm []float64
	avgLen  float64
	// buffers holds per-passage score arrays for reuse: allocating them anew for every query
	// at 100,000 passages makes megabytes of garbage, and the collector then scans the whole
	// index again and again.
	buffers sync.Pool
	touched sync.Pool // *[]int32
}

// termCount is how often a stem (by ID) occurs in a passage or its section path.
type termCount struct {
	id uint32
	n  uint32
}

// countTerms returns the distinct IDs of ids with their counts, in ID order; ids is reordered.
func countTerms(ids []uint32, out []termCount) []termCount {
	slices.Sort(ids)
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		out = append(out, termCount{id: ids[i], n: uint32(j - i)})
		i = j
	}
	return out
}

// bm25Builder makes a bm25Index one passage at a time, in passage order, so that a corpus is
// indexed without holding every passage's stems at once.
type bm25Builder struct {
	ix    *bm25Index
	total int
	// sections are the section-path counts, kept until finish: a section term's pseudo-frequency
	// depends on the passage's length normalisation, which needs the mean length of them all.
	sections []sectionCount
}

type sectionCount struct {
	doc  int32
	term uint32
	n    uint32
}

func newBM25Builder(vocab *vocabulary) *bm25Builder {
	return &bm25Builder{ix: &bm25Index{vocab: vocab}}
}

// add indexes the next passage: length is its number of text stems, text and section its
// distinct text and section-path stems with their counts, each in ID order.
func (b *bm25Builder) add(length int, text, section []termCount) {
	ix := b.ix
	doc := int32(len(ix.docLen))
	ix.docLen = append(ix.docLen, int32(length))
	b.total += length
	if n := ix.vocab.len(); n > len(ix.postings) {
		ix.postings = append(ix.postings, make([][]posting, n-len(ix.postings))...)
	}
	// Text counts are whole numbers, exact in a float32 (a passage has far fewer than 2^24
	// stems); a section term's is completed by finish.
	i, j := 0, 0
	for i < len(text) || j < len(section) {
		switch {
		case j == len(section) || i < len(text) && text[i].id < section[j].id:
			ix.postings[text[i].id] = append(ix.postings[text[i].id], posting{doc: doc, tf: float32(text[i].n)})
			i++
		case i == len(text) || section[j].id < text[i].id:
			ix.postings[section[j].id] = append(ix.postings[section[j].id], posting{doc: doc})
			b.sections = append(b.sections, sectionCount{doc: doc, term: section[j].id, n: section[j].n})
			j++
		default: // the same stem in both
			ix.postings[text[i].id] = append(ix.postings[text[i].id], posting{doc: doc, tf: float32(text[i].n)})
			b.sections = append(b.sections, sectionCount{doc: doc, term: section[j].id, n: section[j].n})
			i++
			j++
		}
	}
}

// finish computes the length normalisations and the section terms' pseudo-frequencies, and
// returns the index.
func (b *bm25Builder) finish() *bm25Index {
	ix := b.ix
	if n := ix.vocab.len(); n > len(ix.postings) {
		ix.postings = append(ix.postings, make([][]posting, n-len(ix.postings))...)
	}
	if len(ix.docLen) > 0 {
		ix.avgLen = float64(b.total) / float64(len(ix.docLen))
	}
	ix.docNorm = make([]float64, len(ix.docLen))
	for i, l := range ix.docLen {
		ix.docNorm[i] = bm25K1 * (1 - bm25B + bm25B*float64(l)/ix.avgLen)
	}
	for _, s := range b.sections {
		// A section term counts as text at the text's own length normalisation:
		// tf' = tf + w·tfₛ·norm, so tf'/norm = tf/norm + w·tfₛ (BM25F with bₛ = 0). Added
		// once per occurrence, as the first implementation did, so scores stay bit for bit.
		ps := ix.postings[s.term]
		k := gallop(ps, 0, s.doc)
		norm := ix.docNorm[s.doc] / bm25K1
		tf := float64(ps[k].tf)
		for range s.n {
			tf += bm25SectionWeight * norm
		}
		ps[k].tf = float32(tf)
	}
	b.sections = nil
	return ix
}

// list returns a stem's postings.
func (ix *bm25Index) list(stem string) []posting {
	if id, ok := ix.vocab.id(stem); ok && int(id) < len(ix.postings) {
		return ix.postings[id]
	}
	return nil
}

// scoreBuffer returns a zeroed score array of one entry per passage; give it back with release.
func (ix *bm25Index) scoreBuffer() []float64 {
	if b, ok := ix.buffers.Get().(*[]float64); ok {
		return *b
	}
	return make([]float64, len(ix.docLen))
}

// release zeroes a score array from scoreBuffer and keeps it for another query.
func (ix *bm25Index) release(scores []float64) {
	clear(scores)
	ix.buffers.Put(&scores)
}

// docFreq is the number of passages holding a stem.
func (ix *bm25Index) docFreq(stem string) int { return len(ix.list(stem)) }

// idf is BM25's inverse document frequency, never negative; a stem found nowhere gets the
// highest value a stem could have.
func (ix *bm25Index) idf(stem string) float64 {
	n := float64(len(ix.docLen))
	df := float64(len(ix.list(stem)))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// addTermScores adds the BM25 contribution of one stem to scores, scaled by weight.
func (ix *bm25Index) addTermScores(scores []float64, stem string, weight float64) {
	ps := ix.list(stem)
	if len(ps) == 0 {
		return
	}
	idf := ix.idf(stem) * weight
	for _, p := range ps {
		tf := float64(p.tf)
		scores[p.doc] += idf * tf * (bm25K1 + 1) / (tf + ix.docNorm[p.doc])
	}
}

// score ranks passages for a query: each term scores as its best alternative, and a phrase
// alternative as the mean of its stems where all of them occur.
//
// A term's scores go to a scratch array that is zero outside the passages listed in touched,
// so a term costs its postings, not a pass over every passage. A score is never zero where a
// term occurs (idf and tf are positive), and adding the zeros elsewhere would change nothing.
func (ix *bm25Index) score(terms []QueryTerm, scores []float64) {
	ix.scoreSkipping(terms, scores, nil)
}

// scoreSkipping is score where skip, when set, names for a single-stem alternative (term t,
// alternative i) the passages, in order, where it does not count (see boundWords).
func (ix *bm25Index) scoreSkipping(terms []QueryTerm, scores []float64, skip func(t, i int) []int32) {
	if len(terms) == 0 || len(ix.docLen) == 0 {
		return
	}
	single := len(terms) == 1 && len(terms[0].Alts) == 1 && len(terms[0].Alts[0]) == 1
	if single && skip == nil {
		ix.addTermScores(scores, terms[0].Alts[0][0], terms[0].Weight(0))
		return
	}
	termScores := ix.scoreBuffer()
	defer ix.release(termScores)
	var touched []int32
	if p, ok := ix.touched.Get().(*[]int32); ok {
		touched = *p
	}
	defer func() { ix.touched.Put(&touched) }()
	for ti, t := range terms {
		touched = touched[:0]
		for i, alt := range t.Alts {
			if len(alt) == 1 {
				var sk []int32
				if skip != nil {
					sk = skip(ti, i)
				}
				touched = ix.maxInto(termScores, touched, alt[0], t.Weight(i), sk)
				continue
			}
			touched = ix.maxPhraseInto(termScores, touched, alt, t.Weight(i))
		}
		for _, d := range touched {
			scores[d] += termScores[d]
			termScores[d] = 0
		}
	}
}

// maxInto raises scores to a single stem's BM25 score, scaled by weight, where it is higher,
// and appends the passages whose score was zero to touched; the passages in skip (in order)
// are left out.
func (ix *bm25Index) maxInto(scores []float64, touched []int32, stem string, weight float64, skip []int32) []int32 {
	ps := ix.list(stem)
	if len(ps) == 0 {
		return touched
	}
	idf := ix.idf(stem) * weight
	for _, p := range ps {
		if len(skip) > 0 {
			if _, ok := slices.BinarySearch(skip, p.doc); ok {
				continue
			}
		}
		tf := float64(p.tf)
		if v := idf * tf * (bm25K1 + 1) / (tf + ix.docNorm[p.doc]); v > scores[p.doc] {
			if scores[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			scores[p.doc] = v
		}
	}
	return touched
}

// maxPhraseInto raises scores to a phrase's score, the mean of its stems' BM25 scores, in the
// passages that hold all of its stems, as maxInto does for one stem.
func (ix *bm25Index) maxPhraseInto(scores []float64, touched []int32, alt []string, altWeight float64) []int32 {
	weight := altWeight / float64(len(alt))
	lists := make([][]posting, len(alt))
	idfs := make([]float64, len(alt))
	for j, s := range alt {
		lists[j] = ix.list(s)
		idfs[j] = ix.idf(s) * weight
	}
	walkAll(lists, func(d int32, at []int) bool {
		var v float64
		for j, ps := range lists {
			tf := float64(ps[at[j]].tf)
			v += idfs[j] * tf * (bm25K1 + 1) / (tf + ix.docNorm[d])
		}
		if v > scores[d] {
			if scores[d] == 0 {
				touched = append(touched, d)
			}
			scores[d] = v
		}
		return true
	})
	return touched
}

// passagesWithAll returns the passages that hold every stem of a phrase, in passage order.
func (ix *bm25Index) passagesWithAll(stems []string) []int32 {
	lists := make([][]posting, len(stems))
	for j, s := range stems {
		lists[j] = ix.list(s)
	}
	var out []int32
	walkAll(lists, func(d int32, _ []int) bool { out = append(out, d); return true })
	return out
}

// anyWithAll tells whether some passage holds every stem of a phrase; it stops at the first.
func (ix *bm25Index) anyWithAll(stems []string) bool {
	lists := make([][]posting, len(stems))
	for j, s := range stems {
		if lists[j] = ix.list(s); len(lists[j]) == 0 {
			return false
		}
	}
	found := false
	walkAll(lists, func(int32, []int) bool { found = true; return false })
	return found
}

// walkAll calls fn, in passage order, for each passage found in every posting list, with its
// position in each list, until fn returns false. It walks the shortest list and gallops through
// the others.
func walkAll(lists [][]posting, fn func(doc int32, at []int) bool) {
	if len(lists) == 0 {
		return
	}
	shortest := 0
	for j := range lists {
		if len(lists[j]) < len(lists[shortest]) {
			shortest = j
		}
	}
	at := make([]int, len(lists))
	for i, p := range lists[shortest] {
		at[shortest] = i
		found := true
		for j, ps := range lists {
			if j == shortest {
				continue
			}
			k := gallop(ps, at[j], p.doc)
			if k == len(ps) {
				return // no later passage can be in every list
			}
			at[j] = k
			if ps[k].doc != p.doc {
				found = false
				break
			}
		}
		if found && !fn(p.doc, at) {
			return
		}
	}
}

// gallop returns the first position from lo on whose passage is doc or later, or len(ps).
func gallop(ps []posting, lo int, doc int32) int {
	step := 1
	hi := lo
	for hi < len(ps) && ps[hi].doc < doc {
		lo = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, len(ps))
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ps[m].doc < doc {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
