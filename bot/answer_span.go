package bot

import (
	"strings"

	"github.com/kutip/kutip/retrieval"
)

// The answer span: for a question wanting a number, a date, a name or a place, the exact words
// of the quoted sentence that answer it ("500.000 ton minyak", "Oktobe 1994", "Yevgeny
// Prighozin"), which the reply leads with in bold, in whatever language the documents are.

// span is a stretch of one quoted sentence: byte offsets into its text.
type span struct {
	c          *candidate
	start, end int
}

func (s span) text() string { return s.c.sent.Text[s.start:s.end] }

// answerSpan finds the span that answers the question in the quoted sentences, best sentence
// first; ok is false when the question wants no such answer or none is found.
func answerSpan(q *Question, ev *evidence) (span, bool) {
	switch ev.want {
	case typeNumber, typeMoney, typeDate, typeDay, typeYear, typeMonth, typeWho, typeWhere, typeName, typeKey, typeVersion:
	default:
		return span{}, false
	}
	order := []*candidate{ev.bestCand}
	for _, c := range ev.selected {
		if c != ev.bestCand {
			order = append(order, c)
		}
	}
	anchors := anchorStems(ev)
	qwords := make(map[string]bool)
	for _, t := range retrieval.Tokenize(q.Text) {
		qwords[t.Norm] = true
	}
	var fallback *span
	for _, c := range order {
		if c == nil || !hasAnswerType(ev.want, c.sent.Text, c.stems, q) {
			continue
		}
		if ev.want == typeWhere {
			// A menu path or a file path is where a thing is set or kept.
			if sp, ok := pathSpan(c, qwords, asksProcedure(q.Text)); ok {
				return sp, true
			}
		}
		toks := retrieval.Tokenize(c.sent.Text)
		near := anchorPositions(toks, anchors, ev.index.Lang())
		// The span nearest the anchors; for a date, one with a number before a bare weekday.
		var best [2]int
		bestDist, found := 0, false
		for i := range toks {
			a, b, ok := spanAt(ev.want, c.sent.Text, toks, i, qwords, q)
			if !ok {
				continue
			}
			d := distance(a, b, near)
			// The agent of a passive answers "who did it": "dikontrol … oleh Yevgeny Prighozin".
			if ev.want == typeWho && a > 0 && (toks[a-1].Norm == "oleh" || toks[a-1].Norm == "by") {
				d -= agentPreference
			}
			if ev.want != typeNumber && ev.want != typeMoney && ev.want != typeKey && !hasDigit(c.sent.Text[toks[a].Start:toks[b].End]) {
				d += 1000
			}
			// A shortcut is a combination ("Ctrl+Shift+F10"), not a modifier held alone.
			if ev.want == typeKey && a == b && !keyCombo(strings.ToLower(toks[a].Text)) {
				d += 1000
			}
			if !found || d < bestDist {
				best, bestDist, found = [2]int{a, b}, d, true
			}
		}
		if found {
			a, b := best[0], best[1]
			if ev.want == typeNumber || ev.want == typeMoney {
				b = extendCounted(c.sent.Text, toks, b, anchors, ev.index.Lang())
			}
			start := toks[a].Start
			if ev.want == typeKey {
				off, _ := keyToken(toks[a].Text)
				start += off
			}
			sp := span{c: c, start: start, end: toks[b].End}
			if ev.want == typeKey && bestDist >= 1000 {
				// A lone modifier: a combination in a later sentence answers better.
				if fallback == nil {
					fallback = &sp
				}
				continue
			}
			return sp, true
		}
	}
	if fallback != nil {
		return *fallback, true
	}
	return span{}, false
}

// agentPreference is how many words nearer a name after "oleh"/"by" counts for a "who" question.
const agentPreference = 4

// anchorStems are the stems of the terms the span should stand beside: the asked ones, else the
// question's content words and names.
func anchorStems(ev *evidence) map[string]bool {
	out := make(map[string]bool)
	add := func(t weightedTerm) {
		for _, alt := range t.term.Alts {
			for _, s := range alt {
				out[s] = true
			}
		}
	}
	for _, i := range ev.asked {
		add(ev.terms[i])
	}
	if len(out) == 0 {
		for _, t := range ev.terms {
			if !t.light && !t.term.Context {
				add(t)
			}
		}
	}
	return out
}

