package llm

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/retrieval"
)

// Grounding: a sentence of the model's answer that cites passages must be about what those
// passages say. Kutip cannot check meaning offline, but it can catch the blatant cases: a
// number the cited passages do not contain (a wrong date or amount is the commonest invented
// detail), or a sentence sharing almost none of its key terms with them (a citation pinned on a
// claim from elsewhere). Such sentences are dropped before the answer is sent.

// minSupport is the share of a cited sentence's key terms that its passages must contain.
const minSupport = 0.34

var (
	markGroup  = regexp.MustCompile(`\[[\d\s,–-]+\]|【\d+[^】]*】`)
	digitsOnly = regexp.MustCompile(`\d+`)
)

// dropUnsupported removes the sentences of text (still numbered as the hits) whose citations
// the cited passages do not support, and says which in checks.
func dropUnsupported(text string, q *bot.Question, hits []retrieval.Hit, checks []string) (string, []string) {
	if q.Index == nil || len(hits) == 0 || strings.Contains(text, Sentinel) {
		return text, checks
	}
	sents := retrieval.SplitSentences(text)
	if len(sents) == 0 {
		return text, checks
	}
	var out strings.Builder
	last := 0
	dropped := 0
	for i := 0; i < len(sents); i++ {
		s := sents[i]
		end := s.End
		body := s.Text
		// A citation written after the full stop ("claim. [1]") belongs to the sentence before.
		if i+1 < len(sents) && strings.TrimSpace(markGroup.ReplaceAllString(sents[i+1].Text, "")) == "" {
			body += " " + sents[i+1].Text
			end = sents[i+1].End
			i++
		}
		nums := citedIn(body, len(hits))
		if len(nums) > 0 && !supported(markGroup.ReplaceAllString(body, " "), nums, q, hits) {
			out.WriteString(text[last:s.Start])
			last = end
			dropped++
			checks = append(checks, "sentence dropped, its passages do not support it: "+snippetOf(body))
			continue
		}
	}
	if dropped == 0 {
		return text, checks
	}
	out.WriteString(text[last:])
	return out.String(), checks
}

// citedIn returns the valid passage numbers a sentence cites.
func citedIn(s string, n int) []int {
	var out []int
	for _, m := range markGroup.FindAllString(s, -1) {
		for _, d := range digitsOnly.FindAllString(m, -1) {
			if k, err := strconv.Atoi(d); err == nil && k >= 1 && k <= n {
				out = append(out, k)
			}
		}
	}
	return out
}

// supported reports whether the cited passages back a sentence: every number in it occurs in
// them, and enough of its key terms do.
func supported(sentence string, nums []int, q *bot.Question, hits []retrieval.Hit) bool {
	stems := make(map[string]bool)
	var passageText strings.Builder
	for _, n := range nums {
		p := hits[n-1].Passage
		for s := range q.Index.PassageStems(p.ID) {
			stems[s] = true
		}
		passageText.WriteString(p.Text + " ")
	}
	passageNums := numberSet(passageText.String())
	for _, t := range retrieval.Tokenize(sentence) {
		if isDigits(t.Norm) && !passageNums[normNumber(t.Norm)] {
			return false
		}
	}
	// The sentence is analysed in its own language (a model may quote the documents' language).
	query := q.Index.Query(sentence, bot.DetectLang(sentence, q.Lang))
	if len(query.Terms) == 0 {
		return true
	}
	matched := 0
	for _, t := range query.Terms {
		if t.Matches(stems) {
			matched++
		}
	}
	return float64(matched)/float64(len(query.Terms)) >= minSupport
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			if r != '.' && r != ',' && r != '/' {
				return false
			}
		}
	}
	return strings.ContainsAny(s, "0123456789")
}

// numberSet collects the numbers of a text, each also split into its digit groups, so "25/4/2019"
// supports "2019" and "500.000" supports "500,000".
func numberSet(text string) map[string]bool {
	set := make(map[string]bool)
	for _, t := range retrieval.Tokenize(text) {
		if !isDigits(t.Norm) {
			continue
		}
		set[normNumber(t.Norm)] = true
		for _, part := range strings.FieldsFunc(t.Norm, func(r rune) bool { return r == '/' }) {
			set[normNumber(part)] = true
		}
	}
	return set
}

// normNumber drops thousands separators and leading zeros.
func normNumber(s string) string {
	s = strings.NewReplacer(".", "", ",", "").Replace(s)
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return "0"
	}
	return s
}

func snippetOf(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}
