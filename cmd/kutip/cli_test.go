package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/kutip/kutip/retrieval"
)

// cliRun runs kutip as main does, with a getenv that sees only kv, stdin and buffers.
func cliRun(t *testing.T, stdin string, kv map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return kv[k] }
	err := run(t.Context(), args, getenv, strings.NewReader(stdin), &out, &errb)
	code = report(&errb, err)
	return out.String(), errb.String(), code
}

// askKeys and friends are the fields docs/architecture.md (Contracts) promises for "kutip ask --json".
var (
	askKeys      = []string{"answer", "citations", "elapsed_ms", "lang", "mode", "passages", "question", "refused"}
	citationKeys = []string{"doc", "n", "passage", "quote", "title"}
	passageKeys  = []string{"doc", "id", "score", "text"}
)

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// checkAskJSON checks one line of "kutip ask --json" against the contract, field by field and
// type by type, and returns it decoded.
func checkAskJSON(t *testing.T, line string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, line)
	}
	// "why" is optional (docs/architecture.md, Contracts): set aside for the key check, given back to the caller.
	if why, ok := m["why"].(map[string]any); ok {
		delete(m, "why")
		defer func() { m["why"] = why }()
	}
	if got := keysOf(m); !reflect.DeepEqual(got, askKeys) {
		t.Errorf("fields (-got +want):\n- %v\n+ %v", got, askKeys)
	}
	for k, want := range map[string]string{"question": "string", "lang": "string", "refused": "bool", "mode": "string", "answer": "string", "citations": "array", "passages": "array", "elapsed_ms": "number"} {
		if got := jsonType(m[k]); got != want {
			t.Errorf("%s is a %s, want a %s", k, got, want)
		}
	}
	if l := m["lang"]; l != "id" && l != "en" {
		t.Errorf("lang %v", l)
	}
	if m["mode"] != "extractive" {
		t.Errorf("mode %v, want extractive", m["mode"])
	}
	cits, _ := m["citations"].([]any)
	for i, c := range cits {
		cm, _ := c.(map[string]any)
		if sec, ok := cm["section"]; ok { // optional (docs/architecture.md, Contracts): a string when present
			if s, _ := sec.(string); s == "" {
				t.Errorf("citation %d: section %v", i, sec)
			}
			cm = maps.Clone(cm)
			delete(cm, "section")
		}
		if got := keysOf(cm); !reflect.DeepEqual(got, citationKeys) {
			t.Errorf("citation %d fields %v, want %v", i, got, citationKeys)
		}
		if jsonType(cm["n"]) != "number" || cm["n"] != float64(i+1) || jsonType(cm["quote"]) != "string" || cm["quote"] == "" {
			t.Errorf("citation %d: %v", i, cm)
		}
	}
	ps, _ := m["passages"].([]any)
	if len(ps) < 3 {
		t.Errorf("%d passages, want at least 3", len(ps))
	}
	prev := 1e9
	for i, p := range ps {
		pm, _ := p.(map[string]any)
		if sec, ok := pm["section"]; ok { // optional (docs/architecture.md, Contracts): a string when present
			if s, _ := sec.(string); s == "" {
				t.Errorf("passage %d: section %v", i, sec)
			}
			pm = maps.Clone(pm)
			delete(pm, "section")
		}
		if got := keysOf(pm); !reflect.DeepEqual(got, passageKeys) {
			t.Errorf("passage %d fields %v, want %v", i, got, passageKeys)
		}
		score, _ := pm["score"].(float64)
		if jsonType(pm["score"]) != "number" || score > prev {
			t.Errorf("passage %d score %v after %v: not best first", i, pm["score"], prev)
		}
		prev = score
		if id, _ := pm["id"].(string); !strings.HasPrefix(id, pm["doc"].(string)+"#") {
			t.Errorf("passage %d: id %v, doc %v", i, pm["id"], pm["doc"])
		}
	}
	return m
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "bool"
	case float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case nil:
		return "null"
	}
	return "?"
}

