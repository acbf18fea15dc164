package bot

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// paraphraseFamily is one question asked several ways (formal, colloquial, passive or active,
// the other language): each way must get the same decision, and an answerable one its facts.
type paraphraseFamily struct {
	ID         string   `json:"id"`
	Answerable bool     `json:"answerable"`
	Facts      []string `json:"facts"`
	Questions  []string `json:"questions"`
}

// The floors of the test (measured figures are in the README): the share of families whose
// every way of asking gets the same decision, and the share whose every way gets the right one
// (the facts, or a refusal).
const (
	minSameDecision = 0.95
	minAllRight     = 0.9
)

// TestParaphraseFamilies asks every question of testdata/paraphrases.jsonl and reports, per
// family, whether all its ways of asking got the same, right decision.
func TestParaphraseFamilies(t *testing.T) {
	f, err := os.Open("../testdata/paraphrases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a := newSeedAssistant(t, Options{})
	var families, consistent, same, questions, right int
	sc := bufio.NewScanner(f)
	chat := int64(0)
	for sc.Scan() {
		var fam paraphraseFamily
		if err := json.Unmarshal(sc.Bytes(), &fam); err != nil {
			t.Fatalf("paraphrases.jsonl: %v", err)
		}
		families++
		ok, answered := true, map[bool]int{}
		for _, q := range fam.Questions {
			chat++
			r := a.Ask(t.Context(), Request{ChatID: chat, Text: q})
			good := r.Refused != fam.Answerable
			for _, fact := range fam.Facts {
				good = good && strings.Contains(r.Text(), fact)
			}
			answered[!r.Refused]++
			questions++
			if good {
				right++
			} else {
				ok = false
				tier := ""
				if r.Why != nil {
					tier = r.Why.Tier
				}
				t.Logf("%s: %q: refused %v (%s), want answerable %v with %q", fam.ID, q, r.Refused, tier, fam.Answerable, fam.Facts)
			}
		}
		if ok {
			consistent++
		}
		if len(answered) == 1 {
			same++
		}
	}
	t.Logf("paraphrase families: %d/%d all right, %d/%d the same decision throughout; questions right %d/%d",
		consistent, families, same, families, right, questions)
	if r := float64(same) / float64(families); r < minSameDecision {
		t.Errorf("same decision across a family: %.2f, below %.2f", r, minSameDecision)
	}
	if r := float64(consistent) / float64(families); r < minAllRight {
		t.Errorf("families all right: %.2f, below %.2f", r, minAllRight)
	}
}
