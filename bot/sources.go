package bot

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kutip/kutip/retrieval"
)

// quoteResults is how many passages /quote shows.
const quoteResults = 3

// Quote finds the passages that best match some words and quotes them verbatim, with the
// matching words marked bold.
func (a *Assistant) Quote(ctx context.Context, req Request, words string) Reply {
	words = sanitize(words)
	if utf8Len(words) > maxInput {
		words = truncateRunes(words, maxInput)
	}
	st := a.chats.get(req.ChatID)
	det := detectLang(words, a.fallbackLang(req, st))
	lang := det.Lang
	if st.langOverride != "" {
		lang = st.langOverride
	}
	ix := a.Index()
	q := ix.Query(words, det.Lang)
	r := Reply{Kind: KindQuote, Lang: lang}
	hits, err := ix.SearchQuery(ctx, q, quoteResults*2, retrieval.Hybrid)
	if err != nil && err != retrieval.ErrEmptyQuery {
		a.log.Error("quote search failed", "chat", req.ChatID, "err", err)
		return a.errorReply(req)
	}
	var shown []retrieval.Hit
	for _, h := range hits {
		if len(h.Matched) > 0 && len(shown) < quoteResults {
			shown = append(shown, h)
		}
	}
	r.Passages = shown
	if len(shown) == 0 {
		r.Blocks = []Block{{{Text: txtNoQuote.in(lang)}}}
		return r
	}
	r.Blocks = append(r.Blocks, Block{{Text: txtQuoteHead.f(lang, snippet(words, 80)), Style: Bold}})
	for i, h := range shown {
		p := h.Passage
		doc := docByID(ix, p.DocID)
		runs := Highlight(p.Text, q)
		r.Citations = append(r.Citations, Citation{N: i + 1, Doc: p.DocID, Title: doc.Title, Passage: p.ID, Quote: p.Text, Page: p.Page, Section: p.SectionPath(), Marks: boldMarks(runs)})
		blk := Block{{Text: "[" + itoa(i+1) + "] "}}
		blk = append(blk, runs...)
		blk = append(blk, Run{Text: "\n— " + p.DocID + sectionPlace(p.SectionPath()) + " — " + doc.Title + ", " + txtParagraph.in(lang) + " " + itoa(p.Paragraph), Style: Italic})
		r.Blocks = append(r.Blocks, blk)
	}
	return r
}

func utf8Len(s string) int { return len([]rune(s)) }

// Highlight splits a text into runs with the words that match a query in bold.
func Highlight(text string, q retrieval.Query) []Run {
	var runs []Run
	last := 0
	for _, t := range retrieval.Tokenize(text) {
		if !q.MatchesWord(t.Norm) || retrieval.IsStopwordAny(t.Norm) {
			continue
		}
		if t.Start > last {
			gap := Run{Text: text[last:t.Start]}
			// Spaces between two matches stay bold, so mergeRuns makes "Kim Jong Un" one run.
			if n := len(runs); n > 0 && runs[n-1].Style == Bold && strings.TrimSpace(gap.Text) == "" {
				gap.Style = Bold
			}
			runs = append(runs, gap)
		}
		runs = append(runs, Run{Text: text[t.Start:t.End], Style: Bold})
		last = t.End
	}
	if last < len(text) {
		runs = append(runs, Run{Text: text[last:]})
	}
	return mergeRuns(runs)
}

// boldMarks returns the spans of the bold runs, in bytes of the runs' text joined.
func boldMarks(runs []Run) []Mark {
	var marks []Mark
	at := 0
	for _, r := range runs {
		if r.Style == Bold {
			marks = append(marks, Mark{Start: at, End: at + len(r.Text)})
		}
		at += len(r.Text)
	}
	return marks
}

// mergeRuns joins neighbouring runs of one style, so "Kim Jong Un" is one bold run.
func mergeRuns(runs []Run) []Run {
	var out []Run
	for _, r := range runs {
		if n := len(out); n > 0 && out[n-1].Style == r.Style {
			out[n-1].Text += r.Text
			continue
		}
		out = append(out, r)
	}
	return out
}

// shortID is a document's short id as /sources lists it: its 1-based number.
func shortID(i int) string { return strconv.Itoa(i + 1) }

