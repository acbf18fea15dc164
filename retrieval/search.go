package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	chromem "github.com/philippgille/chromem-go"
)

// Method selects the rankings a search uses.
type Method string

// The search methods; Hybrid is the default and fuses the other two.
const (
	Hybrid  Method = "hybrid"
	Lexical Method = "bm25"
	Vectors Method = "vector"
)

// Options configure an index.
type Options struct {
	Chunk ChunkOptions
	// Embedder makes the passage and query vectors; nil means a LocalEmbedder for the corpus language.
	Embedder Embedder
	// Lexicon translates queries between Indonesian and English; nil means DefaultLexicon().
	Lexicon *Lexicon
	// NoTranslate turns query translation off (for measuring what it adds).
	NoTranslate bool
	// NoColloquial leaves chat spellings in questions as they are (for measuring what
	// normalising them adds; see colloquial.go).
	NoColloquial bool
	// NoSynonyms leaves thesaurus synonyms out of queries (for measuring what they add).
	NoSynonyms bool
	// PlainTerms indexes and searches words as written, lower-cased, without stemming or any
	// other analysis but stop words: the plain BM25 baseline of kutip eval --compare.
	PlainTerms bool
	// NoLoanwords leaves out the loanword spellings and the parenthesised glosses harvested from
	// the corpus (for measuring what they add; see crosslingual.go).
	NoLoanwords bool
	// NoProximity leaves the BM25 ranking in score order, without raising passages that hold
	// consecutive question terms close together (for measuring it; see proximity.go).
	NoProximity bool
	// NoTypos leaves misspelt question words uncorrected (for measuring what correcting adds;
	// see typos.go).
	NoTypos bool
	// Store, when set, is the chromem-go collection to use; its document IDs must be the passage
	// IDs and it must hold every passage. DataDir is the usual way to a persistent one.
	Store *chromem.Collection
	// Progress, when set, is told how many passages have been embedded.
	Progress func(done, total int)
	// DataDir, when set, keeps API embeddings in a persistent, incremental store under
	// DataDir/vectors (see OpenStore), so a restart embeds only new and changed passages. The
	// LocalEmbedder ignores it and stays in memory: recomputing its vectors from the stems
	// already at hand is faster than reading them from disk. Empty: in memory.
	DataDir string
	// Logger receives the persistent store's rebuilds and repairs; nil discards them.
	Logger *slog.Logger
	// OnStore, when set, is told what opening the persistent store did.
	OnStore func(StoreStats)
}

// Index holds a corpus ready to search: its documents, passages, BM25 index and vector collection.
type Index struct {
	docs     []Document
	passages []Passage
	byID     map[string]int
	byDoc    map[string][]int
	// vocab numbers the stems of the passages; stemIDs are each passage's set of them
	// (see stemList).
	vocab   *vocabulary
	stemIDs [][]uint32
	bm25    *bm25Index
	coll    *chromem.Collection
	// flat holds the collection's vectors in passage order for fast scans (see flatVectors);
	// for a persistent store, only their quantised copy (see flatFromCollection); nil when the
	// vectors differ in length or come from Options.Store.
	flat     *flatVectors
	embedder Embedder
	lex      *Lexicon
	lang     Lang
	langs    map[Lang]int
	docLangs map[string]Lang
	docPos   map[string]int // document ID → position in docs
	opts     Options
	typos    typoVocab
	// glosses are the "istilah (term)" pairs harvested from the passages (see harvestGlosses).
	glosses map[glossKey][][]string
	// bound are the stems that occur in a passage only inside dictionary phrases (compound.go).
	bound boundWords
	// phrases are the lexicon's Indonesian phrases while the passages are analysed.
	phrases *idPhraseIndex
}

// rrfK is reciprocal rank fusion's constant (Cormack et al. 2009), used with model embeddings.
const rrfK = 60

// With the local embedder the vectors are one more bag of stems, weaker than BM25 at putting the
// passage that holds the answer first: the fusion weighs their ranking 0.3 against BM25's 1
// and, with a constant of 10 instead of 60, lets BM25's first ranks count (weighted RRF, as in
// Bruch et al. 2023, "An Analysis of Fusion Functions for Hybrid Retrieval"). Measured on the
// 11 natural question sets of five corpora (README): facts in the top-3 passages 397 -> 416 of
// 495 questions, gold document first 408 -> 423.
const (
	localRRFK         = 10
	localVectorWeight = 0.3
)

