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
	d := ev.decide()
	r.Why = explain(&ev, d)
	var sp *span
	switch d.tier {
	case tierNone:
		return refusal(q, r, &ev)
	case tierPartial:
		// The closest the documents come, quoted and cited, but labelled as not the answer.
		r.Kind, r.Refused = KindRefusal, true
		r.Blocks = append(r.Blocks, Block{{Text: partialHead(ev.want).in(q.Lang), Style: Italic}})
	default:
		// Answer first: the exact words that answer, in bold, then the quotes they stand in.
		// (Not for "who is X?": the answer is who X is, not a name.)
		if s, ok := answerSpan(q, &ev); ok && !formOf(q.Text).define {
			sp = &s
			r.Blocks = append(r.Blocks, Block{{Text: s.text(), Style: Bold}})
			r.Why.Span = s.text()
		}
		r.Blocks = append(r.Blocks, answerHead(q, ev.selected))
	}
	body, cits := quoteBlocks(q, ev.selected, sp)
	r.Blocks = append(r.Blocks, body...)
	r.Citations = cits
	r.Blocks = append(r.Blocks, SourcesFooter(q.Lang, r.Citations)...)
	return r
}

// answerHead is the first line of an answer: "According to the documents:", and a note when the
// quotes are in the other language than the reply: the language of the documents quoted (all
// of them), not the corpus's, so an English manual quoted among Indonesian ones gets no note.
func answerHead(q *Question, selected []*candidate) Block {
	head := Block{{Text: txtAccording.in(q.Lang)}}
	docLang := quotesLang(q, selected)
	if q.Lang == LangEN && docLang == LangID {
		head = append(head, Run{Text: " " + txtQuotesInID.in(q.Lang), Style: Italic})
	} else if q.Lang == LangID && docLang == LangEN {
		head = append(head, Run{Text: " " + txtQuotesInEN.in(q.Lang), Style: Italic})
	}
	return head
}

// quotesLang is the language all the quoted documents are in, "" when they differ; the
// corpus's when nothing is quoted.
func quotesLang(q *Question, selected []*candidate) Lang {
	if len(selected) == 0 {
		return q.Index.Lang()
	}
	var lang Lang
	for _, c := range selected {
		l := docByID(q.Index, c.passage.DocID).Lang
		if l == "" {
			l = q.Index.Lang()
		}
		if lang != "" && l != lang {
			return ""
		}
		lang = l
	}
	return lang
}

// partialHead says which part of the question the documents leave open.
func partialHead(want string) msg {
	switch want {
	case typeDate, typeDay, typeYear, typeMonth:
		return txtPartialWhen
	case typeWho:
		return txtPartialWho
	case typeWhere:
		return txtPartialWhere
	case typeName:
		return txtPartialName
	case typeNumber, typeMoney:
		return txtPartialHowMuch
	}
	return txtPartial
}

// quoteBlocks renders the selected sentences as verbatim quotes, “sentence” [n], one block per
// run of sentences from one document, with the answer span in bold, and their numbered citations.
func quoteBlocks(q *Question, selected []*candidate, sp *span) ([]Block, []Citation) {
	var blocks []Block
	var cits []Citation
	nums := make(map[string]int)
	quoteEnds := make(map[int]int) // citation number → end offset of its quote so far
	var cur Block
	lastDoc := ""
	for _, c := range selected {
		n, ok := nums[c.passage.DocID]
		if !ok {
			n = len(nums) + 1
			nums[c.passage.DocID] = n
			doc := docByID(q.Index, c.passage.DocID)
			cits = append(cits, Citation{N: n, Doc: c.passage.DocID, Title: doc.Title, Passage: c.passage.ID, Page: doc.PageAt(c.sent.Start), Section: c.passage.SectionPath()})
		}
		cit := &cits[n-1]
		cit.Quote = extendQuote(cit, quoteEnds[n], c, docByID(q.Index, c.passage.DocID).Text)
		quoteEnds[n] = c.sent.End
		if c.passage.DocID != lastDoc && len(cur) > 0 {
			blocks = append(blocks, cur)
			cur = nil
		}
		if len(cur) > 0 {
			cur = append(cur, Run{Text: " "})
		}
		cur = append(cur, spanRuns(c.sent.Text, sp, c, " ["+itoa(n)+"]")...)
		lastDoc = c.passage.DocID
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}
	return blocks, cits
}

// SourcesFooter renders the sources list of an answer: "[n] file › section, page — title". Kutip writes it,
// never a model.
func SourcesFooter(lang Lang, cits []Citation) []Block {
	if len(cits) == 0 {
		return nil
	}
	b := Block{{Text: txtSources.in(lang), Style: Bold}}
	for _, c := range cits {
		b = append(b, Run{Text: "\n[" + itoa(c.N) + "] " + c.Doc + pagePlace(lang, c.Page) + sectionPlace(c.Section) + " — " + c.Title})
	}
	return []Block{b}
}

// sectionPlace is " › 3 Paket › 3.2.1 Memasang paket" for a citation from that section, "" for
// one from a document without headings: citations name the section after the file.
func sectionPlace(section string) string {
	if section == "" {
		return ""
	}
	return retrieval.SectionSep + section
}

// pagePlace is ", hlm. 12" (", p. 12" in English) for a citation on page 12, "" without a page.
func pagePlace(lang Lang, page int) string {
	if page <= 0 {
		return ""
	}
	return ", " + txtPageShort.in(lang) + " " + itoa(page)
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
