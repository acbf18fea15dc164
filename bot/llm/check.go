package llm

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/retrieval"
)

// checked is a model's answer after Kutip's checks.
type checked struct {
	text      string         // plain text, citations renumbered [1]..[m]
	citations []bot.Citation // the passages cited, in the new numbering
	sentinel  bool           // the model said the passages do not answer
	checks    []string
	// kept counts the cited sentences kept, dropped the sentences dropped that said
	// something, risky those dropped for a link, handle, phone number or instruction.
	kept, dropped, risky int
}

// checkAnswer cleans a model's answer, keeps only the sentences whose citations of the passages
// it was given back them (see groundAnswer; q may be nil, for the checks that need no index),
// and renumbers the citations. truncated says the model stopped at the token limit.
func checkAnswer(raw string, q *bot.Question, hits []retrieval.Hit, truncated bool) checked {
	var c checked
	text := stripThinking(cleanModelText(raw))
	if isSentinel(text) {
		c.sentinel = true
		c.checks = append(c.checks, "model: not in the documents")
		return c
	}
	if t := stripMarkup(text); t != text {
		c.checks = append(c.checks, "markup removed")
		text = t
	}
	if t, cut := stripSourcesSection(text); cut {
		c.checks = append(c.checks, "sources written by the model removed")
		text = t
	}
	if truncated {
		text = cutToLastSentence(text)
		c.checks = append(c.checks, "answer cut at the token limit; kept whole sentences")
	}
	if !hasValidCitation(text, len(hits)) && len([]rune(tidy(text))) <= 200 && spacedSentinel.MatchString(text) {
		c.sentinel = true
		c.checks = append(c.checks, "model: not in the documents")
		return c
	}
	g := groundAnswer(text, q, hits)
	text, c.kept, c.dropped, c.risky = g.text, g.kept, g.dropped, g.risky
	c.checks = append(c.checks, g.checks...)
	text, c.citations, c.checks = renumber(text, hits, c.checks)
	c.text = tidy(text)
	return c
}

var thinking = regexp.MustCompile(`(?is)<think>.*?(</think>|$)`)

// stripThinking drops the reasoning some local models (qwen3, deepseek-r1) write before answering.
func stripThinking(s string) string { return strings.TrimSpace(thinking.ReplaceAllString(s, "")) }

// hasValidCitation reports whether text cites any of the n passages.
func hasValidCitation(text string, n int) bool {
	for _, m := range citationGroup.FindAllString(text, -1) {
		for _, k := range citedNumbers(m) {
			if k >= 1 && k <= n {
				return true
			}
		}
	}
	return false
}

var spacedSentinel = regexp.MustCompile(`(?i)\bnot[\s_-]+in[\s_-]+(the[\s_-]+)?documents?\b`)

// isSentinel reports whether the model said the passages do not answer, even in other words
// around the sentinel.
func isSentinel(s string) bool {
	s = strings.ToUpper(strings.ReplaceAll(s, `\_`, "_"))
	return strings.Contains(s, Sentinel)
}