// fusion returns the rank fusion's constant and the vector ranking's weight (BM25's is 1).
func (ix *Index) fusion() (k, vectorWeight float64) {
	if _, local := ix.embedder.(*LocalEmbedder); local {
		return localRRFK, localVectorWeight
	}
	return rrfK, 1
}

// NewIndex cuts documents into passages and indexes them lexically and as vectors.
func NewIndex(ctx context.Context, docs []Document, opts Options) (*Index, error) {
	if len(docs) == 0 {
		return nil, ErrNoDocuments
	}
	if opts.Chunk.Sentences == 0 {
		opts.Chunk = DefaultChunkOptions
	}
	ix := &Index{docs: docs, byID: make(map[string]int), byDoc: make(map[string][]int), langs: make(map[Lang]int), docLangs: make(map[string]Lang), docPos: make(map[string]int), opts: opts}
	for i := range docs {
		if docs[i].Lang == "" {
			docs[i].Lang = LangID
		}
	}
	chunks := make([][]Passage, len(docs)) // cut on all cores, kept in document order
	parallel(len(docs), func(i int) { chunks[i] = Chunk(&docs[i], opts.Chunk) })
	for i := range docs {
		d := &docs[i]
		ix.langs[d.Lang]++
		ix.docLangs[d.ID] = d.Lang
		ix.docPos[d.ID] = i
		for _, p := range chunks[i] {
			ix.byID[p.ID] = len(ix.passages)
			ix.byDoc[d.ID] = append(ix.byDoc[d.ID], len(ix.passages))
			ix.passages = append(ix.passages, p)
		}
	}
	if len(ix.passages) == 0 {
		return nil, ErrNoDocuments
	}
	ix.lang = LangID
	if ix.langs[LangEN] > ix.langs[LangID] {
		ix.lang = LangEN
	}
	ix.lex = opts.Lexicon
	if ix.lex == nil && !opts.NoTranslate {
		ix.lex = DefaultLexicon()
	}
	ix.embedder = opts.Embedder
	if ix.embedder == nil {
		ix.embedder = NewLocalEmbedder(ix.lang)
	}

	if len(ix.passages) >= bigIndex {
		defer lowerGC()()
	}
	if err := ix.analyse(ctx); err != nil {
		return nil, err
	}
	if !opts.NoLoanwords && !opts.PlainTerms {
		ix.glosses = harvestGlosses(ix.passages, ix.docLang)
	}
	if len(ix.passages) >= bigIndex {
		// Analysis leaves a few hundred MB of garbage at 100,000 passages: collected now, its
		// memory takes the vectors, instead of the heap growing to twice what it was.
		runtime.GC()
	}
	if err := ix.buildVectors(ctx); err != nil {
		return nil, err
	}
	return ix, nil
}

// bigIndex is the number of passages from which NewIndex collects the garbage of analysis
// before it allocates the vectors (see docs/performance.md: peak memory).
const bigIndex = 20000

// parallel runs f for 0..n-1 on all cores.
func parallel(n int, f func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < 64 || workers == 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				f(i)
			}
		}()
	}
	wg.Wait()
}

func (ix *Index) docLang(docID string) Lang {
	if l, ok := ix.docLangs[docID]; ok {
		return l
	}
	return ix.lang
}

// embedBatch is how many passages go to the embedder at once.
const embedBatch = 64

func (ix *Index) buildVectors(ctx context.Context) error {
	if ix.opts.Store != nil {
		ix.coll = ix.opts.Store
		return nil
	}
	if _, local := ix.embedder.(*LocalEmbedder); ix.opts.DataDir != "" && !local {
		return ix.openStore(ctx)
	}
	db := chromem.NewDB()
	coll, err := db.CreateCollection("passages", nil, EmbeddingFunc(ix.embedder))
	if err != nil {
		return fmt.Errorf("create vector collection: %w", err)
	}
	ix.coll = coll
	_, local := ix.embedder.(*LocalEmbedder)
	total := len(ix.passages)
	ids := make([]string, 0, embedBatch)
	texts := make([]string, 0, embedBatch)
	for start := 0; start < total; start += embedBatch {
		end := min(start+embedBatch, total)
		ids, texts = ids[:0], texts[:0]
		for i := start; i < end; i++ {
			ids = append(ids, ix.passages[i].ID)
			if !local {
				texts = append(texts, EmbedText(&ix.passages[i]))
			}
		}
		vecs, err := ix.embedPassages(ctx, start, end, texts)
		if err != nil {
			return fmt.Errorf("embed passages: %w", err)
		}
		ix.keepFlat(start, total, vecs)
		if err := coll.Add(ctx, append([]string(nil), ids...), vecs, nil, make([]string, len(ids))); err != nil {
			return fmt.Errorf("add passages to the vector collection: %w", err)
		}
		if ix.opts.Progress != nil {
			ix.opts.Progress(end, total)
		}
	}
	if ix.flat != nil {
		ix.flat.fit()
	}
	return nil
}

