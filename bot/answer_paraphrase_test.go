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

// paraphraseSets are the family files and the floors of the test on each (measured figures are
// in the README): the share of families whose every way of asking gets the same decision, and
// the share whose every way gets the right one (the facts, or a refusal). paraphrases.jsonl was
// written with the answerer; paraphrases-dev2.jsonl was written blind, from the seed texts
// alone, by someone who never saw the code (its floors are where the answerer stood when it
// came: 16/30 the same decision, 12/30 all right); paraphrases-final2.jsonl, written blind too,
// was run once at the end of the round that tuned on dev2 (14/30 → 17/30 the same decision,
// 10/30 → 11/30 all right), and its floors are below that.
var paraphraseSets = []struct {
	file                         string
	minSameDecision, minAllRight float64
}{
	{"../testdata/paraphrases.jsonl", 0.95, 0.9},
	{"../testdata/paraphrases-dev2.jsonl", 0.5, 0.4},
	{"../testdata/paraphrases-final2.jsonl", 0.5, 0.35},
}

// TestParaphraseFamilies asks every question of testdata/paraphrases.jsonl and reports, per
// family, whether all its ways of asking got the same, right decision.
func TestParaphraseFamilies(t *testing.T) {
	for _, set := range paraphraseSets {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(set.file, "../testdata/"), ".jsonl"), func(t *testing.T) {
			// A new assistant for each file: every question in a chat of its own, no follow-ups.
			testParaphraseFamilies(t, newSeedAssistant(t, Options{}), set.file, set.minSameDecision, set.minAllRight)
		})
	}
}

func testParaphraseFamilies(t *testing.T, a *Assistant, file string, minSameDecision, minAllRight float64) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var families, consistent, same, questions, right int
	sc := bufio.NewScanner(f)
	chat := int64(0)
	for sc.Scan() {
		var fam paraphraseFamily
		if err := json.Unmarshal(sc.Bytes(), &fam); err != nil {
			t.Fatalf("%s: %v", file, err)
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