var (
	codeFence   = regexp.MustCompile("(?m)^\\s*```[\\w-]*\\s*$\n?")
	bold        = regexp.MustCompile(`\*\*([^*\n]+)\*\*|__([^_\n]+)__`)
	italic      = regexp.MustCompile(`(^|[\s(])[*_]([^*_\n]+)[*_]([\s).,;:!?]|$)`)
	inlineCode  = regexp.MustCompile("`([^`\n]+)`")
	heading     = regexp.MustCompile(`(?m)^[ \t]*#{1,6}[ \t]+`)
	bullet      = regexp.MustCompile(`(?m)^[ \t]*[-*+][ \t]+`)
	blockquote  = regexp.MustCompile(`(?m)^[ \t]*>[ \t]?`)
	rule        = regexp.MustCompile(`(?m)^[ \t]*([-*_])([ \t]*[-*_]){2,}[ \t]*$`)
	link        = regexp.MustCompile(`\[([^\]\n]+)\]\((?:https?://|www\.)[^)\s]*\)`)
	htmlBreak   = regexp.MustCompile(`(?i)<br\s*/?>`)
	htmlTag     = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>`)
	manySpaces  = regexp.MustCompile(`[ \t]{2,}`)
	spaceBefore = regexp.MustCompile(`[ \t]+([.,;:!?)])`)
	manyBlank   = regexp.MustCompile(`\n{3,}`)
)

// stripMarkup turns Markdown and HTML into plain text: the front ends escape and style text
// themselves.
func stripMarkup(s string) string {
	s = codeFence.ReplaceAllString(s, "")
	s = link.ReplaceAllString(s, "$1")
	s = htmlBreak.ReplaceAllString(s, "\n")
	s = htmlTag.ReplaceAllString(s, "")
	s = bold.ReplaceAllString(s, "$1$2")
	s = italic.ReplaceAllString(s, "$1$2$3")
	s = inlineCode.ReplaceAllString(s, "$1")
	s = rule.ReplaceAllString(s, "")
	s = heading.ReplaceAllString(s, "")
	s = bullet.ReplaceAllString(s, "• ")
	s = blockquote.ReplaceAllString(s, "")
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return s
}

var (
	sourcesHeading = regexp.MustCompile(`(?i)^[ \t•]*(sources?|sumber|referensi|references?|citations?|rujukan|daftar (pustaka|sumber)|kutipan|passages? used)[ \t]*(:|$)`)
	sourceLine     = regexp.MustCompile(`(?i)^[ \t•]*[\[(]?\d+[\])]?[ \t.:-]*\S+\.(txt|md)\b`)
)

// stripSourcesSection removes a list of sources the model wrote itself (Kutip writes its own):
// from a "Sources:" line to the end, and trailing lines that list files.
func stripSourcesSection(s string) (string, bool) {
	lines := strings.Split(s, "\n")
	cut := false
	for i, l := range lines {
		if i > 0 && sourcesHeading.MatchString(l) {
			lines, cut = lines[:i], true
			break
		}
	}
	for len(lines) > 1 {
		l := strings.TrimSpace(lines[len(lines)-1])
		if l != "" && !sourceLine.MatchString(l) {
			break
		}
		if l != "" {
			cut = true
		}
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n"), cut
}

var sentenceEnd = regexp.MustCompile(`[.!?…]["”’)]*(\s*(\[[^\]\n]*\]|【[^】\n]*】))*`)

// cutToLastSentence drops an unfinished last sentence.
func cutToLastSentence(s string) string {
	ends := sentenceEnd.FindAllStringIndex(s, -1)
	if len(ends) == 0 {
		return s
	}
	return s[:ends[len(ends)-1][1]]
}

// citationGroup matches the citation marks models write: "[1]", "[1, 3]", "[1-3]", "[passage 2]",
// "【1】", "【2†source】".
var citationGroup = regexp.MustCompile(`(?i)[\[【]\s*(?:(?:passages?|bagian|sumber|sources?|ref\.?|p\.?|no\.?)\s*)?\d{1,4}(?:\s*(?:[,;–-]|and|dan|&)\s*(?:(?:passages?|bagian)\s*)?\d{1,4})*\s*(?:†[^\]】\n]*)?[\]】]`)

var numberOrDash = regexp.MustCompile(`\d+|[–-]`)

// citedNumbers reads the passage numbers of one citation mark, expanding short ranges.
func citedNumbers(mark string) []int {
	var out []int
	dash := false
	for _, tok := range numberOrDash.FindAllString(mark, -1) {
		if tok == "-" || tok == "–" {
			dash = true
			continue
		}
		n, _ := strconv.Atoi(tok)
		if dash && len(out) > 0 {
			from := out[len(out)-1]
			if n > from && n-from <= 10 {
				for k := from + 1; k < n; k++ {
					out = append(out, k)
				}
			}
		}
		dash = false
		out = append(out, n)
	}
	return out
}

// renumber keeps the citations of passages that were given, numbered 1..m in order of first
// citation, and removes the others.
func renumber(text string, hits []retrieval.Hit, checks []string) (string, []bot.Citation, []string) {
	newNum := make(map[int]int)
	var cits []bot.Citation
	var invalid []int
	out := citationGroup.ReplaceAllStringFunc(text, func(mark string) string {
		var nums []int
		for _, n := range citedNumbers(mark) {
			if n < 1 || n > len(hits) {
				if !slices.Contains(invalid, n) {
					invalid = append(invalid, n)
				}
				continue
			}
			m, ok := newNum[n]
			if !ok {
				m = len(cits) + 1
				newNum[n] = m
				p := hits[n-1].Passage
				title := p.Title
				if title == "" {
					title = p.DocID
				}
				cits = append(cits, bot.Citation{N: m, Doc: p.DocID, Title: title, Passage: p.ID, Quote: p.Text, Page: p.Page, Section: p.SectionPath()})
			}
			if !slices.Contains(nums, m) {
				nums = append(nums, m)
			}
		}
		slices.Sort(nums)
		var b strings.Builder
		for _, m := range nums {
			b.WriteString("[" + strconv.Itoa(m) + "]")
		}
		return b.String()
	})
	for _, n := range invalid {
		checks = append(checks, "citation ["+strconv.Itoa(n)+"] removed: no such passage")
	}
	renumbered := false
	for old, m := range newNum {
		if old != m {
			renumbered = true
		}
	}
	if renumbered {
		var parts []string
		for _, c := range cits {
			for old, m := range newNum {
				if m == c.N {
					parts = append(parts, "["+strconv.Itoa(old)+"]→["+strconv.Itoa(m)+"]")
				}
			}
		}
		checks = append(checks, "citations renumbered: "+strings.Join(parts, ", "))
	}
	return out, cits, checks
}

var hasLetters = regexp.MustCompile(`\pL`)

var glued = regexp.MustCompile(`([^\s\[(\]])(\[\d+\])`)

// tidy normalises spaces after the edits: "claim[1]" → "claim [1]", no space before
// punctuation, no runs of blank lines.
func tidy(s string) string {
	s = glued.ReplaceAllString(s, "$1 $2")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = manySpaces.ReplaceAllString(l, " ")
		l = spaceBefore.ReplaceAllString(l, "$1")
		lines[i] = strings.TrimSpace(l)
	}
	s = strings.Join(lines, "\n")
	s = manyBlank.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

// paragraphs cuts an answer into the reply's blocks.
func paragraphs(text string) []bot.Block {
	var out []bot.Block
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, bot.Block{{Text: p}})
		}
	}
	return out
}