// keepFlat copies a batch of vectors, from passage start on, into the flat matrix and points
// vecs at its rows, so that the collection stores the matrix's rows. Vectors of unequal length
// leave the matrix out and searches to chromem-go.
func (ix *Index) keepFlat(start, total int, vecs [][]float32) {
	if _, local := ix.embedder.(*LocalEmbedder); local {
		return // embedPassages wrote them into the matrix
	}
	if start == 0 && len(vecs) > 0 && len(vecs[0]) > 0 {
		ix.flat = newDeferredFlatVectors(total, len(vecs[0]))
	}
	if ix.flat == nil {
		return
	}
	for _, v := range vecs {
		if len(v) != ix.flat.dim {
			ix.flat = nil
			return
		}
	}
	for j := range vecs {
		vecs[j] = ix.flat.set(start+j, vecs[j])
	}
}

// embedPassages embeds passages start..end; the local embedder's vectors are already in the
// flat matrix (see analyse), and it returns its rows.
func (ix *Index) embedPassages(ctx context.Context, start, end int, texts []string) ([][]float32, error) {
	if _, ok := ix.embedder.(*LocalEmbedder); ok {
		vecs := make([][]float32, end-start)
		for i := range vecs {
			vecs[i] = ix.flat.row(start + i)
		}
		return vecs, ctx.Err()
	}
	return ix.embedder.Embed(ctx, texts)
}

// Document returns a document by ID and its position in load order (-1 and false when absent).
func (ix *Index) Document(id string) (Document, int, bool) {
	i, ok := ix.docPos[id]
	if !ok {
		return Document{}, -1, false
	}
	return ix.docs[i], i, true
}

// Documents returns the indexed documents in load order.
func (ix *Index) Documents() []Document { return ix.docs }

// EmbedderName names the embedder the vectors come from.
func (ix *Index) EmbedderName() string { return ix.embedder.Name() }

// Lang is the corpus's main language.
func (ix *Index) Lang() Lang { return ix.lang }

// Len is the number of passages.
func (ix *Index) Len() int { return len(ix.passages) }

// Passage returns a passage by ID, or nil.
func (ix *Index) Passage(id string) *Passage {
	if i, ok := ix.byID[id]; ok {
		return &ix.passages[i]
	}
	return nil
}

// DocumentPassages returns a document's passages in order.
func (ix *Index) DocumentPassages(docID string) []*Passage {
	var out []*Passage
	for _, i := range ix.byDoc[docID] {
		out = append(out, &ix.passages[i])
	}
	return out
}

// StemSet analyses a text as the passages were analysed and returns its stems as a set.
func (ix *Index) StemSet(text string) map[string]bool {
	stems := Stems(text, ix.lang)
	set := make(map[string]bool, len(stems))
	for _, s := range stems {
		set[s] = true
	}
	return set
}

// PassageStems returns the stem set of a passage, made anew for the caller.
func (ix *Index) PassageStems(id string) map[string]bool {
	if i, ok := ix.byID[id]; ok {
		return ix.stemList(i).set()
	}
	return nil
}

