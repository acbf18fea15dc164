package bot

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/kutip/kutip/retrieval"
)

// The extractive answerer quotes the few sentences of the retrieved passages that best cover the
// question's key terms, verbatim, and refuses when the evidence does not cover the question.

const (
	// minCoverage is the share of the question's weighted key terms that the quoted sentences
	// must support for an answer (calibrated on the dev set; see README).
	minCoverage = 0.4
	// maxQuoted is how many sentences an answer quotes at most.
	maxQuoted = 3
	// candidatePassages is how many top passages sentences are drawn from.
	candidatePassages = 5
	// lightWeight scales the weight of question-frame words.
	lightWeight = 0.3
	// contextWeight scales terms a follow-up borrowed from the question before it.
	contextWeight = 0.5
)

// weightedTerm is a key term of the question with its evidential weight: weight is what
// finding it is worth, penalty what missing it costs.
type weightedTerm struct {
	term     retrieval.QueryTerm
	weight   float64
	penalty  float64
	inCorpus bool
}

// Absence factors: how much a term missing from the quoted sentences counts against answering.
// A name or number the documents never mention is decisive; a translated word may just have been
// translated to a synonym the documents do not use; a word the dictionary did not know says little;
// question-frame words say least.
const (
	absentSameLang   = 0.8
	absentTranslated = 0.5
	absentUnknown    = 0.3
)

// weighTerms gives each key term its weight: its rarity in the corpus (BM25 idf), the highest
// for a term found nowhere.
func weighTerms(ix *retrieval.Index, terms []retrieval.QueryTerm) []weightedTerm {
	out := make([]weightedTerm, 0, len(terms))
	for _, t := range terms {
		idf, in := ix.TermRarity(t)
		w := weightedTerm{term: t, weight: idf, penalty: idf, inCorpus: in}
		switch {
		case t.Kind == "name" || t.Kind == "number":
		case t.Unknown:
			w.penalty *= absentUnknown
		case t.Translated:
			w.penalty *= absentTranslated
		case !in:
			w.penalty *= absentSameLang
		}
		if isLight(t.Source) {
			w.penalty *= lightWeight
		}
		if t.Context {
			w.weight *= contextWeight
			w.penalty *= contextWeight
		}
		out = append(out, w)
	}
	return out
}

// candidate is one sentence that might answer.
type candidate struct {
	sent    retrieval.Sentence
	passage *retrieval.Passage
	rank    int // rank of its passage
	stems   map[string]bool
	matched []bool // per weighted term
	score   float64
	docPos  int
}

// evidence is the outcome of sentence selection.
type evidence struct {
	selected []*candidate
	coverage float64
	terms    []weightedTerm
	typeOK   bool
	numbers  bool // every number of the question is in the selected sentences
	// unknownName is set when the question names something the documents never mention.
	unknownName bool
	// focusOK and nameOK say the quoted sentences hold one of the question's content words and
	// one of its names (when it has them).
	focusOK, nameOK bool
	index           *retrieval.Index
}

func (ev evidence) passageStems(c *candidate) map[string]bool {
	return ev.index.PassageStems(c.passage.ID)
}

// neighbourCredit is what a term found in the sentence's passage, but not in the sentence, is worth.
const neighbourCredit = 0.5

