package bot

import "github.com/kutip/kutip/retrieval"

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
			if m && !covered[i] && !ev.terms[i].light {
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
	return covered
}