// TermRarity tells how specific a query term is in this corpus: the highest BM25 idf among
// its alternatives' stems that occur, and whether any alternative occurs in the corpus at all.
// Discounted alternatives (synonyms, spelling guesses) do not count.
func (ix *Index) TermRarity(t QueryTerm) (idf float64, inCorpus bool) {
	best := -1.0
	for ai, alt := range t.Alts {
		if t.Weight(ai) < 1 {
			continue // a synonym or a guess: it ranks, but does not make the term found
		}
		all := true
		for _, s := range alt {
			if ix.bm25.docFreq(s) == 0 {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		inCorpus = true
		v := 0.0
		for _, s := range alt {
			v = math.Max(v, ix.bm25.idf(s))
		}
		if best < 0 || v < best {
			best = v
		}
	}
	if !inCorpus {
		return ix.bm25.idf("\x00absent"), false
	}
	return best, true
}

// Query analyses a question asked in lang ("" means the corpus language) for searching this index.
func (ix *Index) Query(text string, lang Lang) Query {
	if lang == "" {
		lang = ix.lang
	}
	text = truncateUTF8(text, maxQueryBytes)
	if ix.opts.PlainTerms {
		return plainQuery(text, lang)
	}
	translate := !ix.opts.NoTranslate && ix.lex != nil && (lang != ix.lang || ix.langs[other(lang)] > 0)
	// A multi-word name stays one term when the corpus has it, or the lexicon knows it as a
	// whole; otherwise ("KTT Trump") its words are looked for one by one.
	keep := func(words []string) bool {
		stems := Stems(strings.Join(words, " "), lang)
		if len(stems) > 0 && ix.bm25.anyWithAll(stems) {
			return true
		}
		if ix.lex != nil {
			gs := ix.lex.Translate(words, lang, other(lang))
			return len(gs) == 1 && gs[0].Kind == "name"
		}
		return false
	}
	tw := 1.0
	if lang == ix.lang {
		tw = translationDiscount
	}
	q := buildQuery(ix.normalizeQuestion(text, lang), lang, ix.lex, translate, tw, keep)
	q.Text = text
	ix.repairStems(&q)
	ix.addLoanwords(&q, tw)
	ix.correctTypos(&q)
	ix.addSynonyms(&q)
	if !translate && !ix.opts.NoTranslate && ix.lex != nil {
		ix.translateStrangers(&q)
	}
	return q
}

// translationDiscount weighs the dictionary translations of a question asked in the corpus's
// main language: they still find the passages of the other language's documents, but never
// outrank the asker's own words (measured: Indonesian questions over the LibreOffice help, whose
// pages quote English interface terms, gold document top-3 from 70% to 87%; README).
const translationDiscount = 0.5

// maxQueryBytes bounds the text a query is analysed from; longer questions are cut.
const maxQueryBytes = 8 << 10

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// repairStems gives an Indonesian word whose stem the corpus never uses the other segmentations
// of its affixes that the corpus does use: the Snowball stemmer has no dictionary, so "pasokan"
// becomes "paso" while "memasok" becomes "pasok"; the corpus vocabulary serves as the dictionary.
func (ix *Index) repairStems(q *Query) {
	for i := range q.Terms {
		t := &q.Terms[i]
		if t.Kind != "word" || strings.Contains(t.Source, " ") {
			continue
		}
		if _, in := ix.TermRarity(*t); in {
			continue
		}
		for _, v := range affixVariants(t.Source) {
			if ix.bm25.docFreq(v) > 0 {
				t.Alts = addAlt(t.Alts, []string{v})
			}
		}
	}
}

// affixVariants strips Indonesian prefixes and suffixes from a word in every combination.
func affixVariants(w string) []string {
	suffixes := []string{"", "nya", "kan", "an", "i", "lah", "kah"}
	prefixes := []struct{ p, repl string }{
		{"", ""}, {"di", ""}, {"ke", ""}, {"se", ""}, {"ter", ""}, {"ber", ""}, {"be", ""}, {"per", ""},
		{"me", ""}, {"mem", ""}, {"mem", "p"}, {"men", ""}, {"men", "t"}, {"meng", ""}, {"meng", "k"}, {"meny", "s"},
		{"pe", ""}, {"pem", ""}, {"pem", "p"}, {"pen", ""}, {"pen", "t"}, {"peng", ""}, {"peng", "k"}, {"peny", "s"},
	}
	var out []string
	seen := map[string]bool{w: true}
	for _, suf := range suffixes {
		if !strings.HasSuffix(w, suf) {
			continue
		}
		base := w[:len(w)-len(suf)]
		for _, pre := range prefixes {
			if !strings.HasPrefix(base, pre.p) {
				continue
			}
			v := pre.repl + base[len(pre.p):]
			if len(v) >= 3 && !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// translateStrangers gives the words of a query that the corpus never uses their translation
// from the other language, when the lexicon knows one: a short English query mistaken for
// Indonesian ("peace treaty") still finds its passages.
func (ix *Index) translateStrangers(q *Query) {
	from := other(q.Lang)
	for i := range q.Terms {
		t := &q.Terms[i]
		if t.Kind != "word" {
			continue
		}
		if _, in := ix.TermRarity(*t); in {
			continue
		}
		for _, g := range ix.lex.Translate(strings.Fields(t.Source), from, q.Lang) {
			if g.Kind == "pass" {
				continue
			}
			for _, a := range g.Alternatives {
				t.Alts = addAlt(t.Alts, Stems(a, q.Lang))
			}
			t.Translated = true
		}
	}
}

// ErrEmptyQuery is returned for a query with nothing to search for.
var ErrEmptyQuery = errors.New("empty query")

// Search ranks passages for a query text with the hybrid method, detecting nothing: the query is
// taken to be in the corpus language unless it reads as the other one.
func (ix *Index) Search(ctx context.Context, text string, k int) ([]Hit, error) {
	return ix.SearchQuery(ctx, ix.Query(text, guessLang(text, ix.lang)), k, Hybrid)
}

// SearchQuery ranks passages for an analysed query with a method and returns the best k.
func (ix *Index) SearchQuery(ctx context.Context, q Query, k int, method Method) ([]Hit, error) {
	if strings.TrimSpace(q.Text) == "" {
		return nil, ErrEmptyQuery
	}
	if k <= 0 {
		k = 5
	}
	n := len(ix.passages)
	k = min(k, n)
	var lexRank, vecRank []int
	var lexScores []float64
	if method != Vectors && len(q.Terms) > 0 {
		lexScores = ix.bm25.scoreBuffer()
		ix.bm25.scoreSkipping(q.Terms, lexScores, ix.boundSkip(&q))
		lexRank = topIndices(lexScores, max(k*4, 20))
		lexRank = ix.proximityRerank(q.Terms, lexScores, lexRank)
		ix.bm25.release(lexScores)
	}
	if method != Lexical {
		var err error
		vecRank, err = ix.vectorRank(ctx, q, min(max(k*4, 20), n))
		if err != nil {
			return nil, err
		}
	}
	fused := make(map[int]float64)
	lexPos := make(map[int]int)
	vecPos := make(map[int]int)
	k0, vw := ix.fusion()
	for r, i := range lexRank {
		fused[i] += 1 / (k0 + float64(r+1))
		lexPos[i] = r + 1
	}
	for r, i := range vecRank {
		fused[i] += vw / (k0 + float64(r+1))
		vecPos[i] = r + 1
	}
	order := make([]int, 0, len(fused))
	for i := range fused {
		order = append(order, i)
	}
	sort.Slice(order, func(a, b int) bool {
		fa, fb := fused[order[a]], fused[order[b]]
		if fa != fb {
			return fa > fb
		}
		return order[a] < order[b]
	})
	if len(order) > k {
		order = order[:k]
	}
	hits := make([]Hit, 0, len(order))
	for _, i := range order {
		hits = append(hits, Hit{
			Passage: &ix.passages[i],
			Score:   fused[i],
			Lexical: lexPos[i],
			Vector:  vecPos[i],
			Matched: ix.matchedTerms(&q, i),
		})
	}
	return hits, nil
}

func (ix *Index) vectorRank(ctx context.Context, q Query, n int) ([]int, error) {
	vec, err := ix.queryVector(ctx, q)
	if err != nil {
		return nil, err
	}
	if ix.flat != nil && len(vec) == ix.flat.dim {
		return ix.flat.top(ctx, vec, n)
	}
	n = min(n, ix.coll.Count())
	if n == 0 {
		return nil, nil
	}
	res, err := ix.coll.QueryEmbedding(ctx, vec, n, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("vector search: %w", err)
	}
	out := make([]int, 0, len(res))
	for _, r := range res {
		if i, ok := ix.byID[r.ID]; ok {
			out = append(out, i)
		}
	}
	return out, nil
}

// queryVector embeds a query for the vector ranking.
func (ix *Index) queryVector(ctx context.Context, q Query) ([]float32, error) {
	var vec []float32
	if le, ok := ix.embedder.(*LocalEmbedder); ok {
		// Each term weighs its rarity, shared among its alternatives.
		var stems []string
		var weights []float32
		for _, t := range q.Terms {
			idf, _ := ix.TermRarity(t)
			// Discounted alternatives add to the term without diluting its own words.
			full := 0
			for ai := range t.Alts {
				if t.Weight(ai) >= 1 {
					full++
				}
			}
			for ai, a := range t.Alts {
				for _, s := range a {
					if ix.bm25.docFreq(s) == 0 {
						continue
					}
					stems = append(stems, s)
					weights = append(weights, float32(idf*t.Weight(ai))/float32(max(full, 1)))
				}
			}
		}
		if len(stems) == 0 {
			stems = Stems(q.EmbedText, ix.lang)
			weights = nil
		}
		vec = le.WeightedVector(stems, weights)
	} else {
		vs, err := ix.embedder.Embed(ctx, []string{q.EmbedText})
		if err != nil {
			return nil, fmt.Errorf("embed query: %w", err)
		}
		if len(vs) != 1 {
			return nil, errors.New("embed query: no vector")
		}
		vec = vs[0]
	}
	return vec, nil
}

func (ix *Index) matchedTerms(q *Query, doc int) []string {
	stems := ix.stemList(doc)
	var out []string
	for ti := range q.Terms {
		t := &q.Terms[ti]
		if !t.matchesList(stems) {
			continue
		}
		if len(ix.bound) > 0 && t.Translated && !ix.matchesUnbound(t, stems, int32(doc)) {
			continue
		}
		out = append(out, t.Source)
	}
	return out
}

// matchesUnbound reports whether some alternative of t matches passage doc other than by a
// translation bound inside a dictionary phrase there (see boundWords).
func (ix *Index) matchesUnbound(t *QueryTerm, stems stemList, doc int32) bool {
	source := Stems(t.Source, LangEN)
	for i, alt := range t.Alts {
		if len(alt) == 0 || !(QueryTerm{Alts: [][]string{alt}}).matchesList(stems) {
			continue
		}
		if s, ok := translationStem(t, i); ok && ix.bound.excludes(s, doc, source) {
			continue
		}
		return true
	}
	return false
}

// boundSkip returns, for BM25, the passages where each single-word translation of the asker's
// word is bound inside a dictionary phrase that means something else; nil when none can be.
func (ix *Index) boundSkip(q *Query) func(t, i int) []int32 {
	if len(ix.bound) == 0 {
		return nil
	}
	return func(ti, i int) []int32 {
		t := &q.Terms[ti]
		s, ok := translationStem(t, i)
		if !ok || len(ix.bound[s]) == 0 {
			return nil
		}
		source := Stems(t.Source, LangEN)
		var skip []int32
		for _, b := range ix.bound[s] {
			if ix.bound.excludes(s, b.doc, source) {
				skip = append(skip, b.doc)
			}
		}
		return skip
	}
}

// topIndices returns the indices of the n highest positive scores, best first (ties by index).
func topIndices(scores []float64, n int) []int {
	idx := make([]int, 0, n+1)
	for i, s := range scores {
		if s <= 0 {
			continue
		}
		if len(idx) == n && s <= scores[idx[n-1]] {
			continue
		}
		// insertion into a small sorted slice
		pos := sort.Search(len(idx), func(j int) bool { return scores[idx[j]] < s })
		idx = append(idx, 0)
		copy(idx[pos+1:], idx[pos:])
		idx[pos] = i
		if len(idx) > n {
			idx = idx[:n]
		}
	}
	return idx
}

// guessLang reads a text's language from its function words; ties go to def.
func guessLang(text string, def Lang) Lang {
	id, en := 0, 0
	for _, t := range Tokenize(text) {
		if IsStopword(LangID, t.Norm) {
			id++
		}
		if IsStopword(LangEN, t.Norm) {
			en++
		}
	}
	switch {
	case id > en:
		return LangID
	case en > id:
		return LangEN
	}
	return def
}

// plainTerms are a text's words, lower-cased, minus stop words: no stemming at all.
func plainTerms(text string, lang Lang) []string {
	var out []string
	for _, t := range Tokenize(text) {
		if !IsStopword(lang, t.Norm) {
			out = append(out, t.Norm)
		}
	}
	return out
}

// plainQuery is a question as plain terms, one per word (Options.PlainTerms).
func plainQuery(text string, lang Lang) Query {
	q := Query{Text: text, Lang: lang, EmbedText: text}
	for _, w := range plainTerms(text, lang) {
		q.Terms = append(q.Terms, QueryTerm{Source: w, Alts: [][]string{{w}}, Kind: "word"})
	}
	return q
}