func TestAskJSON(t *testing.T) {
	stdout, stderr, code := cliRun(t, "", nil, "ask", "--json", "Where did Putin first meet Kim Jong Un?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Count(stdout, "\n") != 1 {
		t.Errorf("want one line, got:\n%s", stdout)
	}
	m := checkAskJSON(t, stdout)
	if m["question"] != "Where did Putin first meet Kim Jong Un?" || m["lang"] != "en" || m["refused"] != false {
		t.Errorf("question %v, lang %v, refused %v", m["question"], m["lang"], m["refused"])
	}
	answer, _ := m["answer"].(string)
	if !strings.Contains(answer, "Vladivostok") || !strings.Contains(answer, "[1] 002_c095447da0f7cb9e.txt — ") || strings.Contains(answer, "\x1b") {
		t.Errorf("answer:\n%s", answer)
	}
	cits := m["citations"].([]any)
	if len(cits) == 0 || cits[0].(map[string]any)["doc"] != "002_c095447da0f7cb9e.txt" {
		t.Errorf("citations %v", cits)
	}
	why, _ := m["why"].(map[string]any)
	if why["tier"] != "answer" || why["answer_type"] != "where" || why["threshold"] != 0.5 || len(why["terms"].([]any)) == 0 {
		t.Errorf("why %v", m["why"])
	}
	// HTML is not escaped: the answer is plain text for any front end.
	if strings.Contains(stdout, `\u003c`) || strings.Contains(stdout, `\u0026`) {
		t.Errorf("JSON escapes HTML characters:\n%s", stdout)
	}
}

// TestCommandsAreQuiet: with the default configuration, commands other than the bot write
// nothing on stderr, so "kutip ask --json … 2>&1 | jq" reads JSON only.
func TestCommandsAreQuiet(t *testing.T) {
	for _, args := range [][]string{
		{"ask", "--json", "Where did Putin first meet Kim Jong Un?"},
		{"ask", "Apa resep rendang yang enak?"},
		{"search", "kapal selam"},
		{"quote", "Vladivostok"},
		{"sources"},
		{"version"},
	} {
		stdout, stderr, code := cliRun(t, "", nil, args...)
		if code != 0 || stderr != "" || stdout == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	// Asked for, the per-question line is there.
	if _, stderr, _ := cliRun(t, "", map[string]string{"KUTIP_LOG_LEVEL": "info"}, "ask", "Where did Putin first meet Kim Jong Un?"); !strings.Contains(stderr, "level=INFO") {
		t.Errorf("KUTIP_LOG_LEVEL=info: stderr %q, want info lines", stderr)
	}
}

func TestAskJSONRefusal(t *testing.T) {
	stdout, _, code := cliRun(t, "", nil, "ask", "--json", "Apa resep rendang yang enak?")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	m := checkAskJSON(t, stdout)
	if m["refused"] != true || m["lang"] != "id" || len(m["citations"].([]any)) != 0 {
		t.Errorf("refusal: refused %v, lang %v, citations %v", m["refused"], m["lang"], m["citations"])
	}
	if !strings.HasPrefix(m["answer"].(string), "Saya tidak menemukan jawabannya di dokumen.") {
		t.Errorf("answer %q", m["answer"])
	}
}

func TestAskJSONLinesFromStdin(t *testing.T) {
	in := "Where did Putin first meet Kim Jong Un?\n\n  \nSiapa yang mengendalikan Grup Wagner sampai tahun 2023?\nWhat is the capital of France?\n"
	stdout, stderr, code := cliRun(t, in, nil, "ask", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), stdout)
	}
	want := []struct {
		lang    string
		refused bool
	}{{"en", false}, {"id", false}, {"en", true}}
	for i, line := range lines {
		m := checkAskJSON(t, line)
		if m["lang"] != want[i].lang || m["refused"] != want[i].refused {
			t.Errorf("line %d: lang %v refused %v, want %v", i+1, m["lang"], m["refused"], want[i])
		}
	}
}

