package llm

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/llm/llmtest"
	"github.com/kutip/kutip/retrieval"
)

// citeDoc answers by citing the prompt's first passage from a document.
func citeDoc(doc, claim string) func(llmtest.Request) llmtest.Response {
	return func(r llmtest.Request) llmtest.Response {
		for _, line := range strings.Split(r.UserPrompt(), "\n") {
			var n int
			var title string
			if _, err := fmt.Sscanf(line, "[%d] (%s", &n, &title); err == nil && strings.Contains(docTitles[doc], strings.TrimSuffix(title, ")")) {
				return llmtest.Response{Content: fmt.Sprintf("%s [%d].", claim, n)}
			}
		}
		return llmtest.Response{Content: Sentinel}
	}
}

var docTitles = map[string]string{"a.txt": "Pertemuan Putin dan Kim", "b.txt": "Kerangka Kesepakatan 1994", "c.txt": "Pembicaraan Enam Pihak"}

func TestRewriteFollowUp(t *testing.T) {
	f := newFixture(t, nil)
	ix := testIndex(t)
	q := question(t, ix, "Kapan itu terjadi?", bot.LangID)
	q.History = []string{"Di mana Putin bertemu Kim Jong Un?"}
	f.srv.Chat(llmtest.Response{Content: "Sure! ```json\n{\"standalone\": \"Kapan Putin bertemu Kim Jong Un di Vladivostok?\",\n \"translation\": \"Kapan Presiden Putin dan Kim Jong Un bertemu di Vladivostok?\"}\n```"})
	f.srv.OnChat(citeDoc("a.txt", "Pada April 2019"))

	r, err := f.gen.Generate(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if q.Hits[0].Passage.DocID != "a.txt" {
		t.Errorf("fused hits start with %s", q.Hits[0].Passage.DocID)
	}
	if r.Citations[0].Doc != "a.txt" || r.Blocks[0][0].Text != "Pada April 2019 [1]." {
		t.Errorf("reply %q", r.Text())
	}
	if !containsCheck(r.Checks, "query rewritten") {
		t.Errorf("checks %q", r.Checks)
	}
	reqs := f.srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want rewrite + answer", len(reqs))
	}
	rw := reqs[0]
	if !strings.Contains(rw.SystemPrompt(), "never answer") || !strings.Contains(rw.SystemPrompt(), "Indonesian") {
		t.Errorf("rewrite system prompt:\n%s", rw.SystemPrompt())
	}
	if want := "<history>\n1. Di mana Putin bertemu Kim Jong Un?\n</history>\n\n<question>\nKapan itu terjadi?\n</question>"; rw.UserPrompt() != want {
		t.Errorf("rewrite prompt:\n%s", rw.UserPrompt())
	}
	if rw.Temperature == nil || *rw.Temperature != 0 || rw.MaxTokens != rewriteMaxTokens {
		t.Errorf("rewrite temperature %v max_tokens %d", rw.Temperature, rw.MaxTokens)
	}
	if !strings.Contains(reqs[1].UserPrompt(), "Kapan itu terjadi?\n(In context: Kapan Putin bertemu Kim Jong Un di Vladivostok?)\n</question>") {
		t.Errorf("answer prompt lacks the standalone question:\n%s", reqs[1].UserPrompt())
	}
}

func TestRewriteCrossLingual(t *testing.T) {
	f := newFixture(t, nil)
	q := question(t, testIndex(t), "Which reactor did the north agree to freeze?", bot.LangEN)
	before := hitIDs(q.Hits)
	f.srv.Chat(llmtest.Response{Content: `{"standalone": "Which reactor did North Korea agree to freeze?", "translation": "Reaktor mana yang disetujui Korea Utara untuk dibekukan di Yongbyon?"}`})
	f.srv.OnChat(citeDoc("b.txt", "North Korea agreed to freeze the Yongbyon reactor"))
	r, err := f.gen.Generate(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if q.Hits[0].Passage.DocID != "b.txt" {
		t.Errorf("hits before %v, after %v", before, hitIDs(q.Hits))
	}
	if r.Citations[0].Doc != "b.txt" || r.Lang != bot.LangEN || !strings.Contains(r.Text(), "Sources:") {
		t.Errorf("reply %q", r.Text())
	}
	if !strings.Contains(f.srv.Requests()[1].SystemPrompt(), "in English") {
		t.Error("the answer must be asked for in the asker's language")
	}
}

func hitIDs(hits []retrieval.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Passage.ID)
	}
	return out
}

