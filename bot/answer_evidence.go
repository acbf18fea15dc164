package bot

import (
	"sort"
	"strings"

	"github.com/kutip/kutip/retrieval"
)

// Evidence: the key terms of a question weighed by rarity, the candidate sentences of the top
// passages scored by the terms they hold, and what the selected sentences cover.

const (
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
	// light marks a question-frame word, or a noun naming the kind of answer ("di KOTA mana"):
	// an answer need not repeat it.
	light bool
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
func weighTerms(ix *retrieval.Index, text string, terms []retrieval.QueryTerm) []weightedTerm {
	out := make([]weightedTerm, 0, len(terms))
	asked := typeNounsAsked(text)
	for _, t := range terms {
		if t.Kind == "name" && isLight(t.Source) {
			t.Kind = "word" // "List them.": a capital at the start of a sentence, not a name
		}
		idf, in := ix.TermRarity(t)
		w := weightedTerm{term: t, weight: idf, penalty: idf, inCorpus: in, light: isLight(t.Source) || asked[t.Source]}
		switch {
		case t.Kind == "name" || t.Kind == "number":
		case t.Unknown:
			w.penalty *= absentUnknown
		case t.Translated:
			w.penalty *= absentTranslated
		case !in:
			w.penalty *= absentSameLang
		}
		if w.light {
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
	// ordinal says whether the question's ordinals stand where the answer stands
	// (ordinalMatched, ordinalNone, ordinalOther).
	ordinal float64
	// modifiersOK says every modifier of the question (default, maksimum) stands where the
	// answer stands (true with none).
	modifiersOK bool
	// unknownName is set when the question names something the documents never mention.
	unknownName bool
	// focusOK and nameOK say the quoted sentences hold one of the question's content words and
	// one of its names (when it has them).
	focusOK, nameOK bool
	index           *retrieval.Index
	// want is the expected answer type ("" for none); asked are the indexes of the terms the
	// question's form puts in question.
	want  string
	asked []int
	// askedStrict says the asked terms are nouns an answer stands beside (a role, what a count
	// counts, an attribute), not a deed or an event the answer may word otherwise.
	askedStrict bool
	// predicates are the indexes of the terms naming the question's predicate.
	predicates []int
	// how says, per term, how it matched the quoted sentences (matchExact…matchMissing).
	how []string
	// nearbyTyped is the sentence of the best one's section that gives the wanted key, menu or
	// file path (typedNearby), quoted beside it, or nil.
	nearbyTyped *candidate
	// best is the score of the best candidate sentence, bestCand the sentence.
	best     float64
	bestCand *candidate
}

func (ev evidence) passageStems(c *candidate) map[string]bool {
	return ev.index.PassageStems(c.passage.ID)
}

// neighbourCredit is what a term found in the sentence's passage, but not in the sentence, is worth.
const neighbourCredit = 0.5

// gatherEvidence selects the sentences that best answer a question and measures how well they do.
func gatherEvidence(q *Question) evidence {
	ix := q.Index
	ev := evidence{terms: weighTerms(ix, q.Text, withAnswerWords(q.Query.Terms, q.Query.Lang, ix.Lang())), typeOK: true, numbers: true, index: ix, want: answerType(q.Text)}
	cands := scoreCandidates(q, ev.terms, ev.want)
	if len(cands) == 0 {
		ev.typeOK = ev.want == ""
		return ev
	}
	ev.best, ev.bestCand = cands[0].score, cands[0]
	covered := ev.selectWindow(q, cands)
	ev.measureCoverage(covered)
	ev.checkFocus(q, covered)
	ev.how = matchKinds(q, ev.terms, covered, ev.selected)
	ev.ordinal = ev.ordinalsMatched(q)
	ev.modifiersOK = ev.modifiersMatched(q)
	sort.SliceStable(ev.selected, func(i, j int) bool {
		a, b := ev.selected[i], ev.selected[j]
		if a.docPos != b.docPos {
			return a.docPos < b.docPos
		}
		return a.sent.Start < b.sent.Start
	})
	return ev
}

// totalWeight is what all the terms together are worth.
func totalWeight(terms []weightedTerm) float64 {
	var total float64
	for _, t := range terms {
		total += t.weight
	}
	return total
}

// scoreCandidates scores every sentence of the top passages by the weight of the terms it holds
// (the rest of its passage at neighbourCredit), its passage's rank and whether it holds the
// expected answer type, best first. A sentence holding no heavy term, or none of the question's
// names the documents know, is no candidate.
func scoreCandidates(q *Question, terms []weightedTerm, want string) []*candidate {
	ix := q.Index
	total := totalWeight(terms)
	// When the question names things the documents know, an answer sentence or its passage
	// names one of them.
	var names []int
	for i, t := range terms {
		if t.term.Kind == "name" && !t.term.Context && t.inCorpus {
			names = append(names, i)
		}
	}
	form := formOf(q.Text)
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
			c.matched = make([]bool, len(terms))
			var got float64
			heavy := false
			for i, t := range terms {
				switch mw := t.term.MatchWeight(c.stems); {
				case mw > 0:
					c.matched[i] = true
					got += t.weight * mw
					if !t.light {
						heavy = true
					}
				case t.term.Matches(pstems):
					got += t.weight * neighbourCredit
				}
			}
			// (After "And Russia?", the new name must be in the sentence itself.)
			if !heavy || total == 0 || !anyMatched(c.matched, names) && (q.FollowUp || !anyIn(terms, names, pstems)) {
				continue
			}
			c.score = got/total + 0.1/float64(r+1)
			if want != "" && hasAnswerType(want, s.Text, c.stems, q) {
				c.score += 0.15
			}
			if form.why && givesReason(s.Text) || form.define && definesTerm(s.Text, terms, ix.Lang()) {
				c.score += formBonus
			}
			cands = append(cands, c)
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	return cands
}

// measureCoverage sets the coverage: what the best sentence and the sentences quoted beside it
// support (the rest of its passage at half credit) against what the question asks. Terms
// scattered over unrelated sentences are no evidence that one fact answers the question. It also
// notes a number of the question missing and a name the documents never mention.
func (ev *evidence) measureCoverage(covered []bool) {
	best := ev.selected[0]
	window := make(map[string]bool)
	for _, c := range ev.selected {
		for s := range c.stems {
			window[s] = true
		}
	}
	var got, asked float64
	for i, t := range ev.terms {
		switch {
		case covered[i]:
			// A synonym counts as much as the retrieval weighs it.
			mw := t.term.MatchWeight(window)
			if mw == 0 {
				mw = 1
			}
			got += t.weight * mw
			asked += t.weight
		case t.term.Matches(ev.index.PassageStems(best.passage.ID)):
			got += t.weight * neighbourCredit
			asked += t.weight
		default:
			asked += t.penalty
			// A code of letters and digits ("arm64", "ext4", "i386") names one thing exactly, as a
			// number does.
			if t.term.Kind == "number" || t.term.Kind == "word" && isCode(t.term.Source) {
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
}

// checkFocus sets focusOK, nameOK and typeOK. What the question asks about must be in the quoted
// sentences themselves: one of its names, if it names anything the documents know, and one of
// its other content words, if it has any. Otherwise the sentences only share its topic ("Kapan
// Kim Jong Un lahir?" quoted back a sentence about Kim Jong Un).
func (ev *evidence) checkFocus(q *Question, covered []bool) {
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
		case t.term.Kind == "word" && !t.light:
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
	// (Its presence is a feature of its own: featAsked.)
	askedIdx, strict := askedTermsStrict(q.Text, ev.terms)
	ev.asked, ev.askedStrict = askedIdx, strict
	ev.predicates = predicateTerms(q.Text, ev.terms)
	if ev.want != "" {
		ev.typeOK = false
		for _, c := range ev.selected {
			if !hasAnswerType(ev.want, c.sent.Text, c.stems, q) {
				continue
			}
			// A count belongs to what is counted: "berapa TON minyak" wants "500.000 ton".
			if (ev.want == typeNumber || ev.want == typeMoney) && len(askedIdx) > 0 && !numberNear(c.sent.Text, askedIdx, ev.terms, ev.index.Lang()) {
				continue
			}
			// A shortcut or a version belongs to what the question asks it of: the sentence
			// giving it holds one of the question's content words ("Press F5 to open the
			// Navigator" does not give the shortcut for inserting a QR code).
			// (Or the sentence typedNearby found in the best sentence's section: the section is
			// about them, "2. Pilih Perkakas - Bahasa - Kamus, atau tekan Ctrl+F7".)
			if (ev.want == typeKey || ev.want == typeVersion) && !stemsHoldFocus(ev.terms, c.stems) && c != ev.nearbyTyped {
				continue
			}
			ev.typeOK = true
		}
	}
}

// holdsFocus reports whether a sentence holds one of the question's own content words, or the
// question has none.
func holdsFocus(terms []weightedTerm, matched []bool) bool {
	has := false
	for i, t := range terms {
		if t.term.Kind != "word" || t.term.Context || t.light {
			continue
		}
		if matched[i] {
			return true
		}
		has = true
	}
	return !has
}

// stemsHoldFocus reports whether a set of stems holds one of the question's own content words
// (not a frame word, not a name), or the question has none.
func stemsHoldFocus(terms []weightedTerm, stems map[string]bool) bool {
	matched := make([]bool, len(terms))
	for i, t := range terms {
		matched[i] = t.term.MatchWeight(stems) > 0
	}
	return holdsFocus(terms, matched)
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

// How a term matched the quoted sentences.
const (
	matchExact       = "exact"       // the asker's own word
	matchStem        = "stem"        // another form of the asker's word (same stem)
	matchTranslation = "translation" // a dictionary translation of it
	matchVariant     = "variant"     // another segmentation of its affixes
	matchSynonym     = "synonym"     // a synonym or a corrected spelling, weighed less
	matchPassage     = "passage"     // not in the quoted sentences, only elsewhere in their passage
	matchMissing     = "missing"     // nowhere near the answer
)

// matchKinds says how each term matched: in the quoted sentences by the asker's own word, its
// stem, a translation or a variant; only in the best sentence's passage; or not at all.
func matchKinds(q *Question, terms []weightedTerm, covered []bool, selected []*candidate) []string {
	out := make([]string, len(terms))
	if len(selected) == 0 {
		for i := range out {
			out[i] = matchMissing
		}
		return out
	}
	words := make(map[string]bool)
	stems := make(map[string]bool)
	for _, c := range selected {
		for _, t := range retrieval.Tokenize(c.sent.Text) {
			words[t.Norm] = true
		}
		for s := range c.stems {
			stems[s] = true
		}
	}
	pstems := q.Index.PassageStems(selected[0].passage.ID)
	for i, t := range terms {
		switch {
		case covered[i] || t.term.Matches(stems):
			out[i] = matchKindIn(t.term, words, stems)
		case t.term.Matches(pstems):
			out[i] = matchPassage
		default:
			out[i] = matchMissing
		}
	}
	return out
}

// matchKindIn tells how a term found in sentences matched them: its first alternative is the
// asker's own word stemmed, the others translations or variants.
func matchKindIn(t retrieval.QueryTerm, words, stems map[string]bool) string {
	exact := true
	for _, w := range strings.Fields(t.Source) {
		exact = exact && words[w]
	}
	if exact {
		return matchExact
	}
	if len(t.Alts) > 0 && (retrieval.QueryTerm{Alts: t.Alts[:1]}).Matches(stems) {
		return matchStem
	}
	if t.MatchWeight(stems) < 1 {
		return matchSynonym
	}
	if t.Translated {
		return matchTranslation
	}
	return matchVariant
}

// anyIn reports whether one of the terms at idx occurs in a set of stems.
func anyIn(terms []weightedTerm, idx []int, stems map[string]bool) bool {
	for _, i := range idx {
		if terms[i].term.Matches(stems) {
			return true
		}
	}
	return false
}

// isCode reports whether a word is a code: letters and digits together ("arm64", "i386",
// "ext4"), not a number with a unit written as one word ("500v", "10mm", "2gb").
func isCode(w string) bool {
	if strings.ContainsAny(w, " ") || !hasDigit(w) {
		return false
	}
	letters, inner := 0, false
	for i, r := range w {
		if r >= 'a' && r <= 'z' {
			letters++
			if i > 0 && i < len(w)-1 && hasDigit(w[:i]) && hasDigit(w[i+1:]) {
				inner = true
			}
		}
	}
	// Digits then letters only ("500v", "64bit") is a measure; letters before or between digits a code.
	return letters > 0 && (w[0] < '0' || w[0] > '9' || inner)
}