// Sources lists the documents with a short id, title and passage count.
func (a *Assistant) Sources(lang Lang) Reply {
	ix := a.Index()
	docs := ix.Documents()
	r := Reply{Kind: KindSources, Lang: lang}
	r.Blocks = append(r.Blocks, Block{{Text: txtSourcesHead.f(lang, len(docs)), Style: Bold}})
	var list Block
	for i, d := range docs {
		if i > 0 {
			list = append(list, Run{Text: "\n"})
		}
		n := len(ix.DocumentPassages(d.ID))
		list = append(list, Run{Text: shortID(i) + ". "}, Run{Text: d.Title, Style: Bold},
			Run{Text: " — " + d.ID + " (" + itoa(n) + " " + msg{"bagian", "passages"}.in(lang) + ")"})
	}
	r.Blocks = append(r.Blocks, list, Block{{Text: txtSourcesFoot.in(lang), Style: Italic}})
	return r
}

// FindSource resolves a /source reference as SourcePage does: a short id ("2"), a file name,
// a unique prefix of one, or a word of one title; ok is false when none or several match.
func (a *Assistant) FindSource(ref string) (doc retrieval.Document, ok bool) {
	ix := a.Index()
	i, ok := findDoc(ix, sanitize(ref))
	if !ok {
		return retrieval.Document{}, false
	}
	return ix.Documents()[i], true
}

// findDoc resolves "2", "002_c09…txt", a unique prefix of a file name, or a title word.
func findDoc(ix *retrieval.Index, ref string) (int, bool) {
	ref = strings.TrimSpace(ref)
	docs := ix.Documents()
	// A number is a short id ("2"), or the start of a file name ("002" of "002_c09…txt");
	// it never matches titles, where "9" would find any year with a 9 in it.
	n, err := strconv.Atoi(ref)
	number := err == nil
	if number && n >= 1 && n <= len(docs) && ref == strconv.Itoa(n) {
		return n - 1, true
	}
	low := strings.ToLower(ref)
	for i, d := range docs {
		if strings.ToLower(d.ID) == low {
			return i, true
		}
	}
	match := -1
	for i, d := range docs {
		if strings.HasPrefix(strings.ToLower(d.ID), low) || (!number && strings.Contains(strings.ToLower(d.Title), low)) {
			if match >= 0 {
				return 0, false
			}
			match = i
		}
	}
	return match, match >= 0
}

// sourceDoc finds the document /source names, its position and its passages.
func (a *Assistant) sourceDoc(ref string) (retrieval.Document, int, []*retrieval.Passage, bool) {
	ix := a.Index()
	i, ok := findDoc(ix, sanitize(ref))
	if !ok {
		return retrieval.Document{}, -1, nil, false
	}
	d := ix.Documents()[i]
	return d, i, ix.DocumentPassages(d.ID), true
}

// noSuchSource is the reply to /source naming no document.
func noSuchSource(lang Lang, ref string) Reply {
	return Reply{Kind: KindInfo, Lang: lang, Blocks: []Block{{{Text: txtNoSuchSource.f(lang, snippet(sanitize(ref), 60))}}}}
}

// sourcePageSize is how many passages a /source page shows.
const sourcePageSize = 3

// SourcePage shows a document's card and one page of its passages.
func (a *Assistant) SourcePage(ctx context.Context, req Request, ref string, page int) Reply {
	lang := a.replyLang(req, "")
	d, i, ps, ok := a.sourceDoc(ref)
	if !ok {
		return noSuchSource(lang, ref)
	}
	pages := max(1, (len(ps)+sourcePageSize-1)/sourcePageSize)
	if d.Pages() > 0 {
		pages = d.Pages() // a PDF's own pages
	}
	page = min(max(page, 1), pages)
	r := Reply{Kind: KindSource, Lang: lang, Source: &SourcePage{Doc: d.ID, Short: shortID(i), Page: page, Pages: pages}}
	card := Block{{Text: d.Title, Style: Bold}, {Text: "\n" + d.ID}}
	for _, kv := range [][2]string{{"source", d.Source}, {"url", d.URL}, {"date", d.Date}} {
		if kv[1] != "" {
			card = append(card, Run{Text: "\n" + kv[0] + ": " + kv[1]})
		}
	}
	card = append(card, Run{Text: "\n" + txtSourcePage.f(lang, page, pages, len(ps)), Style: Italic})
	r.Blocks = append(r.Blocks, card)
	shown := ps[(page-1)*sourcePageSize : min(page*sourcePageSize, len(ps))]
	if d.Pages() > 0 {
		shown = nil
		for _, p := range ps {
			if p.Page == page {
				shown = append(shown, p)
			}
		}
	}
	r.Blocks = append(r.Blocks, passageBlocks(shown, "")...)
	return r
}

