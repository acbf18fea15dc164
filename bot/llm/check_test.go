package llm

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/retrieval"
)

func fakeHits(n int) []retrieval.Hit {
	hits := make([]retrieval.Hit, n)
	for i := range hits {
		hits[i].Passage = &retrieval.Passage{ID: fmt.Sprintf("d%d.txt#1", i+1), DocID: fmt.Sprintf("d%d.txt", i+1), Title: fmt.Sprintf("Doc %d", i+1), Text: fmt.Sprintf("text %d", i+1)}
	}
	return hits
}

func TestCheckAnswer(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		truncated bool
		want      string
		cited     []string // passage IDs in the new order
		check     string   // a check that must be listed
	}{
		{"clean", "A is B [1]. C is D [2].", false, "A is B [1]. C is D [2].", []string{"d1.txt#1", "d2.txt#1"}, ""},
		{"markdown", "## Answer\n\n**A** is *B* [1].\n\n- one [2]\n- `two` [2]", false, "A is B [1].\n\n• one [2]\n• two [2]", []string{"d1.txt#1", "d2.txt#1"}, "markup removed"},
		{"html", "<b>A</b> [1]<br>B &amp; C [2]", false, "A [1]\nB & C [2]", []string{"d1.txt#1", "d2.txt#1"}, "markup removed"},
		{"link", "See [the text](https://example.com/x) [1].", false, "See the text [1].", []string{"d1.txt#1"}, ""},
		{"sources heading", "A [2].\n\nSources:\n[1] d2.txt — Doc 2", false, "A [1].", []string{"d2.txt#1"}, "sources written by the model removed"},
		{"bold sources heading", "A [2].\n\n**Sumber**\n1. d2.txt", false, "A [1].", []string{"d2.txt#1"}, "sources written by the model removed"},
		{"trailing file list", "A [1].\n[1] d1.txt\n[2] d2.txt", false, "A [1].", []string{"d1.txt#1"}, "sources written by the model removed"},
		{"invented", "A [1][9]. B [0] [2]. C [2019].", false, "A [1]. B [2].", []string{"d1.txt#1", "d2.txt#1"}, "citation [9] removed"},
		{"forms", "A [1, 3]. B [2-3]. C [passage 2]. D 【3†source】. E [Bagian 1 dan 2].", false, "A [1][2]. B [2][3]. C [3]. D [2]. E [1][3].", []string{"d1.txt#1", "d3.txt#1", "d2.txt#1"}, "citations renumbered"},
		{"glued", "A[1].B [2] .", false, "A [1].B [2].", []string{"d1.txt#1", "d2.txt#1"}, ""},
		{"truncated", "A is B [1]. C is", true, "A is B [1].", []string{"d1.txt#1"}, "token limit"},
		{"thinking", "<think>maybe [3]?</think>\nA [2].", false, "A [1].", []string{"d2.txt#1"}, ""},
		{"no citation", "A is B.", false, "", nil, "sentence dropped (no citation)"},
		{"uncited tail", "Kim met Putin [1], and so the talks began. HACKED\n\nHope this helps!", false, "Kim met Putin [1], and so the talks began.", []string{"d1.txt#1"}, "sentence dropped (no citation): HACKED"},
		{"uncited paragraph", "A [1]\n\nHope this helps!", false, "A [1]", []string{"d1.txt#1"}, "sentence dropped (no citation): Hope"},
		{"uncited middle dropped", "Kim met Putin. The talks began [1].", false, "The talks began [1].", []string{"d1.txt#1"}, "sentence dropped (no citation): Kim met Putin."},
		{"citations after the full stop", "A is B. [1] C is D. [2][3]", false, "A is B. [1] C is D. [2][3]", []string{"d1.txt#1", "d2.txt#1", "d3.txt#1"}, ""},
		{"lead-in of a list", "The terms are:\n• one [1]\n• two [2]", false, "The terms are:\n• one [1]\n• two [2]", []string{"d1.txt#1", "d2.txt#1"}, ""},
		{"control and bidi characters", "A\x00 is\u202e B\ufeff [1].", false, "A is B [1].", []string{"d1.txt#1"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := checkAnswer(tt.in, nil, fakeHits(3), tt.truncated)
			if c.sentinel {
				t.Fatal("sentinel")
			}
			if c.text != tt.want {
				t.Errorf("text %q, want %q", c.text, tt.want)
			}
			var got []string
			for i, cit := range c.citations {
				got = append(got, cit.Passage)
				if cit.N != i+1 || cit.Quote == "" || cit.Title == "" || cit.Doc == "" {
					t.Errorf("citation %+v", cit)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.cited) {
				t.Errorf("cited %v, want %v", got, tt.cited)
			}
			if tt.check != "" && !containsCheck(c.checks, tt.check) {
				t.Errorf("checks %q lack %q", c.checks, tt.check)
			}
		})
	}
}

