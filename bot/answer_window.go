package bot

import (
	"strings"
	"unicode"

	"github.com/kutip/kutip/retrieval"
)

// Answer windows: which sentences an answer quotes. The best candidate, the sentences beside it
// that finish its thought, and other candidates that cover what it leaves out.

// selectWindow picks the sentences to quote from the candidates, best first, and returns which
// terms the best sentence and the sentences quoted beside it hold.
func (ev *evidence) selectWindow(q *Question, cands []*candidate) []bool {
	ix := ev.index
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
	bestTyped := ev.typedAnswer(q, best.sent.Text, best.stems)
	procedure := formOf(q.Text).list || asksProcedure(q.Text)
	// (Neighbours are looked for across passages: a passage may end inside a paragraph.)
	var nbs []following
	if holdsFocus(ev.terms, best.matched) {
		run := sentencesAround(ix, best)
		if run.continues(run.at) {
			nbs = append(nbs, run.sents[run.at-1])
		}
		if run.continues(run.at + 1) {
			nbs = append(nbs, run.sents[run.at+1])
		}
	}
	for _, f := range nbs {
		if len(ev.selected) >= maxQuoted {
			break
		}
		nb := f.sent
		c := &candidate{sent: nb, passage: f.passage, rank: best.rank, stems: ix.StemSet(nb.Text), docPos: best.docPos}
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
		typed := !bestTyped && ev.typedAnswer(q, nb.Text, c.stems) ||
			// After the best sentence, the instruction that acts on it ("…may not load. Run
			// "depmod -a" to fix it.") answers a how-to question.
			procedure && nb.Start > best.sent.Start && instruction(nb.Text)
		// "The scanner must support TWAIN. The scanner must support SANE.": a sentence that
		// says the same of another thing completes the answer.
		if gain == 0 && !typed && !parallel(best.sent.Text, nb.Text) {
			continue
		}
		ev.selected = append(ev.selected, c)
		for i, m := range c.matched {
			covered[i] = covered[i] || m
		}
		bestTyped = bestTyped || typed
	}
	// The kind of answer the question wants may stand a few sentences away, in the same section
	// ("Shortcut to open the thesaurus?": the step giving Ctrl+F7 under the heading).
	// (Only for the kinds documentation gives in steps: a date or a number nearby is as likely
	// another event's.)
	if !bestTyped && len(ev.selected) < maxQuoted && (ev.want == typeKey || ev.want == typeVersion || ev.want == typeWhere) {
		if c := ev.typedNearby(q, best); c != nil && !isSelected(c) {
			// It stands for the answer type even without the question's words when it is a
			// step of the section's procedure ("2. Pilih Perkakas - Bahasa - Kamus, atau tekan
			// Ctrl+F7."), not a shortcut mentioned in passing ("Just press F1 for help.").
			// Nor one whose own purpose is something else ("Press F5 TO OPEN THE NAVIGATOR").
			if (looksLikeItem(c.sent.Text) || instruction(c.sent.Text)) && !ev.purposeElsewhere(q, c.sent.Text) {
				ev.nearbyTyped = c
			}
			ev.selected = append(ev.selected, c)
			for i, m := range c.matched {
				covered[i] = covered[i] || m
			}
		}
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

// typedReach bounds how many sentences from the best one typedNearby looks.
const typedReach = 6

// typedNearby returns the sentence nearest the best one, in its section, that gives the kind of
// answer the question wants (typedAnswer), or nil.
func (ev *evidence) typedNearby(q *Question, best *candidate) *candidate {
	run := sentencesAround(q.Index, best)
	for d := 1; d <= typedReach; d++ {
		for _, j := range []int{run.at + d, run.at - d} {
			if j < 0 || j >= len(run.sents) || !run.sameSection(run.at, j) {
				continue
			}
			f := run.sents[j]
			stems := q.Index.StemSet(f.sent.Text)
			// A shortcut, a menu path or a file path need not repeat the question's words
			// here: the section is about them.
			switch {
			case ev.want == typeKey && hasShortcut(f.sent.Text):
			case ev.want == typeWhere && (filePath(f.sent.Text) != "" || hasMenuPath(f.sent.Text, q) && asksProcedure(q.Text)):
			case ev.want == typeVersion && ev.typedAnswer(q, f.sent.Text, stems):
			default:
				continue
			}
			c := &candidate{sent: f.sent, passage: f.passage, rank: best.rank, stems: stems, docPos: best.docPos}
			c.matched = make([]bool, len(ev.terms))
			for i, t := range ev.terms {
				c.matched[i] = t.term.Matches(stems)
			}
			return c
		}
	}
	return nil
}

// parallel reports whether two sentences say the same thing of different things: at least three
// words in common, in the same order, and one or two different words in each.
func parallel(a, b string) bool {
	ta, tb := retrieval.Tokenize(a), retrieval.Tokenize(b)
	if len(ta) != len(tb) || len(ta) < 4 {
		return false
	}
	diff := 0
	for i := range ta {
		if ta[i].Norm != tb[i].Norm {
			diff++
		}
	}
	return diff >= 1 && diff <= 2 && len(ta)-diff >= 3
}

// maxListItems is how many sentences a list answer quotes at most.
const maxListItems = 10

// complete adds what finishes the best sentence's thought, by the question's form: the steps of
// a procedure a how-to question asks for, the items of a list, the block (a command, a list) a
// sentence announces ("… as follows:", "the following", "berikut"), what follows the event an
// "after" question names. It returns the added candidates.
func (ev *evidence) complete(q *Question, best *candidate) []*candidate {
	form := formOf(q.Text)
	run := sentencesAround(q.Index, best)
	steps := form.list || asksProcedure(q.Text)
	var next []following
	switch {
	case steps && isTableRow(best.sent.Text):
		// A row of a table: the rows after it, which often hold the rest of the answer.
		next = run.rows(run.at + 1)
	case steps && run.inList(run.at):
		// The best sentence is one step of a list: the whole list, with what announces it.
		next = run.list(run.at)
	case steps:
		// The procedure or list the best sentence (or the heading) leads to, a few sentences on
		// in its section.
		next = run.ahead(run.at, func(s string) bool { return stemsHoldFocus(ev.terms, q.Index.StemSet(s)) })
		if len(next) == 0 {
			// A note after the procedure: the steps just before it.
			next = run.behind(run.at)
		}
		if len(next) == 0 && form.list && looksLikeHeading(best.sent.Text) {
			next = run.under(run.at)
		}
	case run.announcesBlock(run.at):
		next = run.block(run.at + 1)
	case looksLikeHeading(best.sent.Text):
		// A heading announces; what answers is under it.
		next = run.slice(run.at+1, 2)
	case form.after:
		next = run.slice(run.at+1, 1)
	}
	// What the window ends with may announce a block ("Currently the following types are
	// supported:"): the block too.
	if k := run.index(next); k >= 0 && run.announcesBlock(k) {
		next = append(next[:len(next):len(next)], run.block(k+1)...)
	}
	var out []*candidate
	for _, f := range next {
		if f.sent.Start == best.sent.Start {
			continue
		}
		c := &candidate{sent: f.sent, passage: f.passage, rank: best.rank, stems: q.Index.StemSet(f.sent.Text), docPos: best.docPos}
		c.matched = make([]bool, len(ev.terms))
		for i, t := range ev.terms {
			c.matched[i] = t.term.Matches(c.stems)
		}
		out = append(out, c)
	}
	return out
}

// Procedure cues: a question asking how to do something, or for the command, menu, key or
// option that does it, is answered by the steps the documents give.
var (
	procedureCues = setOf("cara", "caranya", "gimana", "gmn", "bagaimana", "bagaimanakah", "langkah", "langkah-langkah", "prosedur", "steps")
	// Things a procedure is made of: asked for beside a question word ("WHICH COMMAND", "MENU apa").
	procedureNouns = setOf("command", "commands", "perintah", "menu", "option", "options", "opsi", "setting", "settings", "pengaturan", "tool", "alat", "perkakas", "button", "tombol")
	howVerbs       = setOf("do", "can", "to", "should", "would", "could", "does", "i", "might")
)

// asksProcedure reports whether a question asks how to do something ("gimana cara…", "how do I…",
// "which command…", "lewat menu apa", "where do I set…"): its answer is a procedure's steps,
// a command or a menu path.
func asksProcedure(text string) bool {
	toks := retrieval.Tokenize(text)
	for i, t := range toks {
		w := t.Norm
		prev, next := "", ""
		if i > 0 {
			prev = toks[i-1].Norm
		}
		if i+1 < len(toks) {
			next = toks[i+1].Norm
		}
		switch {
		case procedureCues[w]:
			return true
		case w == "how" && howVerbs[next]:
			return true
		case w == "where" && (next == "do" || next == "can" || next == "should"):
			return true
		case (w == "what" || w == "apa") && (next == "do" || next == "should" || next == "must" || next == "yang" || next == "yg") &&
			i+2 < len(toks) && (toks[i+2].Norm == "i" || toks[i+2].Norm == "you" || toks[i+2].Norm == "harus"):
			// "what do I type first?", "apa yang harus dilakukan?"
			return true
		case procedureNouns[w] && (questionWord(prev) || questionWord(next) || i+2 < len(toks) && questionWord(toks[i+2].Norm) || i >= 2 && questionWord(toks[i-2].Norm) && toks[i-1].Norm == "the"):
			// "which COMMAND", "PERINTAH apa", "what's the COMMAND"
			return true
		}
	}
	return false
}

// questionWord reports whether a word is a question word, "what's" included.
func questionWord(w string) bool {
	if k := strings.IndexAny(w, "'’"); k > 0 {
		w = w[:k]
	}
	return questionWords[w]
}

// following is a sentence of a document, with the passage that holds it.
type following struct {
	sent    retrieval.Sentence
	passage *retrieval.Passage
}

// docRun is a stretch of a document's sentences around a candidate, in order, each once
// (passages overlap), with the candidate's index.
type docRun struct {
	sents []following
	at    int
}

// Passages before and after a candidate's own that a docRun spans.
const (
	runBefore = 3
	runAfter  = 8
)

// sentencesAround returns the sentences of the passages around a candidate's.
func sentencesAround(ix *retrieval.Index, c *candidate) docRun {
	run := docRun{at: -1}
	last := -1
	for _, p := range ix.DocumentPassages(c.passage.DocID) {
		if p.Ordinal < c.passage.Ordinal-runBefore {
			continue
		}
		if p.Ordinal > c.passage.Ordinal+runAfter {
			break
		}
		for _, s := range p.Sentences {
			if s.Start <= last {
				continue
			}
			last = s.Start
			if s.Start == c.sent.Start {
				run.at = len(run.sents)
			}
			run.sents = append(run.sents, following{s, p})
		}
	}
	if run.at < 0 { // not found: a run of the candidate alone
		run = docRun{sents: []following{{c.sent, c.passage}}, at: 0}
	}
	return run
}

// index returns the index in the run of the last of some sentences of it, or -1.
func (r docRun) index(fs []following) int {
	if len(fs) == 0 {
		return -1
	}
	last := fs[len(fs)-1].sent.Start
	for i, f := range r.sents {
		if f.sent.Start == last {
			return i
		}
	}
	return -1
}

// slice returns up to n sentences from i.
func (r docRun) slice(i, n int) []following {
	if i >= len(r.sents) {
		return nil
	}
	return r.sents[i:min(len(r.sents), i+n)]
}

func (r docRun) text(i int) string { return r.sents[i].sent.Text }

// continues reports whether sentence i goes on the paragraph of sentence i-1.
func (r docRun) continues(i int) bool {
	return i > 0 && i < len(r.sents) && r.sents[i].sent.Paragraph == r.sents[i-1].sent.Paragraph
}

// sameSection reports whether sentences i and j are in one section of the document.
func (r docRun) sameSection(i, j int) bool {
	return r.sents[i].passage.SectionPath() == r.sents[j].passage.SectionPath()
}

// step reports whether sentence i is an item of a list (not a table row: a row is quoted with
// its header, not with the whole table).
func (r docRun) step(i int) bool {
	s := r.text(i)
	return looksLikeItem(s) && !isTableRow(s) && !r.sectionHeading(i) && strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// sectionHeading reports whether sentence i is the heading of a section: numbered by levels
// ("1.4.7. Setting a default text editor", "3.5 Importing a project"), or the title its
// passage's section path ends with.
func (r docRun) sectionHeading(i int) bool {
	s := strings.TrimSpace(r.text(i))
	if !looksLikeHeading(s) {
		return false
	}
	if n := strings.IndexFunc(s, func(c rune) bool { return c != '.' && (c < '0' || c > '9') }); n > 2 && strings.Count(s[:n], ".") >= 1 && strings.Trim(s[:n], ".") != "" && strings.Contains(strings.Trim(s[:n], "."), ".") {
		return true
	}
	sec := r.sents[i].passage.Section
	return len(sec) > 0 && strings.HasSuffix(s, strings.TrimLeft(sec[len(sec)-1], "0123456789. "))
}

// inList reports whether sentence i is a step of a list, or goes on a step's paragraph
// ("1. Pilih Format - Legend. Ini membuka dialog Legenda.").
func (r docRun) inList(i int) bool {
	for ; i >= 0; i-- {
		if r.step(i) {
			return true
		}
		if !r.continues(i) {
			return false
		}
	}
	return false
}

// list returns the whole list sentence i belongs to: the sentence that announces it, then its
// items with the sentences that go on them, at most maxListItems, the ones around i first.
func (r docRun) list(i int) []following {
	first := i
	for first > 0 && (r.step(first-1) || r.continues(first-1) && r.inList(first-1)) && r.sameSection(first-1, i) {
		first--
	}
	if first > 0 && r.announcesBlock(first-1) && r.sameSection(first-1, i) {
		first--
	}
	if i-first >= maxListItems {
		first = i - maxListItems/2
	}
	return r.items(first, i)
}

// items returns from sentence first the sentences of a list: items, what goes on them, the
// blocks they announce; it stops at the first other sentence after i.
func (r docRun) items(first, i int) []following {
	end := first
	for end < len(r.sents) && end-first < maxListItems {
		if end > i && end > first && !(r.step(end) || r.continues(end) || r.announcesBlock(end-1) && !looksLikeHeading(r.text(end)) || r.goesOnStep(end)) {
			break
		}
		if end > first && !r.sameSection(end, first) {
			break
		}
		end++
	}
	return r.sents[first:end]
}

// goesOnStep reports whether sentence i, in a paragraph of its own, still belongs to the numbered
// step before it: the next numbered step comes within two sentences ("1. Double-click the
// chart. / A gray border appears… / 2. Choose Format - Legend.").
func (r docRun) goesOnStep(i int) bool {
	if looksLikeHeading(r.text(i)) || !r.inList(i-1) {
		return false
	}
	for j := i + 1; j < len(r.sents) && j <= i+2; j++ {
		if r.step(j) {
			t := strings.TrimSpace(r.text(j))
			return t != "" && t[0] >= '0' && t[0] <= '9'
		}
	}
	return false
}

// aheadSentences bounds how far past the best sentence a procedure is looked for.
const aheadSentences = 6

// ahead looks a few sentences past sentence i, in its section, for the procedure it leads to:
// a list of steps, or a sentence announcing a block. A heading ends the search, unless it holds
// one of the question's words (focus). It returns the procedure, or nothing.
func (r docRun) ahead(i int, focus func(string) bool) []following {
	if r.announcesBlock(i) || i+1 < len(r.sents) && looksLikeCode(r.text(i+1)) && r.sameSection(i, i+1) {
		// The best sentence announces a block, or a command line follows it ("You can
		// shutdown the system from the commandline. / # shutdown -h now").
		return r.block(i + 1)
	}
	sec := i // the section searched: the best sentence's, or a next one whose heading holds the focus
	for j := i + 1; j < len(r.sents) && j <= i+aheadSentences; j++ {
		if !r.sameSection(sec, j) {
			if !looksLikeHeading(r.text(j)) || !focus(r.text(j)) {
				return nil
			}
			sec = j
			continue
		}
		if r.step(j) {
			from := j
			if r.announcesBlock(j-1) || endsWithColon(r.text(j-1)) {
				from = j - 1
			}
			return r.items(from, j)
		}
		if r.announcesBlock(j) {
			return r.items(j, j+1)
		}
		if j > i+1 && looksLikeHeading(r.text(j)) && !focus(r.text(j)) && !admonition(r.text(j)) {
			return nil
		}
	}
	return nil
}

// rows returns the table rows from sentence i on, at most maxListItems.
func (r docRun) rows(i int) []following {
	end := i
	for end < len(r.sents) && end-i < maxListItems && isTableRow(r.text(end)) {
		end++
	}
	return r.sents[i:end]
}

// behindSentences bounds how far before the best sentence behind looks for a procedure.
const behindSentences = 3

// behind looks a few sentences before sentence i, in its section, for a list of steps that ends
// there (the best sentence is a note after a procedure), and returns it, or nothing.
func (r docRun) behind(i int) []following {
	for j := i - 1; j >= 0 && j >= i-behindSentences; j-- {
		if !r.sameSection(i, j) {
			return nil
		}
		if r.step(j) {
			return r.list(j)
		}
		if looksLikeHeading(r.text(j)) && !admonition(r.text(j)) {
			return nil
		}
	}
	return nil
}

// Imperative verbs that open an instruction in documentation.
var instructionVerbs = setOf("run", "type", "use", "press", "click", "choose", "select", "open", "set", "install", "edit",
	"add", "remove", "enter", "execute", "jalankan", "ketik", "ketikkan", "gunakan", "pakai", "tekan", "klik", "pilih",
	"buka", "atur", "pasang", "sunting", "tambahkan", "hapus", "masukkan", "eksekusi")

// instruction reports whether a sentence is an instruction: it opens with an imperative verb
// ("Run "depmod -a" to fix it.", "Jalankan …", "Klik OK.").
func instruction(s string) bool {
	toks := retrieval.Tokenize(s)
	if len(toks) > 2 && connectives[toks[0].Norm] {
		toks = toks[1:] // "Alternatively, press Ctrl+Shift+F10."
		return instructionVerbs[toks[0].Norm]
	}
	return len(toks) > 1 && instructionVerbs[toks[0].Norm] && startsUpper(toks[0].Text)
}

// Words that open a purpose clause: "press F5 TO open the Navigator", "UNTUK membuat teks".
var purposeWords = setOf("to", "for", "untuk", "buat", "agar", "supaya", "guna")

// purposeElsewhere reports whether a sentence states a purpose none of whose first content words
// are the question's ("Press F5 to open the Navigator" for a question about QR codes).
func (ev *evidence) purposeElsewhere(q *Question, s string) bool {
	toks := retrieval.Tokenize(s)
	for i, t := range toks {
		if !purposeWords[t.Norm] {
			continue
		}
		seen := 0
		for _, u := range toks[i+1:] {
			if retrieval.IsStopwordAny(u.Norm) || lightWords[u.Norm] {
				continue
			}
			if ev.holdsContent(q, u.Text) {
				return false
			}
			if seen++; seen == 3 {
				break
			}
		}
		return true
	}
	return false
}

// holdsContent reports whether a word matches one of the question's content words (not a frame
// word, not context).
func (ev *evidence) holdsContent(q *Question, word string) bool {
	stems := q.Index.StemSet(word)
	for _, t := range ev.terms {
		if !t.light && !t.term.Context && t.term.Matches(stems) {
			return true
		}
	}
	return false
}

// Connectives an instruction may open with.
var connectives = setOf("alternatively", "or", "then", "also", "next", "finally", "atau", "lalu", "kemudian", "juga", "selanjutnya", "alternatifnya")

// Admonition labels: a "Note" or "Ikon Tip" line heads a remark inside a section, not a new one.
var admonitionWords = setOf("note", "notes", "tip", "tips", "warning", "caution", "important", "hint", "attention",
	"catatan", "peringatan", "penting", "perhatian", "petunjuk", "saran", "ikon", "icon")

// admonition reports whether a line is only an admonition label ("Ikon Catatan", "[Note] Note").
func admonition(s string) bool {
	toks := retrieval.Tokenize(s)
	for _, t := range toks {
		if !admonitionWords[t.Norm] {
			return false
		}
	}
	return len(toks) > 0
}

// under returns the sentences under a heading: its items, or up to three sentences, up to the
// next heading.
func (r docRun) under(i int) []following {
	var out []following
	for j := i + 1; j < len(r.sents) && len(out) < maxListItems; j++ {
		s := r.text(j)
		item := looksLikeItem(s)
		if looksLikeHeading(s) && !item || len(out) >= 3 && !item {
			break
		}
		out = append(out, r.sents[j])
	}
	return out
}

// block returns the block that starts at sentence i: the sentence itself (a command, an item, a
// line), then the items and command lines right after it.
func (r docRun) block(i int) []following {
	if i >= len(r.sents) {
		return nil
	}
	return r.items(i, i)
}

// Words that point at what follows: "as follows", "the following", "berikut", "di bawah ini".
var pointerWords = setOf("following", "follows", "below", "berikut")

// announcesBlock reports whether sentence i announces what follows it: it ends in a colon, or
// points at what follows ("… by the following.", "The following prevents…", "sebagai berikut")
// and a list item or a command line comes next.
func (r docRun) announcesBlock(i int) bool {
	if i < 0 || i+1 >= len(r.sents) {
		return false
	}
	s, next := r.text(i), r.text(i+1)
	if endsWithColon(s) {
		return !looksLikeHeading(next) || looksLikeItem(next) || looksLikeCode(next)
	}
	if !(looksLikeItem(next) || looksLikeCode(next) || looksLikeConfig(next)) {
		return false
	}
	toks := retrieval.Tokenize(s)
	for k, t := range toks {
		if pointerWords[t.Norm] || t.Norm == "bawah" && k+1 < len(toks) && toks[k+1].Norm == "ini" {
			return true
		}
	}
	return false
}

// looksLikeCode reports whether a sentence is a command line or a code block: a shell prompt
// ("$ sudo …", "# dpkg-reconfigure …") at its start.
func looksLikeCode(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) > 2 && (s[0] == '$' || s[0] == '#' || s[0] == '%' || s[0] == '>') && s[1] == ' '
}

// looksLikeConfig reports whether a sentence reads as a line of a configuration file or a
// command without a prompt: no closing full stop, and characters prose seldom has
// ("penguin ALL=(ALL) NOPASSWD:ALL", "127.0.1.1 host_name").
func looksLikeConfig(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") && !strings.Contains(s, "\n") {
		return false
	}
	return strings.ContainsAny(s, "=_|{}[]<>$~\\") || strings.Contains(s, " --") || strings.Contains(s, " -")
}

// isTableRow reports whether a sentence is a row or a rule of a drawn table.
func isTableRow(s string) bool {
	s = strings.TrimSpace(s)
	for _, b := range []string{"│", "|", "┌", "├", "└", "╞", "+-"} {
		if strings.HasPrefix(s, b) {
			return true
		}
	}
	return false
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