// anchorPositions are the indexes of the tokens holding an anchor stem.
func anchorPositions(toks []retrieval.Token, anchors map[string]bool, lang retrieval.Lang) []int {
	var out []int
	for i, t := range toks {
		for _, s := range retrieval.Stems(t.Text, lang) {
			if anchors[s] {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// distance is how far a token range stands from the nearest anchor (0 with no anchors).
func distance(a, b int, near []int) int {
	best := -1
	for _, n := range near {
		d := 0
		switch {
		case n < a:
			d = a - n
		case n > b:
			d = n - b
		}
		if best < 0 || d < best {
			best = d
		}
	}
	if best < 0 {
		return 0
	}
	return best
}

// spanAt returns the span of the wanted kind starting at token i, as token indexes [a, b].
func spanAt(want, text string, toks []retrieval.Token, i int, qwords map[string]bool, q *Question) (a, b int, ok bool) {
	t := toks[i]
	if qwords[t.Norm] {
		return 0, 0, false
	}
	switch want {
	case typeNumber, typeMoney:
		if !isNumberToken(t.Norm) && !numberWords[t.Norm] || itemNumber(text, toks, i) {
			return 0, 0, false
		}
		if i > 0 && (numberWords[toks[i-1].Norm] || hasDigit(toks[i-1].Norm)) {
			return 0, 0, false // inside a number that starts earlier
		}
		a, b = i, i
		if a > 0 && (currencies[toks[a-1].Norm] || toks[a-1].Norm == "rp" || toks[a-1].Norm == "us") {
			a--
		}
		for b+1 < len(toks) && joined(text, toks, b) && (numberWords[toks[b+1].Norm] || currencies[toks[b+1].Norm]) {
			b++
		}
		return a, b, true
	case typeDate, typeDay, typeYear, typeMonth:
		if !dateToken(toks, i) || i > 0 && dateToken(toks, i-1) && joined(text, toks, i-1) {
			return 0, 0, false
		}
		b = i
		for b+1 < len(toks) && joined(text, toks, b) && dateToken(toks, b+1) {
			b++
		}
		return i, b, true
	case typeKey:
		// "Ctrl+Shift+F10": keys joined by "+" (or "-"), the last one any key.
		if !keyName(t.Text) || i > 0 && keyJoined(text, toks, i-1) {
			return 0, 0, false
		}
		b = i
		for b+1 < len(toks) && keyJoined(text, toks, b) {
			b++
		}
		return i, b, true
	case typeVersion:
		if !hasDigit(t.Norm) || isYearOrDate(t.Norm) {
			return 0, 0, false
		}
		return i, i, true
	case typeWho, typeWhere, typeName:
		if !startsUpper(t.Text) || retrieval.IsStopwordAny(t.Norm) || q.Query.MatchesWord(t.Norm) {
			return 0, 0, false
		}
		if want == typeWho && (monthsAndDays[t.Norm] || isMonthTypo(t.Norm)) {
			return 0, 0, false // a month is no person
		}
		if i > 0 && joined(text, toks, i-1) && startsUpper(toks[i-1].Text) && !q.Query.MatchesWord(toks[i-1].Norm) && !retrieval.IsStopwordAny(toks[i-1].Norm) {
			return 0, 0, false // inside a name that starts earlier
		}
		if want == typeWhere && !afterLocative(toks, i) {
			return 0, 0, false
		}
		b = i
		for b+1 < len(toks) && joined(text, toks, b) && startsUpper(toks[b+1].Text) && !q.Query.MatchesWord(toks[b+1].Norm) && b-i < 4 {
			b++
		}
		return i, b, true
	}
	return 0, 0, false
}

// pathSpan finds a menu path (when menus) or a file path in a sentence that is not all the
// question's words.
func pathSpan(c *candidate, qwords map[string]bool, menus bool) (span, bool) {
	text := c.sent.Text
	toks := retrieval.Tokenize(text)
	for from := 0; menus && from < len(toks); {
		a, b, ok := menuPath(text, toks, from)
		if !ok {
			break
		}
		if newWords(toks[a:b+1], qwords) {
			return span{c: c, start: toks[a].Start, end: toks[b].End}, true
		}
		from = b + 1
	}
	if p := filePath(text); p != "" {
		i := strings.Index(text, p)
		return span{c: c, start: i, end: i + len(p)}, true
	}
	return span{}, false
}

// joined reports whether tokens j and j+1 of a sentence stand side by side, only spaces between.
func joined(text string, toks []retrieval.Token, j int) bool {
	return strings.TrimSpace(text[toks[j].End:toks[j+1].Start]) == ""
}

// keyJoined reports whether tokens j and j+1 are keys of one combination: "+" or "-" between.
func keyJoined(text string, toks []retrieval.Token, j int) bool {
	sep := strings.TrimSpace(text[toks[j].End:toks[j+1].Start])
	return (sep == "+" || sep == "-") && keyName(toks[j].Text)
}

// dateToken reports whether token i is part of a date: a year, a full date, a month name (or
// its common typo), or a day number beside a month name.
func dateToken(toks []retrieval.Token, i int) bool {
	w := toks[i].Norm
	if isYearOrDate(w) || monthsAndDays[w] && w != "abad" && w != "century" && w != "dekade" && w != "decade" || isMonthTypo(w) {
		return true
	}
	if isDayNumber(w) {
		return i+1 < len(toks) && (monthsAndDays[toks[i+1].Norm] || isMonthTypo(toks[i+1].Norm)) ||
			i > 0 && monthsAndDays[toks[i-1].Norm]
	}
	return false
}

// extendCounted extends a number's span over what it counts: the next word when it is a plain
// lower-case word ("50.000 BUTIR"), then the words of the question that follow ("500.000 ton
// MINYAK").
func extendCounted(text string, toks []retrieval.Token, b int, anchors map[string]bool, lang retrieval.Lang) int {
	isAnchor := func(j int) bool {
		for _, s := range retrieval.Stems(toks[j].Text, lang) {
			if anchors[s] {
				return true
			}
		}
		return false
	}
	if b+1 < len(toks) && joined(text, toks, b) && !retrieval.IsStopwordAny(toks[b+1].Norm) && !startsUpper(toks[b+1].Text) && !hasDigit(toks[b+1].Norm) {
		b++
	}
	for n := 0; n < 2 && b+1 < len(toks) && joined(text, toks, b) && isAnchor(b+1); n++ {
		b++
	}
	return b
}

// spanRuns splits a quoted sentence into runs with the span in bold.
func spanRuns(text string, sp *span, c *candidate, suffix string) []Run {
	if sp == nil || sp.c != c {
		return []Run{{Text: "“" + text + "”" + suffix}}
	}
	return []Run{
		{Text: "“" + text[:sp.start]},
		{Text: text[sp.start:sp.end], Style: Bold},
		{Text: text[sp.end:] + "”" + suffix},
	}
}