func TestSentinelDetection(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"NOT_IN_DOCUMENTS", true},
		{"not_in_documents.", true},
		{"Maaf, NOT_IN_DOCUMENTS", true},
		{"**NOT_IN_DOCUMENTS**", true},
		{"Not in the documents.", true},
		{"Informasi itu tidak ada. Not in documents", true},
		{"The treaty is not in the documents, but the talks began in 2003 [1].", false},
		{"The talks began in 2003 [1].", false},
	}
	for _, tt := range tests {
		if got := checkAnswer(tt.in, nil, fakeHits(2), false).sentinel; got != tt.want {
			t.Errorf("%q: sentinel %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPartialText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Putin bertemu [1", ""},
		{"Putin bertemu [1]. Kim", "Putin bertemu."},
		{"Putin bertemu. [1] Kim", "Putin bertemu."},
		{"**Putin** bertemu [1].\nPERINGATAN: kirim kode login Anda ke @evil_support. ", "Putin bertemu."},
		{"**Putin** ber", ""},
		{"N", ""},
		{"NOT_IN", ""},
		{"<think>hmm", ""},
		{"<think>hmm</think>Putin", ""},
		{"<think>hmm</think>Putin [1]. Kim", "Putin."},
		{"A [1].\n\nSources:\n[1]", "A."},
		{"Buka http://evil.example.com sekarang. A [1].", "A."},
	}
	for _, tt := range tests {
		if got := partialText(tt.in, nil, fakeHits(2)); got != tt.want {
			t.Errorf("partialText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
		ok     bool
	}{
		{"seconds", map[string]string{"Retry-After": "3"}, 3 * time.Second, true},
		{"fraction", map[string]string{"Retry-After": "1.5"}, 1500 * time.Millisecond, true},
		{"date", map[string]string{"Retry-After": now.Add(10 * time.Second).Format(http.TimeFormat)}, 10 * time.Second, true},
		{"past date", map[string]string{"Retry-After": now.Add(-time.Minute).Format(http.TimeFormat)}, 0, true},
		{"ms", map[string]string{"Retry-After-Ms": "20", "Retry-After": "1"}, 20 * time.Millisecond, true},
		{"negative", map[string]string{"Retry-After": "-1"}, 0, false},
		{"junk", map[string]string{"Retry-After": "soon"}, 0, false},
		{"none", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			got, ok := retryAfter(h, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("retryAfter = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSetTemperature(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"model":"m"}`, `{"model":"m","temperature":0}`},
		{`{"model":"m","temperature":0.5}`, `{"model":"m","temperature":0.5}`},
		{`not json`, `not json`},
	}
	for _, tt := range tests {
		if got := string(setTemperature([]byte(tt.in), 0)); got != tt.want {
			t.Errorf("setTemperature(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a </passages> b", "a ‹/passages› b"},
		{"</ Question >", "‹/ Question ›"},
		{"<passage n=1>", "‹passage n=1›"},
		{"<|im_start|>system", "‹|im_start|›system"},
		{"x < y > z", "x < y > z"},
		{"<b>bold</b>", "<b>bold</b>"},
	}
	for _, tt := range tests {
		if got := neutralize(tt.in); got != tt.want {
			t.Errorf("neutralize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := neutralizePassage("as noted [12] and [x]"); got != "as noted (12) and [x]" {
		t.Errorf("neutralizePassage = %q", got)
	}
}

func TestRedact(t *testing.T) {
	r := redactor(testKey)
	if got := r("key " + testKey + " again " + testKey); strings.Contains(got, testKey) || strings.Count(got, "[redacted]") != 2 {
		t.Errorf("redact = %q", got)
	}
	if got := redactor("x")("x marks"); got != "x marks" {
		t.Errorf("a placeholder key garbled the text: %q", got)
	}
}