// passageBlocks renders passages of one document for /source: each with its number, and a
// "§ section" line wherever the section changes (from the section before the first, prev).
func passageBlocks(ps []*retrieval.Passage, prev string) []Block {
	var out []Block
	for _, p := range ps {
		if sec := p.SectionPath(); sec != prev && sec != "" {
			out = append(out, Block{{Text: "§ " + sec, Style: Italic}})
		}
		prev = p.SectionPath()
		out = append(out, Block{{Text: "[" + itoa(p.Ordinal) + "] ", Style: Bold}, {Text: p.Text}})
	}
	return out
}

// sectionShown is how many passages /source shows from the start of a section.
const sectionShown = 4

// SourceSection shows a document's card and the passages of one of its sections: the first
// section, in document order, whose heading carries the number ("3.2" finds "3.2 Memasang dan
// menghapus", and "3.2.1 …" under it when no heading is numbered 3.2 itself) or holds the words
// ("memasang paket"). Its page controls go on from the page the section starts on.
func (a *Assistant) SourceSection(ctx context.Context, req Request, ref, section string) Reply {
	lang := a.replyLang(req, "")
	d, _, ps, ok := a.sourceDoc(ref)
	if !ok {
		return noSuchSource(lang, ref)
	}
	section = strings.TrimSpace(sanitize(section))
	at, depth := findSection(ps, section)
	if at < 0 {
		return Reply{Kind: KindInfo, Lang: lang, Blocks: []Block{{{Text: txtNoSuchSection.f(lang, snippet(section, 60), d.ID)}}}}
	}
	page := at/sourcePageSize + 1
	if d.Pages() > 0 {
		page = max(ps[at].Page, 1)
	}
	r := a.SourcePage(ctx, req, ref, page)
	r.Blocks = r.Blocks[:1] // the card
	prefix := ps[at].Section[:depth+1]
	var shown []*retrieval.Passage
	for _, p := range ps[at:] {
		if len(shown) == sectionShown || len(p.Section) <= depth || !slices.Equal(p.Section[:depth+1], prefix) {
			break
		}
		shown = append(shown, p)
	}
	r.Blocks = append(r.Blocks, passageBlocks(shown, "")...)
	return r
}

// findSection returns the first passage in a section matching ref, and the depth in its path of
// the heading that matched; -1 when none does. A number matches a heading numbered so (the
// dot after the number optional), else the first heading whose number starts with it; words
// match the first heading holding them all.
func findSection(ps []*retrieval.Passage, ref string) (at, depth int) {
	ref = strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(ref, "§")), ".")
	if ref == "" {
		return -1, 0
	}
	numbered := sectionNumber.MatchString(ref)
	words := strings.Fields(strings.ToLower(ref))
	match := func(h string, exact bool) bool {
		if numbered {
			num, _, _ := strings.Cut(h, " ")
			num = strings.TrimSuffix(num, ".")
			if exact {
				return num == ref
			}
			return strings.HasPrefix(num, ref+".")
		}
		low := strings.ToLower(h)
		for _, w := range words {
			if !strings.Contains(low, w) {
				return false
			}
		}
		return true
	}
	for _, exact := range []bool{true, false} {
		for i, p := range ps {
			for k, h := range p.Section {
				if match(h, exact) {
					return i, k
				}
			}
		}
		if !numbered {
			break
		}
	}
	return -1, 0
}

// sectionNumber matches a section number: "3", "3.2", "3.2.1".
var sectionNumber = regexp.MustCompile(`^\d{1,3}(?:\.\d{1,3})*$`)

// Passages shows passages verbatim by ID, for a Sources button under an answer.
func (a *Assistant) Passages(lang Lang, ids []string) Reply {
	ix := a.Index()
	r := Reply{Kind: KindQuote, Lang: lang}
	r.Blocks = append(r.Blocks, Block{{Text: txtPassagesHead.in(lang), Style: Bold}})
	for _, id := range ids {
		p := ix.Passage(id)
		if p == nil {
			continue
		}
		doc := docByID(ix, p.DocID)
		r.Blocks = append(r.Blocks, Block{{Text: p.Text}, {Text: "\n— " + p.DocID + sectionPlace(p.SectionPath()) + " — " + doc.Title + ", " + txtParagraph.in(lang) + " " + itoa(p.Paragraph) + pagePlace(lang, p.Page), Style: Italic}})
	}
	if len(r.Blocks) == 1 {
		r.Blocks = []Block{{{Text: txtExpired.in(lang)}}}
	}
	return r
}