func TestAskPlainAndLang(t *testing.T) {
	stdout, _, code := cliRun(t, "", nil, "ask", "--lang", "en", "Di mana Putin pertama kali bertemu Kim Jong Un?")
	if code != 0 || !strings.HasPrefix(stdout, "Vladivostok\n\nAccording to the documents: (The quotes are in Indonesian, as the documents are.)\n") || !strings.Contains(stdout, "Sources:\n[1] 002_") {
		t.Errorf("--lang en, exit %d:\n%s", code, stdout)
	}
	stdout, _, _ = cliRun(t, "", nil, "ask", "--json", "--lang", "id", "Where did Putin first meet Kim Jong Un?")
	if m := checkAskJSON(t, stdout); m["lang"] != "id" || !strings.HasPrefix(m["answer"].(string), "Vladivostok\n\nMenurut dokumen:") {
		t.Errorf("--lang id: %v", m["answer"])
	}
	// Plain answers from stdin are separated by a blank line.
	stdout, _, code = cliRun(t, "Where did Putin first meet Kim Jong Un?\nWhat is the capital of France?\n", nil, "ask")
	if code != 0 || !strings.Contains(stdout, "\n\nI couldn't find that in the documents.\n") || !strings.HasPrefix(stdout, "Vladivostok\n\nAccording to the documents:") {
		t.Errorf("plain from stdin, exit %d:\n%s", code, stdout)
	}
}

func TestAskExplain(t *testing.T) {
	stdout, _, code := cliRun(t, "", nil, "ask", "--explain", "Where did Putin first meet Kim Jong Un?")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	_, why, ok := strings.Cut(stdout, "\n\nWhy:\n")
	if !ok || !strings.HasPrefix(why, "tier: answer (score ") || !strings.Contains(why, "answer type: where") || !strings.Contains(why, "matched: ") {
		t.Errorf("--explain:\n%s", stdout)
	}
}