// gatherEvidence selects the sentences that best answer a question.
func gatherEvidence(q *Question) evidence {
	ix := q.Index
	ev := evidence{terms: weighTerms(ix, q.Query.Terms), typeOK: true, numbers: true, index: ix}
	var total float64
	for _, t := range ev.terms {
		total += t.weight
	}
	want := answerType(q.Text)
	// When the question names things the documents know, an answer sentence names one of them.
	var names []int
	for i, t := range ev.terms {
		if t.term.Kind == "name" && !t.term.Context && t.inCorpus {
			names = append(names, i)
		}
	}
	seen := make(map[string]bool)
	var cands []*candidate
	for r, h := range q.Hits {
		if r >= candidatePassages {
			break
		}
		pstems := ix.PassageStems(h.Passage.ID)
		for _, s := range h.Passage.Sentences {
			key := h.Passage.DocID + "#" + itoa(s.Start)
			if seen[key] {
				continue
			}
			seen[key] = true
			c := &candidate{sent: s, passage: h.Passage, rank: r, stems: ix.StemSet(s.Text), docPos: docPosition(ix, h.Passage.DocID)}
			c.matched = make([]bool, len(ev.terms))
			var got float64
			heavy := false
			for i, t := range ev.terms {
				switch {
				case t.term.Matches(c.stems):
					c.matched[i] = true
					got += t.weight
					if !isLight(t.term.Source) {
						heavy = true
					}
				case t.term.Matches(pstems):
					got += t.weight * neighbourCredit
				}
			}
			if !heavy || total == 0 || !anyMatched(c.matched, names) {
				continue
			}
			c.score = got/total + 0.1/float64(r+1)
			if want != "" && hasAnswerType(want, s.Text, c.stems, q) {
				c.score += 0.15
			}
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		ev.typeOK = want == ""
		return ev
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	best := cands[0]
	ev.selected = []*candidate{best}
	covered := append([]bool(nil), best.matched...)
	isSelected := func(c *candidate) bool {
		for _, s := range ev.selected {
			if s.passage.DocID == c.passage.DocID && s.sent.Start == c.sent.Start {
				return true
			}
		}
		return false
	}
	// The sentences right beside the best one often finish its thought: quote a neighbour in
	// the same paragraph when it holds more of the question's terms, or the kind of answer the
	// question wants and the best sentence lacks.
	bestTyped := want == "" || hasAnswerType(want, best.sent.Text, best.stems, q)
	var nbs []retrieval.Sentence
	if holdsFocus(ev.terms, best.matched) {
		nbs = neighbours(best)
	}
	for _, nb := range nbs {
		if len(ev.selected) >= maxQuoted {
			break
		}
		c := &candidate{sent: nb, passage: best.passage, rank: best.rank, stems: ix.StemSet(nb.Text), docPos: best.docPos}
		c.matched = make([]bool, len(ev.terms))
		gain := 0.0
		for i, t := range ev.terms {
			if t.term.Matches(c.stems) {
				c.matched[i] = true
				if !covered[i] && !isLight(t.term.Source) && !t.term.Context {
					gain += t.weight
				}
			}
		}
		typed := !bestTyped && hasAnswerType(want, nb.Text, c.stems, q)
		if gain == 0 && !typed {
			continue
		}
		ev.selected = append(ev.selected, c)
		for i, m := range c.matched {
			covered[i] = covered[i] || m
		}
		bestTyped = bestTyped || typed
	}
	// Add sentences that cover what the best one left out, or that stand right beside it
	// and score nearly as well, while they score well enough.
	for _, c := range cands[1:] {
		if len(ev.selected) >= maxQuoted {
			break
		}
		if isSelected(c) {
			continue
		}
		if c.score < best.score*0.6 {
			break
		}
		gain := 0.0
		for i, m := range c.matched {
			if m && !covered[i] && !isLight(ev.terms[i].term.Source) {
				gain += ev.terms[i].weight
			}
		}
		adjacent := c.passage.DocID == best.passage.DocID && (c.sent.End+2 >= best.sent.Start && c.sent.Start <= best.sent.End+2)
		if gain/total < 0.1 && !(adjacent && c.score >= best.score*0.8) {
			continue
		}
		ev.selected = append(ev.selected, c)
		if c.passage == best.passage {
			for i, m := range c.matched {
				covered[i] = covered[i] || m
			}
		}
	}
	// Coverage: what the best sentence and the sentences quoted beside it support (the rest of
	// its passage at half credit) against what the question asks. Terms scattered over unrelated
	// sentences are no evidence that one fact answers the question.
	var got, asked float64
	for i, t := range ev.terms {
		switch {
		case covered[i]:
			got += t.weight
			asked += t.weight
		case t.term.Matches(ix.PassageStems(best.passage.ID)):
			got += t.weight * neighbourCredit
			asked += t.weight
		default:
			asked += t.penalty
			if t.term.Kind == "number" {
				ev.numbers = false
			}
			if t.term.Kind == "name" && !t.inCorpus {
				ev.unknownName = true
			}
		}
	}
	if asked > 0 {
		ev.coverage = got / asked
	}
	// What the question asks about must be in the quoted sentences themselves: one of its
	// names, if it names anything the documents know, and one of its other content words, if
	// it has any. Otherwise the sentences only share its topic ("Kapan Kim Jong Un lahir?"
	// quoted back a sentence about Kim Jong Un).
	ev.focusOK = true
	ev.nameOK = true
	hasFocus, hasName := false, false
	focusHit, nameHit := false, false
	for i, t := range ev.terms {
		switch {
		case t.term.Context:
			// Borrowed from the previous question: context, not focus.
		case t.term.Kind == "name":
			if t.inCorpus {
				hasName = true
				nameHit = nameHit || covered[i]
			}
		case t.term.Kind == "word" && !isLight(t.term.Source):
			hasFocus = true
			focusHit = focusHit || covered[i]
		}
	}
	if hasFocus && !focusHit {
		ev.focusOK = false
	}
	if hasName && !nameHit {
		ev.nameOK = false
	}
	// The word the question's form puts in question ("which ARTICLE", "berapa PERSEN",
	// "kegiatan apa", "when was X BORN") must be among the supported ones.
	askedIdx := askedTerms(q.Text, ev.terms)
	if len(askedIdx) > 0 && !anyMatched(covered, askedIdx) {
		ev.focusOK = false
	}
	if want != "" {
		ev.typeOK = false
		for _, c := range ev.selected {
			if !hasAnswerType(want, c.sent.Text, c.stems, q) {
				continue
			}
			// A count belongs to what is counted: "berapa TON minyak" wants "500.000 ton".
			if (want == typeNumber || want == typeMoney) && len(askedIdx) > 0 && !numberNear(c.sent.Text, askedIdx, ev.terms, ix.Lang()) {
				continue
			}
			ev.typeOK = true
		}
	}
	sort.SliceStable(ev.selected, func(i, j int) bool {
		a, b := ev.selected[i], ev.selected[j]
		if a.docPos != b.docPos {
			return a.docPos < b.docPos
		}
		return a.sent.Start < b.sent.Start
	})
	return ev
}

// holdsFocus reports whether a sentence holds one of the question's own content words, or the
// question has none.
func holdsFocus(terms []weightedTerm, matched []bool) bool {
	has := false
	for i, t := range terms {
		if t.term.Kind != "word" || t.term.Context || isLight(t.term.Source) {
			continue
		}
		if matched[i] {
			return true
		}
		has = true
	}
	return !has
}

// Nouns that name the kind of answer rather than its subject ("which COUNTRY", "kota mana"):
// they are answer types, not words the answer must repeat.
var typeNouns = setOf("country", "countries", "city", "cities", "place", "places", "year", "years", "date",
	"day", "month", "person", "people", "man", "woman", "name", "names", "kind", "type", "time", "number",
	"negara", "kota", "tempat", "tahun", "tanggal", "hari", "bulan", "orang", "tokoh", "nama", "jenis", "macam",
	"waktu", "nomor", "pihak", "siapa", "apa", "mana")

// Attribute nouns: what a question asks about a thing, which a document giving the answer names.
var attributeNouns = setOf("title", "judul", "capital", "salary", "gaji", "price", "harga", "headquarters",
	"markas", "religion", "agama", "language", "bahasa", "currency", "article", "pasal", "address", "alamat",
	"motto", "slogan", "score", "skor", "birthplace", "birthday", "nickname", "website", "color", "colour", "warna")

// askedTerms finds the terms a question's form puts in question: what a count counts (after
// "how many/much" or "berapa"; type nouns skipped), else, in a when/where question, its last
// content word, the event asked about ("When was X BORN?"). It returns their indexes in terms.
func askedTerms(text string, terms []weightedTerm) []int {
	toks := retrieval.Tokenize(text)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Norm
	}
	content := func(w string) bool {
		return !retrieval.IsStopwordAny(w) && !typeNouns[w] && !isLight(w) && !isNumberWord(w)
	}
	var heads []string
	take := func(from, step int) {
		for j, n := from, 0; j >= 0 && j < len(words) && n < 2; j += step {
			w := words[j]
			if typeNouns[w] || w == "many" || w == "much" || w == "banyak" {
				continue
			}
			if !content(w) {
				// "rounds OF ammunition": a function word may join the counted noun to its
				// complement; anything else ends the phrase.
				if n > 0 && (w == "of" || w == "dari") {
					continue
				}
				if n > 0 {
					break
				}
				continue
			}
			if toks[j].Text != "" && startsUpper(toks[j].Text) && j > 0 {
				break // a name: the subject, not the head
			}
			heads = append(heads, w)
			n++
		}
	}
	wh := false
	for i, w := range words {
		// "What/which X" names a category the answer need not repeat ("which newspaper" →
		// "The Japan Times"); a count names what is counted, which it must.
		switch w {
		case "what", "which", "apa", "apakah":
			// An attribute ("what TITLE", "which ARTICLE", "apa AGAMA") is stated with its noun
			// when the documents give it, unlike a category ("which newspaper").
			j := i + 1
			for j < len(words) && retrieval.IsStopwordAny(words[j]) {
				j++ // "what was THE title"
			}
			if j < len(words) && attributeNouns[words[j]] {
				heads = append(heads, words[j])
			} else if i > 0 && w == "apa" && attributeNouns[words[i-1]] {
				heads = append(heads, words[i-1])
			}
		case "berapa", "berapakah":
			if i+1 < len(words) && (words[i+1] == "lama" || words[i+1] == "lamanya") {
				break // a duration: "dalam sepuluh tahun" need not name the thing
			}
			take(i+1, 1)
		case "how":
			if i+1 < len(words) && (words[i+1] == "many" || words[i+1] == "much") {
				take(i+2, 1)
			}
		case "when", "where", "kapan", "dimana":
			wh = true
		case "mana":
			wh = wh || (i > 0 && words[i-1] == "di")
		}
		if len(heads) > 0 {
			break
		}
	}
	if len(heads) == 0 && wh {
		for j := len(toks) - 1; j >= 0; j-- {
			if content(words[j]) && !startsUpper(toks[j].Text) {
				heads = append(heads, words[j])
				break
			}
		}
	}
	var out []int
	for i, t := range terms {
		if t.term.Context {
			continue
		}
		for _, h := range heads {
			for _, f := range strings.Fields(t.term.Source) {
				if f == h || strings.Contains(f, h) && strings.Contains(f, "-") {
					out = append(out, i)
				}
			}
		}
	}
	return out
}

func isNumberWord(w string) bool { return numberWords[w] || hasDigit(w) }

// numberNear reports whether a sentence has a number within three words of a word of the
// asked terms.
func numberNear(sentence string, asked []int, terms []weightedTerm, lang retrieval.Lang) bool {
	stems := make(map[string]bool)
	for _, i := range asked {
		for _, alt := range terms[i].term.Alts {
			for _, s := range alt {
				stems[s] = true
			}
		}
	}
	toks := retrieval.Tokenize(sentence)
	var hits, nums []int
	for i, t := range toks {
		if (hasDigit(t.Norm) && !isYearOrDate(t.Norm)) || numberWords[t.Norm] {
			nums = append(nums, i)
		}
		for _, s := range retrieval.Stems(t.Text, lang) {
			if stems[s] {
				hits = append(hits, i)
				break
			}
		}
	}
	for _, h := range hits {
		for _, n := range nums {
			if d := h - n; d >= -3 && d <= 3 {
				return true
			}
		}
	}
	return false
}

// neighbours returns the sentences just before and after a candidate in its paragraph.
func neighbours(c *candidate) []retrieval.Sentence {
	ss := c.passage.Sentences
	for i, s := range ss {
		if s.Start != c.sent.Start {
			continue
		}
		var out []retrieval.Sentence
		if i > 0 && ss[i-1].Paragraph == s.Paragraph {
			out = append(out, ss[i-1])
		}
		if i+1 < len(ss) && ss[i+1].Paragraph == s.Paragraph {
			out = append(out, ss[i+1])
		}
		return out
	}
	return nil
}

// anyMatched reports whether any of the terms at idx matched; true when idx is empty.
func anyMatched(matched []bool, idx []int) bool {
	for _, i := range idx {
		if matched[i] {
			return true
		}
	}
	return len(idx) == 0
}

// answers reports whether the evidence answers the question.
func (ev evidence) answers() bool {
	return len(ev.selected) > 0 && ev.coverage >= minCoverage && ev.typeOK && ev.numbers && !ev.unknownName && ev.focusOK && ev.nameOK
}

// extractive answers a question with verbatim sentences, or refuses.
func (a *Assistant) extractive(q *Question) Reply {
	r := Reply{Kind: KindAnswer, Lang: q.Lang, Mode: "extractive", Passages: q.Hits}
	if len(q.Hits) == 0 || len(q.Query.Terms) == 0 {
		return refusal(q, r, nil)
	}
	ev := gatherEvidence(q)
	if !ev.answers() {
		return refusal(q, r, &ev)
	}
	head := Block{{Text: txtAccording.in(q.Lang)}}
	docLang := q.Index.Lang()
	if q.Lang == LangEN && docLang == LangID {
		head = append(head, Run{Text: " " + txtQuotesInID.in(q.Lang), Style: Italic})
	} else if q.Lang == LangID && docLang == LangEN {
		head = append(head, Run{Text: " " + txtQuotesInEN.in(q.Lang), Style: Italic})
	}
	r.Blocks = append(r.Blocks, head)
	nums := make(map[string]int)
	quoteEnds := make(map[int]int) // citation number → end offset of its quote so far
	var cur Block
	lastDoc := ""
	for _, c := range ev.selected {
		n, ok := nums[c.passage.DocID]
		if !ok {
			n = len(nums) + 1
			nums[c.passage.DocID] = n
			doc := docByID(q.Index, c.passage.DocID)
			r.Citations = append(r.Citations, Citation{N: n, Doc: c.passage.DocID, Title: doc.Title, Passage: c.passage.ID})
		}
		cit := &r.Citations[n-1]
		cit.Quote = extendQuote(cit, quoteEnds[n], c, docByID(q.Index, c.passage.DocID).Text)
		quoteEnds[n] = c.sent.End
		if c.passage.DocID != lastDoc && len(cur) > 0 {
			r.Blocks = append(r.Blocks, cur)
			cur = nil
		}
		if len(cur) > 0 {
			cur = append(cur, Run{Text: " "})
		}
		cur = append(cur, Run{Text: "“" + c.sent.Text + "” [" + itoa(n) + "]"})
		lastDoc = c.passage.DocID
	}
	if len(cur) > 0 {
		r.Blocks = append(r.Blocks, cur)
	}
	r.Blocks = append(r.Blocks, SourcesFooter(q.Lang, r.Citations)...)
	return r
}

// SourcesFooter renders the sources list of an answer: "[n] file — title". Kutip writes it,
// never a model.
func SourcesFooter(lang Lang, cits []Citation) []Block {
	if len(cits) == 0 {
		return nil
	}
	b := Block{{Text: txtSources.in(lang), Style: Bold}}
	for _, c := range cits {
		b = append(b, Run{Text: "\n[" + itoa(c.N) + "] " + c.Doc + " — " + c.Title})
	}
	return []Block{b}
}

// extendQuote adds a sentence to a citation's quote so that the quote stays verbatim: the
// document's own text when the sentence follows the quote directly (whatever separates them,
// a space or a line break), " … " between sentences that are apart.
func extendQuote(cit *Citation, prevEnd int, c *candidate, docText string) string {
	if cit.Quote == "" {
		return c.sent.Text
	}
	if prevEnd <= c.sent.Start && c.sent.Start <= len(docText) && strings.TrimSpace(docText[prevEnd:c.sent.Start]) == "" {
		return cit.Quote + docText[prevEnd:c.sent.Start] + c.sent.Text
	}
	return cit.Quote + " … " + c.sent.Text
}

// refusal says the documents do not answer, with the closest passages, labelled, when some of
// the question's terms were found.
func refusal(q *Question, r Reply, ev *evidence) Reply {
	r.Kind = KindRefusal
	r.Refused = true
	r.Blocks = []Block{{{Text: txtNotFound.in(q.Lang)}}}
	if ev == nil || ev.coverage < 0.3 || len(q.Hits) == 0 {
		return r
	}
	closest := Block{{Text: txtClosest.in(q.Lang), Style: Italic}}
	for i, h := range q.Hits {
		if i == 2 {
			break
		}
		doc := docByID(q.Index, h.Passage.DocID)
		closest = append(closest, Run{Text: "\n• " + snippet(h.Passage.Text, 220) + " (" + h.Passage.DocID + " — " + doc.Title + ")"})
	}
	r.Blocks = append(r.Blocks, closest)
	return r
}

// snippet cuts text to about n bytes at a word boundary.
func snippet(text string, n int) string {
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndex(text[:n], " ")
	if cut < n/2 {
		cut = n
		for cut > 0 && !isRuneStart(text[cut]) {
			cut--
		}
	}
	return strings.TrimSpace(text[:cut]) + " …"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func docByID(ix *retrieval.Index, id string) retrieval.Document {
	if d, _, ok := ix.Document(id); ok {
		return d
	}
	return retrieval.Document{ID: id, Title: id}
}

func docPosition(ix *retrieval.Index, id string) int {
	_, i, _ := ix.Document(id)
	return i
}

// Question-frame words: they shape a question without naming what it is about, so their
// absence from the documents says little. General words of both languages, not tuned to any question.
var lightWords = setOf(
	// English
	"expect", "expects", "expected", "think", "thinks", "say", "says", "said", "tell", "told", "explain",
	"describe", "mean", "means", "meant", "happen", "happened", "happens", "do", "does", "did", "done",
	"role", "reason", "reasons", "way", "ways", "kind", "kinds", "type", "thing", "things", "want",
	"wants", "wanted", "get", "got", "make", "made", "according", "main", "first", "also", "one",
	"name", "called", "give", "gave", "given", "take", "took", "play", "plays", "played", "mention",
	"mentioned", "use", "used", "happen", "result", "purpose", "goal", "aim",
	// Indonesian
	"dimaksud", "maksud", "arti", "artinya", "jelaskan", "sebutkan", "menurut", "terjadi", "hal",
	"cara", "alasan", "sebab", "peran", "tujuan", "ingin", "mau", "dilakukan", "melakukan", "lakukan",
	"disebut", "menyebut", "dikatakan", "mengatakan", "pertama", "utama", "jenis", "macam", "bentuk",
	"kata", "apa", "saja", "lama", "jangka", "waktu", "long", "time", "period", "call", "calls",
	// Verbs that only say an event took place.
	"berlangsung", "diadakan", "digelar", "dilaksanakan", "diselenggarakan", "held", "hold", "occur",
	"occurred", "place", "took", "kalinya", "kali", "pertamanya",
	// The documents themselves: "yang disebut dalam dokumen", "according to the text".
	"dokumen", "document", "documents", "teks", "text", "texts", "artikel", "article", "articles", "tulisan",
)

func isLight(source string) bool {
	for _, w := range strings.Fields(source) {
		if !lightWords[w] {
			return false
		}
	}
	return source != ""
}

// Expected answer types, read off the question words.
const (
	typeNumber = "number" // berapa, how many
	typeMoney  = "money"  // biaya, harga, how much money
	typeDate   = "date"   // kapan, when: any date expression
	typeDay    = "day"    // tanggal berapa, what date, which day: a day, not just a year
	typeYear   = "year"   // tahun berapa, what year
	typeMonth  = "month"  // bulan apa, what month: a month name
	typeWho    = "who"
	typeWhere  = "where"
)

// answerType reads what kind of answer a question expects from its question words. The first
// cue wins, except that a more specific cue (money, day, year) refines a general one.
func answerType(text string) string {
	toks := retrieval.Tokenize(text)
	norm := make([]string, len(toks))
	for i, t := range toks {
		norm[i] = t.Norm
	}
	at := func(i int) string {
		if i >= 0 && i < len(norm) {
			return norm[i]
		}
		return ""
	}
	found := ""
	set := func(t string) {
		switch {
		case found == "":
			found = t
		case found == typeNumber && t == typeMoney,
			(found == typeDate || found == typeNumber || found == typeYear) && (t == typeDay || t == typeYear || t == typeMonth),
			found == typeMonth && t == typeDay:
			found = t
		}
	}
	for i, w := range norm {
		prev, next := at(i-1), at(i+1)
		switch w {
		case "berapa", "berapakah":
			switch prev {
			case "tahun":
				set(typeYear)
			case "tanggal", "hari", "bulan":
				set(typeDay)
			default:
				set(typeNumber)
			}
		case "how":
			if next == "many" || next == "much" || next == "long" || next == "old" {
				set(typeNumber)
			}
		case "biaya", "harga", "ongkos", "cost", "costs", "price", "money", "uang", "dana", "funding", "paid", "pay", "dibayar", "membayar":
			if found == typeNumber || prev == "how" || prev == "what" || prev == "which" || next == "berapa" || at(i+2) == "berapa" || prev == "much" {
				set(typeMoney)
			}
		case "population", "penduduk", "populasi", "jumlah", "amount", "umur", "usia", "age", "percent",
			"percentage", "persen", "height", "tinggi", "distance", "jarak", "casualties", "korban":
			set(typeNumber)
		case "salary", "gaji", "wage", "income", "pendapatan", "budget", "anggaran", "worth":
			set(typeMoney)
		case "kapan", "kapankah", "when":
			set(typeDate)
		case "year", "tahun":
			if prev == "what" || prev == "which" || next == "berapa" {
				set(typeYear)
			}
		case "date", "day", "tanggal", "hari":
			if prev == "what" || prev == "which" || prev == "exact" || next == "berapa" || next == "apa" {
				set(typeDay)
			}
		case "month", "bulan":
			if prev == "what" || prev == "which" || next == "apa" || next == "berapa" {
				set(typeMonth)
			}
		case "siapa", "siapakah", "who", "whom":
			set(typeWho)
		case "where", "dimana", "dimanakah":
			set(typeWhere)
		case "mana":
			if prev == "di" || prev == "ke" || prev == "dari" {
				set(typeWhere)
			}
		}
	}
	return found
}

var monthsAndDays = setOf(
	"januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober", "november", "desember",
	"january", "february", "march", "june", "july", "august", "october", "december",
	"senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"abad", "century", "dekade", "decade",
)

var weekdays = setOf("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

var currencies = setOf("dolar", "dollar", "dollars", "usd", "rupiah", "rp", "euro", "euros", "yuan", "won", "rubel", "ruble", "rubles", "yen", "pound", "pounds")

// isMonthTypo accepts a month name missing its last letter ("Oktobe"), a common typo in
// web text that quoting verbatim keeps.
func isMonthTypo(s string) bool {
	if len(s) < 5 {
		return false
	}
	for m := range monthsAndDays {
		if !weekdays[m] && len(m) == len(s)+1 && strings.HasPrefix(m, s) {
			return true
		}
	}
	return false
}

func isDayNumber(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && n <= 31
}

var numberWords = setOf("satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "puluh", "puluhan", "ratus", "ratusan", "ribu", "ribuan", "juta", "jutaan", "miliar", "triliun",
	"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "dozens")

// hasAnswerType reports whether a sentence holds an answer of the expected kind that the
// question itself does not already give.
func hasAnswerType(want, sentence string, stems map[string]bool, q *Question) bool {
	qwords := make(map[string]bool)
	for _, t := range retrieval.Tokenize(q.Text) {
		qwords[t.Norm] = true
	}
	toks := retrieval.Tokenize(sentence)
	for i, t := range toks {
		if qwords[t.Norm] {
			continue
		}
		switch want {
		case typeNumber:
			if (hasDigit(t.Norm) && !isYearOrDate(t.Norm)) || numberWords[t.Norm] {
				return true
			}
		case typeMoney:
			if currencies[t.Norm] || strings.HasPrefix(t.Text, "$") || strings.HasPrefix(t.Norm, "rp") && hasDigit(t.Norm) {
				return true
			}
		case typeDate:
			if isYearOrDate(t.Norm) || monthsAndDays[t.Norm] {
				return true
			}
		case typeYear:
			if isYearOrDate(t.Norm) {
				return true
			}
		case typeMonth:
			if (monthsAndDays[t.Norm] && !weekdays[t.Norm]) || strings.Count(t.Norm, "/") == 2 || isMonthTypo(t.Norm) {
				return true
			}
		case typeDay:
			// A full date, a weekday, or a day number beside a month name.
			if strings.Count(t.Norm, "/") == 2 || weekdays[t.Norm] {
				return true
			}
			if monthsAndDays[t.Norm] && ((i > 0 && isDayNumber(toks[i-1].Norm)) || (i+1 < len(toks) && isDayNumber(toks[i+1].Norm))) {
				return true
			}
		case typeWho:
			if i > 0 && startsUpper(t.Text) && !retrieval.IsStopwordAny(t.Norm) && !q.Query.MatchesWord(t.Norm) {
				return true
			}
		case typeWhere:
			// A place: a new capitalised word shortly after a locative preposition
			// ("di kota pelabuhan Vladivostok", "in Hanoi").
			if startsUpper(t.Text) && !q.Query.MatchesWord(t.Norm) && afterLocative(toks, i) {
				return true
			}
		}
	}
	return false
}

var locatives = setOf("di", "ke", "dari", "in", "at", "to", "from", "near", "dekat")

// afterLocative reports whether a locative preposition stands at most three words before toks[i].
func afterLocative(toks []retrieval.Token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if locatives[toks[j].Norm] {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func isYearOrDate(s string) bool {
	if strings.Count(s, "/") == 2 {
		return true
	}
	if len(s) == 4 && (strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) {
		return hasDigit(s) && strings.Trim(s, "0123456789") == ""
	}
	return false
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }
