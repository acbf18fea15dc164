package bot

import (
	"strconv"
	"strings"

	"github.com/kutip/kutip/retrieval"
)

// Rendering: an answer as verbatim quotes with numbered citations and a sources footer, or a
// refusal with the closest passages, labelled.

// The extractive answerer quotes the few sentences of the retrieved passages that best cover the
// question's key terms, verbatim, and refuses when the evidence does not cover the question.

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

func itoa(i int) string { return strconv.Itoa(i) }
