package bot

import (
	"strings"

	"github.com/kutip/kutip/retrieval"
)

// Answer windows: which sentences an answer quotes. The best candidate, the sentences beside it
// that finish its thought, and other candidates that cover what it leaves out.

// selectWindow picks the sentences to quote from the candidates, best first, and returns which
// terms the best sentence and the sentences quoted beside it hold.
func (ev *evidence) selectWindow(q *Question, cands []*candidate) []bool {
	ix := ev.index
	want := ev.want
	total := totalWeight(ev.terms)
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
				if !covered[i] && !t.light && !t.term.Context {
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
	// What finishes the best sentence's thought, by the question's form (lists, colons, "after").
	limit := maxQuoted
	for _, c := range ev.complete(q, best) {
		limit++
		if isSelected(c) {
			continue
		}
		ev.selected = append(ev.selected, c)
		for i, m := range c.matched {
			covered[i] = covered[i] || m
		}
	}
	// Add sentences that cover what the best one left out, or that stand right beside it
	// and score nearly as well, while they score well enough.
	for _, c := range cands[1:] {
		if len(ev.selected) >= limit {
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
			if m && !covered[i] && !ev.terms[i].light && !ev.terms[i].term.Context {
				gain += ev.terms[i].weight
			}
		}
		adjacent := c.passage.DocID == best.passage.DocID && (c.sent.End+2 >= best.sent.Start && c.sent.Start <= best.sent.End+2)
		// After "And Russia?", each sentence naming Russia is part of the answer.
		swap := q.FollowUp && holdsOwnNames(ev.terms, c.matched)
		if gain/total < 0.1 && !(adjacent && c.score >= best.score*0.8) && !swap {
			continue
		}
		ev.selected = append(ev.selected, c)
		if c.passage == best.passage {
			for i, m := range c.matched {
				covered[i] = covered[i] || m
			}
		}
	}
	// A table row is quoted with its table's header (and caption).
	for _, c := range append([]*candidate(nil), ev.selected...) {
		for _, h := range tableIntro(ix, c) {
			if !isSelected(h) {
				ev.selected = append(ev.selected, h)
			}
		}
	}
	return covered
}

// maxListItems is how many sentences a list answer quotes at most.
const maxListItems = 8

// complete adds what finishes the best sentence's thought, by the question's form: the lines a
// sentence ending in a colon introduces, the items of a list, what follows the event an "after"
// question names. It returns the added candidates.
func (ev *evidence) complete(q *Question, best *candidate) []*candidate {
	form := formOf(q.Text)
	var next []following
	switch {
	case form.list:
		// The items that follow the best sentence, while they look like items; under a heading,
		// the sentences up to the next heading.
		heading := looksLikeHeading(best.sent.Text) && !looksLikeItem(best.sent.Text)
		for i, s := range followingSentences(q.Index, best, maxListItems) {
			item := looksLikeItem(s.sent.Text)
			switch {
			case heading && looksLikeHeading(s.sent.Text) && !item,
				heading && i >= 3 && !item,
				!heading && i > 0 && !item,
				!heading && i == 0 && !item && !endsWithColon(best.sent.Text):
			default:
				next = append(next, s)
				continue
			}
			break
		}
	case endsWithColon(best.sent.Text):
		next = followingSentences(q.Index, best, 1)
	case looksLikeHeading(best.sent.Text):
		// A heading announces; what answers is under it.
		next = followingSentences(q.Index, best, 2)
	case form.after && !form.list:
		next = followingSentences(q.Index, best, 1)
	}
	var out []*candidate
	for _, f := range next {
		c := &candidate{sent: f.sent, passage: f.passage, rank: best.rank, stems: q.Index.StemSet(f.sent.Text), docPos: best.docPos}
		c.matched = make([]bool, len(ev.terms))
		for i, t := range ev.terms {
			c.matched[i] = t.term.Matches(c.stems)
		}
		out = append(out, c)
	}
	return out
}

// following is a sentence after the best one, with the passage that holds it.
type following struct {
	sent    retrieval.Sentence
	passage *retrieval.Passage
}

// followingSentences returns up to n sentences after c in its document, crossing into the next
// passages.
func followingSentences(ix *retrieval.Index, c *candidate, n int) []following {
	var out []following
	last := c.sent.Start
	for _, p := range ix.DocumentPassages(c.passage.DocID) {
		if len(out) >= n {
			break
		}
		if len(p.Sentences) == 0 || p.Sentences[len(p.Sentences)-1].Start <= last {
			continue
		}
		for _, s := range p.Sentences {
			if s.Start > last && len(out) < n {
				out = append(out, following{s, p})
				last = s.Start
			}
		}
	}
	return out
}

// looksLikeHeading reports whether a sentence reads as a heading: short, with no closing
// punctuation.
func looksLikeHeading(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".?!:;,\"”)") {
		return false
	}
	return len(strings.Fields(s)) <= 12
}