func TestAskUsageErrors(t *testing.T) {
	tests := []struct {
		name, stdin string
		args        []string
		stderr      string
	}{
		{"no question, empty stdin", "", []string{"ask"}, "no question"},
		{"no question, blank stdin", "\n  \n", []string{"ask", "--json"}, "no question"},
		{"bad --lang", "", []string{"ask", "--lang", "fr", "hi"}, `--lang must be id or en, not "fr"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := cliRun(t, tt.stdin, nil, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.stderr) || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, stdout, stderr, tt.stderr)
			}
		})
	}
}

func TestSearchJSON(t *testing.T) {
	stdout, stderr, code := cliRun(t, "", nil, "search", "--json", "--k", "3", "Where did Putin first meet Kim Jong Un?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct {
		Query string
		Lang  string
		Hits  []map[string]any
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if out.Query != "Where did Putin first meet Kim Jong Un?" || out.Lang != "en" || len(out.Hits) != 3 {
		t.Fatalf("query %q lang %q, %d hits", out.Query, out.Lang, len(out.Hits))
	}
	wantKeys := []string{"bm25_rank", "doc", "id", "matched", "rank", "score", "text", "title", "vector_rank"}
	for i, h := range out.Hits {
		if got := keysOf(h); !reflect.DeepEqual(got, wantKeys) {
			t.Errorf("hit %d fields %v, want %v", i, got, wantKeys)
		}
		if h["rank"] != float64(i+1) {
			t.Errorf("hit %d rank %v", i, h["rank"])
		}
	}
	if out.Hits[0]["doc"] != "002_c095447da0f7cb9e.txt" {
		t.Errorf("top hit from %v", out.Hits[0]["doc"])
	}
	for _, args := range [][]string{{"search"}, {"search", "--k", "0", "x"}, {"search", "--method", "magic", "x"}} {
		if _, _, code := cliRun(t, "", nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestSearchText: a ranking that did not rank a passage is left out rather than shown as #0, a
// passage that holds no query term has no "matched:", and passages are wrapped with every line
// indented under their hit.
func TestSearchText(t *testing.T) {
	stdout, _, code := cliRun(t, "", nil, "search", "--k", "8", "submarine")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(stdout, "#0") || strings.Contains(stdout, "matched: \n") || strings.HasSuffix(strings.TrimSpace(strings.Split(stdout, "\n")[0]), "matched:") {
		t.Errorf("rank #0 or empty matched:\n%s", stdout)
	}
	hits := 0
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		switch {
		case line == "":
		case strings.HasPrefix(line, "   "):
			if n := len([]rune(line)); n > searchWidth && strings.Contains(strings.TrimSpace(line), " ") {
				t.Errorf("line of %d characters:\n%s", n, line)
			}
		default:
			hits++
			if !strings.HasPrefix(line, fmt.Sprintf("%d. ", hits)) {
				t.Errorf("unindented line, not a hit line: %q", line)
			}
		}
	}
	if hits != 8 {
		t.Errorf("%d hits, want 8:\n%s", hits, stdout)
	}
	if !strings.Contains(stdout, "(bm25 #1, vector #1)  matched: submarine\n   ") || !strings.Contains(stdout, "  (vector #") {
		t.Errorf("hit lines:\n%s", stdout)
	}
	// In JSON, a ranking that did not rank the passage is null, and matched is always a list.
	stdout, _, _ = cliRun(t, "", nil, "search", "--json", "--k", "8", "submarine")
	var out struct{ Hits []map[string]any }
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	nulls := 0
	for _, h := range out.Hits {
		if _, ok := h["matched"].([]any); !ok {
			t.Errorf("matched is %v, want a list", h["matched"])
		}
		if h["bm25_rank"] == nil {
			nulls++
		} else if r, _ := h["bm25_rank"].(float64); r < 1 {
			t.Errorf("bm25_rank %v", h["bm25_rank"])
		}
	}
	if nulls == 0 {
		t.Errorf("no hit without a BM25 rank; the case is not tested")
	}
}

func TestIndentWrap(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"", ""},
		{"satu dua tiga", "  satu dua tiga\n"},
		{"satu dua tiga empat", "  satu dua tiga\n  empat\n"},
		{"satu\ndua", "  satu\n  dua\n"},
		{"sangatpanjangsekali x", "  sangatpanjangsekali\n  x\n"},
	}
	for _, tt := range tests {
		if got := indentWrap(tt.text, "  ", 15); got != tt.want {
			t.Errorf("indentWrap(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestQuoteCommand(t *testing.T) {
	stdout, _, code := cliRun(t, "", nil, "quote", "jaminan", "keamanan")
	if code != 0 || !strings.HasPrefix(stdout, "Kutipan yang paling cocok untuk “jaminan keamanan”:\n\n[1] ") || !strings.Contains(stdout, "— 002_c095447da0f7cb9e.txt — ") || strings.Contains(stdout, "\x1b") {
		t.Errorf("quote, exit %d:\n%s", code, stdout)
	}
	stdout, _, code = cliRun(t, "", nil, "quote", "--json", "Vladivostok")
	var out struct {
		Query    string
		Passages []map[string]any
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || code != 0 {
		t.Fatalf("quote --json: exit %d, %v\n%s", code, err, stdout)
	}
	if out.Query != "Vladivostok" || len(out.Passages) == 0 || !strings.Contains(out.Passages[0]["quote"].(string), "Vladivostok") {
		t.Errorf("quote --json: %+v", out)
	}
	// The matches are marked: spans in characters of the quote, with their text.
	stdout, _, _ = cliRun(t, "", nil, "quote", "--json", "jaminan", "keamanan")
	var marked struct {
		Passages []struct {
			Quote string
			Marks []struct {
				Start, End int
				Text       string
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &marked); err != nil || len(marked.Passages) == 0 {
		t.Fatalf("quote --json: %v\n%s", err, stdout)
	}
	for i, p := range marked.Passages {
		if len(p.Marks) == 0 {
			t.Errorf("passage %d: no marks", i+1)
		}
		runes := []rune(p.Quote)
		for _, m := range p.Marks {
			if m.Start < 0 || m.End > len(runes) || string(runes[m.Start:m.End]) != m.Text || !strings.Contains(strings.ToLower(m.Text), "jaminan") && !strings.Contains(strings.ToLower(m.Text), "keamanan") {
				t.Errorf("passage %d: mark %+v of %q", i+1, m, p.Quote)
			}
		}
	}
	if _, stderr, code := cliRun(t, "", nil, "quote"); code != 2 || !strings.Contains(stderr, "quote needs the words") {
		t.Errorf("quote without words: exit %d, %q", code, stderr)
	}
}

func TestSourcesCommand(t *testing.T) {
	stdout, _, code := cliRun(t, "", nil, "sources", "--json")
	var docs []map[string]any
	if err := json.Unmarshal([]byte(stdout), &docs); err != nil || code != 0 {
		t.Fatalf("sources --json: exit %d, %v\n%s", code, err, stdout)
	}
	if len(docs) != 5 {
		t.Fatalf("%d documents, want 5", len(docs))
	}
	total := 0
	for i, d := range docs {
		file, _ := d["file"].(string)
		n, _ := d["passages"].(float64)
		if d["id"] != string(rune('1'+i)) || !strings.HasPrefix(file, "00"+string(rune('0'+i))+"_") || d["title"] == "" || n < 1 {
			t.Errorf("document %d: %v", i, d)
		}
		total += int(n)
	}
	if total < 5 {
		t.Errorf("%d passages in all", total)
	}
	stdout, _, code = cliRun(t, "", nil, "sources")
	if code != 0 || !strings.HasPrefix(stdout, "Dokumen (5):") {
		t.Errorf("sources, exit %d:\n%s", code, stdout)
	}
	if strings.Contains(stdout, "/source") || !strings.Contains(stdout, "kutip sources 1") {
		t.Errorf("sources names a chat command:\n%s", stdout)
	}
	stdout, _, code = cliRun(t, "", nil, "sources", "3")
	if code != 0 || !strings.Contains(stdout, "002_c095447da0f7cb9e.txt\nHalaman 1 dari") || !strings.HasSuffix(stdout, "\n(Halaman berikutnya: kutip sources 3 2)\n") {
		t.Errorf("sources 3, exit %d:\n%s", code, stdout)
	}
	stdout, _, code = cliRun(t, "", nil, "sources", "3", "3")
	if code != 0 || !strings.Contains(stdout, "Halaman 3 dari 3") || strings.Contains(stdout, "berikutnya") {
		t.Errorf("sources 3 3, exit %d:\n%s", code, stdout)
	}
	// Not found: a command-line message on stderr, nothing on stdout, exit status 1.
	stdout, stderr, code := cliRun(t, "", nil, "sources", "99")
	if code != 1 || stdout != "" || stderr != "kutip: no document \"99\" (or more than one matches it); \"kutip sources\" lists them\n" {
		t.Errorf("sources 99: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, _, code := cliRun(t, "", nil, "sources", "3", "0"); code != 2 {
		t.Errorf("sources 3 0: exit %d, want 2", code)
	}
}

// TestLanguageRule: replies with nothing to read a language from follow the locale, then
// KUTIP_LANG; the C locale names no language. The same for every command and the chat.
func TestLanguageRule(t *testing.T) {
	// Which locale variable wins is TestLocaleLang's; here, that every reply follows the result.
	tests := []struct {
		env  map[string]string
		want string // "id" or "en"
	}{
		{nil, "id"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "en"},
		{map[string]string{"LANG": "C.UTF-8", "KUTIP_LANG": "en"}, "en"},
	}
	heads := map[string][]string{
		"id": {"Dokumen (5):", "Halo!", "Dokumen (5):", "Kutipan yang paling cocok"},
		"en": {"Documents (5):", "Hello!", "Documents (5):", "Passages that best match"},
	}
	for _, tt := range tests {
		sources, _, _ := cliRun(t, "", tt.env, "sources")
		chat, _, _ := cliRun(t, "/start\n/sources\n/quote Vladivostok\n", tt.env, "chat")
		got := []string{sources}
		for _, reply := range strings.Split(chat, "\n\n") {
			// The chat's replies, each starting after a blank line: keep the first line of each.
			if line := strings.SplitN(reply, "\n", 2)[0]; strings.HasPrefix(line, "Halo!") || strings.HasPrefix(line, "Hello!") || strings.HasPrefix(line, "Dokumen") || strings.HasPrefix(line, "Documents") || strings.HasPrefix(line, "Kutipan") || strings.HasPrefix(line, "Passages") {
				got = append(got, line)
			}
		}
		if len(got) != len(heads[tt.want]) {
			t.Errorf("%v: replies %q", tt.env, got)
			continue
		}
		for i, want := range heads[tt.want] {
			if !strings.HasPrefix(got[i], want) {
				t.Errorf("%v: reply %d starts %.40q, want %q", tt.env, i, got[i], want)
			}
		}
	}
}

func TestLocaleLang(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{nil, ""},
		{map[string]string{"LANG": "en_US.UTF-8"}, "en_US"},
		{map[string]string{"LANG": "C.UTF-8"}, ""},
		{map[string]string{"LANG": "POSIX"}, ""},
		{map[string]string{"LANG": "id_ID.UTF-8", "LC_MESSAGES": "en_GB"}, "en_GB"},
		{map[string]string{"LANG": "en_US", "LC_ALL": "id_ID@euro"}, "id_ID"},
	}
	for _, tt := range tests {
		if got := localeLang(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.env, got, tt.want)
		}
	}
}

// TestEvalDev pins the dev-set figures the README claims: every mark 100%.
func TestEvalDev(t *testing.T) {
	qa := filepath.Join("..", "..", "bot", "testdata", "qa-dev.jsonl")
	stdout, stderr, code := cliRun(t, "", nil, "eval", "--qa", qa, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if rep.Questions != 14 || rep.Method != "hybrid" || !rep.Translate || len(rep.Failures) != 0 {
		t.Errorf("questions %d, method %q, translate %v, failures %q", rep.Questions, rep.Method, rep.Translate, rep.Failures)
	}
	r := func(n, total int) ratio { return ratio{N: n, Total: total} }
	want := map[string]evalScores{
		"all": {Top1: r(10, 10), Top3: r(10, 10), FactsTop1: r(10, 10), FactsTop3: r(10, 10), Cited: r(10, 10), FactsAnswer: r(10, 10), Refused: r(4, 4), Answered: r(10, 10), LangRight: r(14, 14)},
		"id":  {Top1: r(5, 5), Top3: r(5, 5), FactsTop1: r(5, 5), FactsTop3: r(5, 5), Cited: r(5, 5), FactsAnswer: r(5, 5), Refused: r(2, 2), Answered: r(5, 5), LangRight: r(7, 7)},
		"en":  {Top1: r(5, 5), Top3: r(5, 5), FactsTop1: r(5, 5), FactsTop3: r(5, 5), Cited: r(5, 5), FactsAnswer: r(5, 5), Refused: r(2, 2), Answered: r(5, 5), LangRight: r(7, 7)},
	}
	if !reflect.DeepEqual(rep.Scores, want) {
		t.Errorf("scores (-got +want):\n- %+v\n+ %+v", rep.Scores, want)
	}
	if rep.P50MS <= 0 || rep.P95MS < rep.P50MS {
		t.Errorf("latency p50 %v p95 %v", rep.P50MS, rep.P95MS)
	}
	// The table form shows the same figures.
	stdout, _, code = cliRun(t, "", nil, "eval", "--qa", qa)
	if code != 0 || !strings.Contains(stdout, "gold document cited") || !strings.Contains(stdout, "10/10 (100%)") || !strings.Contains(stdout, "14/14 (100%)") {
		t.Errorf("eval table, exit %d:\n%s", code, stdout)
	}
}

// TestEvalCompare checks that the comparison has the plain baseline and a row for each part of
// query analysis switched off.
func TestEvalCompare(t *testing.T) {
	qa := filepath.Join("..", "..", "bot", "testdata", "qa-dev.jsonl")
	stdout, stderr, code := cliRun(t, "", nil, "eval", "--qa", qa, "--compare")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, row := range []string{"| plain BM25 (no stemming) |", "| hybrid + translation (default) | 5/5 (100%) | 5/5 (100%) |", "without chat spellings", "without typo correction", "without synonyms", "without dictionary stems", "without loanwords and glosses", "without proximity"} {
		if !strings.Contains(stdout, row) {
			t.Errorf("no %q in\n%s", row, stdout)
		}
	}
}

func TestEvalBadFiles(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("{not json\n"), 0o644)
	empty := filepath.Join(dir, "empty.jsonl")
	os.WriteFile(empty, []byte("\n"), 0o644)
	for _, args := range [][]string{{"eval"}, {"eval", "--qa", bad}, {"eval", "--qa", empty}} {
		if _, stderr, code := cliRun(t, "", nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, stderr)
		}
	}
	if _, _, code := cliRun(t, "", nil, "eval", "--qa", filepath.Join(dir, "missing.jsonl")); code == 0 {
		t.Error("missing QA file: exit 0")
	}
}

func TestDocsFolder(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"reaktor.md": "---\ntitle: \"Reaktor Yongbyon\"\nsource: Catatan Uji\ndate: 2024-05-01\n---\n" +
			"Reaktor nuklir Yongbyon berada di utara Pyongyang. Reaktor itu ditutup pada tahun 2007 setelah perundingan.\n\n" +
			"Para inspektur IAEA memeriksa reaktor tersebut pada bulan Juli.\n",
		"padi.txt": "Panen padi di Jawa Barat naik tahun ini. Petani menanam varietas baru yang tahan kering.\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, code := cliRun(t, "", nil, "ask", "--docs", dir, "--json", "Kapan reaktor Yongbyon ditutup?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var m struct {
		Refused   bool
		Answer    string
		Citations []struct{ Doc, Title string }
		Passages  []struct{ Doc string }
	}
	if err := json.Unmarshal([]byte(stdout), &m); err != nil {
		t.Fatal(err)
	}
	if m.Refused || !strings.Contains(m.Answer, "2007") || len(m.Citations) != 1 || m.Citations[0].Doc != "reaktor.md" || m.Citations[0].Title != "Reaktor Yongbyon" {
		t.Errorf("answer from the folder: %+v", m)
	}
	if strings.Contains(m.Answer, "title:") || strings.Contains(m.Answer, "---") {
		t.Errorf("front matter leaked into the answer:\n%s", m.Answer)
	}
	// The environment names the folder too.
	stdout, _, code = cliRun(t, "", map[string]string{"KUTIP_DOCS": dir}, "sources", "--json")
	var docs []struct {
		File, Title, Source, Date string
		Passages                  int
	}
	if err := json.Unmarshal([]byte(stdout), &docs); err != nil || code != 0 || len(docs) != 2 {
		t.Fatalf("sources from KUTIP_DOCS: exit %d, %v\n%s", code, err, stdout)
	}
	if docs[1].File != "reaktor.md" || docs[1].Title != "Reaktor Yongbyon" || docs[1].Source != "Catatan Uji" || docs[1].Date != "2024-05-01" {
		t.Errorf("front matter: %+v", docs[1])
	}
}

func TestDocsFolderErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	emptyDir := t.TempDir()
	os.WriteFile(filepath.Join(emptyDir, "kosong.txt"), nil, 0o644)
	noDocs := t.TempDir()
	os.WriteFile(filepath.Join(noDocs, "gambar.png"), []byte("\x89PNG"), 0o644)
	tests := []struct {
		name   string
		dir    string
		stderr []string
		noDocs bool
	}{
		{"missing folder", missing, []string{"nope", "does not exist"}, false},
		{"only an empty file", emptyDir, []string{"kutip: "}, true},
		{"no text files", noDocs, []string{"kutip: "}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, args := range [][]string{{"ask", "--docs", tt.dir, "hi there"}, {"sources", "--docs", tt.dir}} {
				var out, errb bytes.Buffer
				err := run(t.Context(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
				code := report(&errb, err)
				if code != 2 {
					t.Errorf("%v: exit %d, want 2: %v", args, code, err)
				}
				if tt.noDocs && !errors.Is(err, retrieval.ErrNoDocuments) {
					t.Errorf("%v: error %v does not wrap ErrNoDocuments", args, err)
				}
				for _, s := range tt.stderr {
					if !strings.Contains(errb.String(), s) {
						t.Errorf("%v: stderr %q lacks %q", args, errb.String(), s)
					}
				}
				if strings.Count(strings.TrimSpace(errb.String()), "\n") > 2 || strings.Contains(errb.String(), "goroutine") {
					t.Errorf("%v: stderr is not a short message:\n%s", args, errb.String())
				}
			}
		})
	}
}

// TestDocsFolderTooLarge: a folder beyond KUTIP_MAX_DOCS_SIZE is refused with a message that
// names the setting, and exit status 2.
func TestDocsFolderTooLarge(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(strings.Repeat("Korea Utara dan Rusia. ", 200)), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"KUTIP_DOCS": dir, "KUTIP_MAX_DOCS_SIZE": "1KB", "KUTIP_DATA": t.TempDir()}
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"ask", "Siapa?"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "KUTIP_MAX_DOCS_SIZE") || !strings.Contains(err.Error(), "more than the limit of 1000B") {
		t.Fatalf("err = %v", err)
	}
	if code := exitCode(err); code != 2 {
		t.Errorf("exit status %d, want 2", code)
	}
}

// TestChatUserIsAdmin: the person at the terminal runs Kutip, so kutip chat grants the admin
// commands.
func TestChatUserIsAdmin(t *testing.T) {
	stdout, _, code := cliRun(t, "/stats\n/reload\n", nil, "chat")
	if code != 0 || !strings.HasPrefix(stdout, "Statistik: 5 dokumen") || strings.Contains(stdout, "hanya untuk admin") {
		t.Errorf("chat /stats /reload, exit %d:\n%s", code, stdout)
	}
}

// TestOwnLanguageData runs with the user's own dictionary and thesaurus files, and refuses
// missing or empty ones with a message naming the setting.
func TestOwnLanguageData(t *testing.T) {
	dir := t.TempDir()
	dic := filepath.Join(dir, "id_ID.dic")
	os.WriteFile(dic, []byte("3\ntekan/M0\nkontrol/D0\nbatas\n"), 0o644)
	th := filepath.Join(dir, "th.dat")
	os.WriteFile(th, []byte("ISO-8859-1\nkontrak|1\n(n)|perjanjian\nperjanjian|1\n(n)|kontrak\n"), 0o644)
	empty := filepath.Join(dir, "empty.dic")
	os.WriteFile(empty, nil, 0o644)
	defer retrieval.UseEmbeddedLanguageData() // for the other tests
	env := map[string]string{"KUTIP_DICTIONARY": dic, "KUTIP_THESAURUS": th}
	if _, stderr, code := cliRun(t, "", env, "search", "Korea Utara"); code != 0 {
		t.Fatalf("own dictionary and thesaurus: exit %d: %s", code, stderr)
	}
	for _, kv := range []map[string]string{
		{"KUTIP_DICTIONARY": filepath.Join(dir, "missing.dic")},
		{"KUTIP_DICTIONARY": empty},
		{"KUTIP_THESAURUS": empty},
	} {
		_, stderr, code := cliRun(t, "", kv, "search", "Korea Utara")
		for k := range kv {
			if code != 2 || !strings.Contains(stderr, k) {
				t.Errorf("%v: exit %d, stderr %q: want 2 and a message naming %s", kv, code, stderr, k)
			}
		}
	}
}