func TestRewriteFailureKeepsHits(t *testing.T) {
	for name, rw := range map[string]llmtest.Response{
		"junk":      {Content: "I'm sorry, I cannot help with that."},
		"malformed": {Content: `{"standalone": "Kapan`},
		"error":     {Status: 400},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, nil)
			q := question(t, testIndex(t), "When did the Six-Party Talks start?", bot.LangEN)
			before := fmt.Sprint(hitIDs(q.Hits))
			f.srv.Chat(rw)
			f.srv.OnChat(func(llmtest.Request) llmtest.Response { return llmtest.Response{Content: "In August 2003 [1]."} })
			r, err := f.gen.Generate(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(hitIDs(q.Hits)); got != before {
				t.Errorf("hits changed: %s → %s", before, got)
			}
			if !containsCheck(r.Checks, "query rewriting skipped") {
				t.Errorf("checks %q", r.Checks)
			}
		})
	}
}

func TestParseRewrite(t *testing.T) {
	tests := []struct {
		name, in string
		want     Rewrite
		err      bool
	}{
		{"plain", `{"standalone":"a b","translation":"c d"}`, Rewrite{"a b", "c d"}, false},
		{"fenced", "```json\n{\"standalone\": \"a\", \"translation\": \"c\"}\n```", Rewrite{"a", "c"}, false},
		{"junk around", "Here you go: {\"standalone\": \"a\"} hope it helps", Rewrite{Standalone: "a"}, false},
		{"thinking", "<think>{\"standalone\": \"wrong\"}</think>{\"translation\": \"c\"}", Rewrite{Translation: "c"}, false},
		{"other keys", `{"question": "a", "translated": "c"}`, Rewrite{"a", "c"}, false},
		{"spaces squeezed", "{\"standalone\": \" a\\n  b \"}", Rewrite{Standalone: "a b"}, false},
		{"non-string", `{"standalone": 3, "translation": ["x"]}`, Rewrite{}, true},
		{"too long", `{"standalone": "` + strings.Repeat("word ", 100) + `"}`, Rewrite{}, true},
		{"sentinel", `{"standalone": "NOT_IN_DOCUMENTS"}`, Rewrite{}, true},
		{"no object", "no", Rewrite{}, true},
		{"malformed", `{"standalone": }`, Rewrite{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseRewrite(tt.in, "short question")
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("parseRewrite = %+v, %v; want %+v, error %v", got, err, tt.want, tt.err)
			}
		})
	}
}

func TestFuse(t *testing.T) {
	ps := make([]retrieval.Passage, 4)
	hit := func(i int) retrieval.Hit {
		ps[i].ID = fmt.Sprint("p", i)
		return retrieval.Hit{Passage: &ps[i], Lexical: i + 1}
	}
	lists := [][]retrieval.Hit{
		{hit(0), hit(1), hit(2)},
		{hit(2), hit(3)},
		{hit(2), hit(1)},
	}
	got := fuse(lists, 3)
	if ids := fmt.Sprint(hitIDs(got)); ids != "[p2 p1 p0]" {
		t.Errorf("fused %s", ids)
	}
	if want := 2.0/61 + 1.0/63; math.Abs(got[0].Score-want) > 1e-12 || got[0].Lexical != 3 {
		t.Errorf("p2 score %v lexical %d, want %v and the first list's details", got[0].Score, got[0].Lexical, want)
	}
}