func endsWithColon(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, ":")
}

// looksLikeItem reports whether a sentence is an item of a list or a table: a bullet, a number
// or letter with a dot or parenthesis, or a table row.
func looksLikeItem(s string) bool {
	s = strings.TrimSpace(s)
	for _, b := range []string{"•", "-", "*", "–", "□", "○", "◦", "▪", "│", "|", "·"} {
		if strings.HasPrefix(s, b) {
			return true
		}
	}
	i := 0
	for i < len(s) && i < 3 && (s[i] >= '0' && s[i] <= '9' || i == 0 && s[i] >= 'a' && s[i] <= 'z') {
		i++
	}
	return i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')')
}

// formBonus is what a sentence of the shape the question's form asks for (a reason for "why",
// a definition for "what is") adds to its score.
const formBonus = 0.1

// Causal connectives: a sentence holding one gives a reason.
var causeWords = setOf("karena", "sebab", "akibat", "lantaran", "because", "since", "due", "owing", "hence", "therefore", "sehingga", "maka", "so")

// givesReason reports whether a sentence holds a causal connective.
func givesReason(s string) bool {
	for _, t := range retrieval.Tokenize(s) {
		if causeWords[t.Norm] {
			return true
		}
	}
	return false
}

// Copulas that introduce a definition or a person: "X adalah …", "X is …", "X, yang merupakan …".
var copulas = setOf("adalah", "merupakan", "ialah", "yaitu", "yakni", "is", "was", "are", "refers", "means", "menjabat", "sebagai")

// definesTerm reports whether a sentence introduces one of the question's terms: the term near
// its start, a copula shortly after.
func definesTerm(s string, terms []weightedTerm, lang retrieval.Lang) bool {
	toks := retrieval.Tokenize(s)
	for i, t := range toks {
		if i > 6 {
			break
		}
		stems := make(map[string]bool)
		for _, st := range retrieval.Stems(t.Text, lang) {
			stems[st] = true
		}
		hit := false
		for _, wt := range terms {
			if !wt.light && !wt.term.Context && wt.term.Matches(stems) {
				hit = true
			}
		}
		if !hit {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+8; j++ {
			if copulas[toks[j].Norm] {
				return true
			}
		}
		// An apposition introduces a person: "Presiden Rusia Vladimir Putin".
		if i >= 2 && startsUpper(toks[i-1].Text) && startsUpper(toks[i-2].Text) &&
			strings.TrimSpace(s[toks[i-2].End:toks[i].Start]) == strings.TrimSpace(s[toks[i-1].Start:toks[i-1].End]) {
			return true
		}
	}
	return false
}

// holdsOwnNames reports whether a sentence holds every name of the question itself (not those
// a follow-up borrowed), and the question has some.
func holdsOwnNames(terms []weightedTerm, matched []bool) bool {
	has := false
	for i, t := range terms {
		if t.term.Kind != "name" || t.term.Context {
			continue
		}
		if !matched[i] {
			return false
		}
		has = true
	}
	return has
}

// maxIntroSentences bounds the header and caption sentences quoted with a table row.
const maxIntroSentences = 3

// tableIntro returns the sentences of the caption and header rows of the table a row belongs
// to, when the row's passage does not show them itself (Passage.Intro): verbatim document text.
func tableIntro(ix *retrieval.Index, c *candidate) []*candidate {
	p := c.passage
	if p.Intro == "" || !looksLikeItem(c.sent.Text) {
		return nil
	}
	docText := docByID(ix, p.DocID).Text
	start := strings.LastIndex(docText[:min(p.Start, len(docText))], p.Intro)
	if start < 0 {
		return nil
	}
	end := start + len(p.Intro)
	var out []*candidate
	for _, q := range ix.DocumentPassages(p.DocID) {
		if q.Start > end {
			break
		}
		for _, s := range q.Sentences {
			if s.Start >= start && s.Start < end && len(out) < maxIntroSentences {
				dup := false
				for _, o := range out {
					dup = dup || o.sent.Start == s.Start
				}
				if !dup {
					out = append(out, &candidate{sent: s, passage: q, rank: c.rank, stems: ix.StemSet(s.Text), docPos: c.docPos, matched: make([]bool, len(c.matched))})
				}
			}
		}
	}
	return out
}
