package bot

import (
	"fmt"
	"sort"
	"strings"
)

// Why explains an extractive decision: the question's terms and how each matched the quoted
// sentences, the answer type expected, the features, the score against the threshold and the
// tier. `kutip ask --json` prints it as "why", `kutip ask --explain` and the admins' /why as text.
type Why struct {
	Terms      []WhyTerm          `json:"terms"`
	AnswerType string             `json:"answer_type,omitempty"`
	Features   map[string]float64 `json:"features"`
	Score      float64            `json:"score"`
	Threshold  float64            `json:"threshold"`
	Tier       string             `json:"tier"`
	// Span is the exact answer the reply leads with (a number, date, name or place), if any.
	Span string `json:"span,omitempty"`
}

// WhyTerm is one key term of the question and how it matched.
type WhyTerm struct {
	Term string `json:"term"`
	// Kind is "word", "name" or "number"; Match one of exact, stem, translation, variant (an
	// affix variant or synonym), passage (only elsewhere in the passage) or missing.
	Kind   string  `json:"kind"`
	Match  string  `json:"match"`
	Weight float64 `json:"weight"`
	// Asked marks the word the question's form puts in question; Context a term a follow-up
	// borrowed from the question before; Light a question-frame word.
	Asked   bool `json:"asked,omitempty"`
	Context bool `json:"context,omitempty"`
	Light   bool `json:"light,omitempty"`
}

// explain builds the Why of an evidence and its decision.
func explain(ev *evidence, d decision) *Why {
	w := &Why{AnswerType: ev.want, Features: map[string]float64{}, Score: round3(d.score), Threshold: answerThreshold, Tier: d.tier}
	asked := make(map[int]bool)
	for _, i := range ev.asked {
		asked[i] = true
	}
	for i, t := range ev.terms {
		m := matchMissing
		if i < len(ev.how) {
			m = ev.how[i]
		}
		w.Terms = append(w.Terms, WhyTerm{Term: t.term.Source, Kind: t.term.Kind, Match: m, Weight: round3(t.weight),
			Asked: asked[i], Context: t.term.Context, Light: t.light})
	}
	for i, f := range d.features {
		w.Features[featureNames[i]] = round3(f)
	}
	return w
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// Text renders the explanation for a terminal or a chat: one line per part.
func (w *Why) Text() string {
	if w == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "tier: %s (score %.3f, threshold %.2f)\n", w.Tier, w.Score, w.Threshold)
	if w.AnswerType != "" {
		fmt.Fprintf(&b, "answer type: %s\n", w.AnswerType)
	}
	if w.Span != "" {
		fmt.Fprintf(&b, "answer span: %s\n", w.Span)
	}
	var matched, missing []string
	for _, t := range w.Terms {
		s := fmt.Sprintf("%s [%s, %s, %.2f", t.Term, t.Kind, t.Match, t.Weight)
		for _, flag := range []struct {
			on   bool
			name string
		}{{t.Asked, "asked"}, {t.Context, "context"}, {t.Light, "frame word"}} {
			if flag.on {
				s += ", " + flag.name
			}
		}
		s += "]"
		if t.Match == matchMissing || t.Match == matchPassage {
			missing = append(missing, s)
		} else {
			matched = append(matched, s)
		}
	}
	fmt.Fprintf(&b, "matched: %s\n", orNone(matched))
	fmt.Fprintf(&b, "missing: %s\n", orNone(missing))
	names := make([]string, 0, len(w.Features))
	for n := range w.Features {
		names = append(names, n)
	}
	sort.Strings(names)
	var fs []string
	for _, n := range names {
		fs = append(fs, fmt.Sprintf("%s %.2f", n, w.Features[n]))
	}
	fmt.Fprintf(&b, "features: %s", strings.Join(fs, ", "))
	return b.String()
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "—"
	}
	return strings.Join(xs, "; ")
}