var citationMark = regexp.MustCompile(`\s*(` + citationGroup.String() + `)`)

// partialText is what a front end shows of an answer still being written: its complete
// sentences that pass the checks of the final answer (groundAnswer), without citation marks
// (they are renumbered once the answer is complete); nothing that could be the start of the
// sentinel, no thinking, no sources list. Unchecked text is never shown, not even for a moment.
func partialText(raw string, q *bot.Question, hits []retrieval.Hit) string {
	if strings.HasPrefix(strings.TrimSpace(raw), "<think>") && !strings.Contains(raw, "</think>") {
		return ""
	}
	s := stripThinking(cleanModelText(raw))
	up := strings.ToUpper(s)
	if strings.Contains(up, "NOT_IN") || strings.HasPrefix(Sentinel, up) || strings.HasPrefix(up, "NOT IN") {
		return ""
	}
	s = stripMarkup(s)
	s, _ = stripSourcesSection(s)
	s = completeSentences(s)
	s = groundAnswer(s, q, hits).text
	s = citationMark.ReplaceAllString(s, "")
	return tidy(s)
}

// completeSentences cuts a growing answer after its last complete sentence or line.
func completeSentences(s string) string {
	cut := strings.LastIndexByte(s, '\n')
	for _, loc := range sentenceEnd.FindAllStringIndex(s, -1) {
		cut = max(cut, loc[1])
	}
	if cut < 0 {
		return ""
	}
	return s[:cut]
}
