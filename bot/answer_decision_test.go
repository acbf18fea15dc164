package bot

import (
	"strings"
	"testing"
)

func TestTierOf(t *testing.T) {
	// Typical evidence of an answer: most terms found by the asker's own words, the focus, the
	// asked word, the names, the answer type and the numbers all there.
	var full [nFeatures]float64
	full[featCoverage], full[featOwn], full[featBest], full[featFocusShare], full[featPresent], full[featFound] = 0.6, 0.6, 0.7, 0.6, 0.8, 0.6
	for _, i := range []int{featFocus, featAsked, featAskedNoun, featName, featType, featNumbers, featKnownNames, featOrdinal, featModifier} {
		full[i] = 1
	}
	with := func(f [nFeatures]float64, i int, v float64) [nFeatures]float64 { f[i] = v; return f }
	tests := []struct {
		name string
		f    [nFeatures]float64
		want string
	}{
		{"typical evidence", full, tierAnswer},
		{"neither a content word nor the asked word", with(with(full, featFocus, 0), featAsked, 0), tierNone},
		{"the answer type missing, every content word there: partial", with(with(full, featType, 0), featFocusShare, 1), tierPartial},
		{"the answer type and a content word missing", with(full, featType, 0), tierNone},
		{"a number of the question missing", with(full, featNumbers, 0), tierNone},
		{"the asked noun (a who question's role) missing", with(with(full, featAsked, 0), featAskedNoun, 0), tierNone},
		{"the asked noun missing, every content word there: partial", with(with(with(full, featAsked, 0), featAskedNoun, 0), featFocusShare, 1), tierPartial},
		{"a deed or event named otherwise, strong evidence", with(with(full, featAsked, 0), featCoverage, 0.9), tierAnswer},
		{"a name the documents never mention, weak coverage", with(with(full, featKnownNames, 0), featCoverage, 0.5), tierNone},
		{"every name known, the same coverage", with(full, featCoverage, 0.5), tierAnswer},
		{"the answer beside a different ordinal, every content word there: partial", with(with(full, featOrdinal, ordinalOther), featFocusShare, 1), tierPartial},
		{"the answer beside a different ordinal", with(full, featOrdinal, ordinalOther), tierNone},
		{"the question's modifier (default, maksimum) not where the answer stands", with(full, featModifier, 0), tierNone},
		{"nothing found", [nFeatures]float64{}, tierNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tierOf(tt.f, logistic(tt.f, decisionWeights, decisionBias)); got != tt.want {
				t.Errorf("tierOf = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestDecisionTiers asks real questions over the seeds and checks the tier of each decision.
func TestDecisionTiers(t *testing.T) {
	tests := []struct{ q, tier string }{
		{"Berapa ton minyak yang dijanjikan AS kepada Korea Utara setiap tahun dalam Persetujuan Kerangka Kerja?", tierAnswer},
		{"Where did Putin first meet Kim Jong Un?", tierAnswer},
		// The documents tell of the deportation, never when it happened.
		{"Kapan Korut mendeportasi inspektur IAEA?", tierPartial},
		{"When did North Korea deport the IAEA inspectors?", tierPartial},
		{"Siapa Menteri Luar Negeri Rusia?", tierNone},
		// The documents speak of the submarine, never of its name.
		{"Apa nama kapal selam nuklir yang direncanakan Korut dengan bantuan Rusia?", tierPartial},
		{"What is the capital of Australia?", tierNone},
		// The documents tell of the signing, never who was the US president then.
		{"Who was the US president when the 1994 Agreed Framework was signed?", tierNone},
		// A measure asked ("what key LENGTH") must stand where the answer stands.
		{"What minimum length did the Agreed Framework set for the reactor project?", tierNone},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := newSeedAssistant(t, Options{})
			r := a.Ask(t.Context(), Request{ChatID: 1, Text: tt.q})
			if r.Why == nil {
				t.Fatalf("no why:\n%s", r.Text())
			}
			if r.Why.Tier != tt.tier {
				t.Errorf("tier %s (score %.3f), want %s\n%s\n%s", r.Why.Tier, r.Why.Score, tt.tier, r.Text(), r.Why.Text())
			}
			if r.Refused != (tt.tier != tierAnswer) {
				t.Errorf("refused %v for tier %s", r.Refused, tt.tier)
			}
			if tt.tier == tierPartial && (len(r.Citations) == 0 || r.Blocks[0][0].Text != partialHead(r.Why.AnswerType).in(r.Lang)) {
				t.Errorf("a partial answer quotes and cites, under its label:\n%s", r.Text())
			}
		})
	}
}

func TestWhyExplains(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	r := a.Ask(t.Context(), Request{ChatID: 1, Text: "Kapan Persetujuan Kerangka Kerja ditandatangani oleh Korut dan AS?"})
	w := r.Why
	if w == nil {
		t.Fatal("no why")
	}
	if w.AnswerType != typeDate || w.Threshold != answerThreshold || len(w.Features) != nFeatures {
		t.Errorf("why = %+v", w)
	}
	got := map[string]string{}
	for _, term := range w.Terms {
		got[term.Term] = term.Match
	}
	if got["korut"] != matchExact || got["as"] != matchExact {
		t.Errorf("names matched %v", got)
	}
	text := w.Text()
	for _, want := range []string{"tier: ", "answer type: date", "matched: ", "features: "} {
		if !strings.Contains(text, want) {
			t.Errorf("explanation lacks %q:\n%s", want, text)
		}
	}
}
