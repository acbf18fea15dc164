package console

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/retrieval"
	"github.com/kutip/kutip/seeds"
)

var seed struct {
	once sync.Once
	ix   *retrieval.Index
	err  error
}

func seedAssistant(t *testing.T) *bot.Assistant {
	t.Helper()
	seed.once.Do(func() {
		docs, err := retrieval.Load(seeds.FS, nil)
		if err != nil {
			seed.err = err
			return
		}
		seed.ix, seed.err = retrieval.NewIndex(context.Background(), docs, retrieval.Options{})
	})
	if seed.err != nil {
		t.Fatal(seed.err)
	}
	return bot.New(seed.ix, bot.Options{})
}

// recorder is an assistant that records requests and answers with canned replies.
type recorder struct {
	reqs    []bot.Request
	replies map[string]bot.Reply
}

func (r *recorder) Handle(_ context.Context, req bot.Request) bot.Reply {
	r.reqs = append(r.reqs, req)
	if rep, ok := r.replies[req.Text]; ok {
		return rep
	}
	return bot.Reply{Kind: bot.KindInfo, Blocks: []bot.Block{{{Text: "echo " + req.Text}}}}
}

func TestPipedCommandsInOrder(t *testing.T) {
	a := seedAssistant(t)
	in := "/help\n\nWhere did Putin first meet Kim Jong Un?\n/sources\n/quit\nWhat is the capital of France?\n"
	var out strings.Builder
	if err := Run(t.Context(), a, strings.NewReader(in), &out, Options{LangHint: "en_US.UTF-8"}); err != nil {
		t.Fatal(err)
	}
	// The same replies, rendered plain, separated by blank lines, in order; nothing after /quit.
	b := seedAssistant(t)
	var want []string
	for _, q := range []string{"/help", "Where did Putin first meet Kim Jong Un?", "/sources"} {
		want = append(want, Render(b.Handle(t.Context(), bot.Request{ChatID: 1, Text: q, LangHint: "en_US.UTF-8"}), false))
	}
	if got, w := out.String(), strings.Join(want, "\n\n")+"\n"; got != w {
		t.Errorf("output (-got +want):\n- %q\n+ %q", got, w)
	}
	for _, s := range []string{"Kutip answers only from its documents", "Vladivostok", "Documents (5):"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q", s)
		}
	}
	if strings.Contains(out.String(), "couldn't find") {
		t.Error("a question after /quit was answered")
	}
}

func TestQuitWords(t *testing.T) {
	for _, q := range []string{"/quit", "/exit", "/keluar", "exit", "QUIT", "  /quit  "} {
		rec := &recorder{}
		var out strings.Builder
		if err := Run(t.Context(), rec, strings.NewReader("satu\n"+q+"\ndua\n"), &out, Options{}); err != nil {
			t.Fatal(err)
		}
		if len(rec.reqs) != 1 || rec.reqs[0].Text != "satu" || out.String() != "echo satu\n" {
			t.Errorf("%q: requests %+v, output %q", q, rec.reqs, out.String())
		}
	}
}

func TestRequests(t *testing.T) {
	rec := &recorder{}
	var out strings.Builder
	err := Run(t.Context(), rec, strings.NewReader("  satu  \r\n\n\t\ndua"), &out, Options{LangHint: "id_ID.UTF-8", ChatID: 42})
	if err != nil {
		t.Fatal(err)
	}
	want := []bot.Request{{ChatID: 42, Text: "satu", LangHint: "id_ID.UTF-8"}, {ChatID: 42, Text: "dua", LangHint: "id_ID.UTF-8"}}
	if len(rec.reqs) != 2 || rec.reqs[0].Text != want[0].Text || rec.reqs[1].Text != want[1].Text || rec.reqs[0].ChatID != 42 || rec.reqs[1].LangHint != "id_ID.UTF-8" {
		t.Errorf("requests (-got +want):\n- %+v\n+ %+v", rec.reqs, want)
	}
	if out.String() != "echo satu\n\necho dua\n" {
		t.Errorf("output %q", out.String())
	}
	// Chat 1 by default.
	rec = &recorder{}
	Run(t.Context(), rec, strings.NewReader("x\n"), &out, Options{})
	if rec.reqs[0].ChatID != 1 {
		t.Errorf("default chat %d", rec.reqs[0].ChatID)
	}
}

func TestControlCharactersNeutralised(t *testing.T) {
	a := seedAssistant(t)
	var out strings.Builder
	in := "/quote \x1b[31mjaminan\x1b]0;pwned\x07 keamanan\x9b\n/source \x1b[2J\x00zzz\n"
	if err := Run(t.Context(), a, strings.NewReader(in), &out, Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	checkNoControls(t, out.String(), true)
	if !strings.Contains(out.String(), "jaminan") {
		t.Errorf("the /quote reply is missing:\n%s", out.String())
	}
	// Replies that carry control characters themselves are made visible by Render.
	r := bot.Reply{Blocks: []bot.Block{{{Text: "a\x1b[2Jb\x07c\x7fd\u009be\tf\ng", Style: bot.Bold}, {Text: "\x00"}}}}
	got := Render(r, false)
	if got != "a�[2Jb�c�d�e\tf\ng�" {
		t.Errorf("Render plain: %q", got)
	}
	checkNoControls(t, Render(r, true), true)
}

// checkNoControls fails on a control character other than newline and tab, and, when escapes
// are allowed, other than the SGR sequences Render writes itself.
func checkNoControls(t *testing.T, s string, sgr bool) {
	t.Helper()
	if sgr {
		for _, seq := range []string{"\x1b[1m", "\x1b[3m", "\x1b[2m", "\x1b[0m"} {
			s = strings.ReplaceAll(s, seq, "")
		}
	}
	for _, c := range s {
		if c != '\n' && c != '\t' && (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
			t.Errorf("output holds control character %U:\n%q", c, s)
			return
		}
	}
}

func TestRenderStyles(t *testing.T) {
	r := bot.Reply{Blocks: []bot.Block{
		{{Text: "plain "}, {Text: "bold", Style: bot.Bold}, {Text: " "}, {Text: "italic", Style: bot.Italic}},
		{{Text: "code", Style: bot.Code}},
	}}
	if got, want := Render(r, false), "plain bold italic\n\ncode"; got != want {
		t.Errorf("plain: got %q, want %q", got, want)
	}
	if got, want := Render(r, true), "plain \x1b[1mbold\x1b[0m \x1b[3mitalic\x1b[0m\n\n\x1b[2mcode\x1b[0m"; got != want {
		t.Errorf("color: got %q, want %q", got, want)
	}
	if got := Render(bot.Reply{}, true); got != "" {
		t.Errorf("empty reply: %q", got)
	}
}

func TestSourcePagingHint(t *testing.T) {
	a := seedAssistant(t)
	var out strings.Builder
	if err := Run(t.Context(), a, strings.NewReader("/source 3\n/source 3 3\n"), &out, Options{LangHint: "en"}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if strings.Count(s, "(/source 3 2 →)") != 1 || strings.Contains(s, "(/source 3 4 →)") {
		t.Errorf("want one hint to page 2 and none after the last page:\n%s", s)
	}
	first, last := strings.Index(s, "Page 1 of 3"), strings.Index(s, "Page 3 of 3")
	hint := strings.Index(s, "\n\n(/source 3 2 →)\n")
	if first < 0 || last < 0 || !(first < hint && hint < last) {
		t.Errorf("the hint follows page 1, before page 3 (%d < %d < %d):\n%s", first, hint, last, s)
	}
}

func TestInteractive(t *testing.T) {
	rec := &recorder{replies: map[string]bot.Reply{
		"/start": {Lang: bot.LangEN, Blocks: []bot.Block{{{Text: "Hello!"}}}},
	}}
	var out strings.Builder
	if err := Run(t.Context(), rec, strings.NewReader("\nsatu\n"), &out, Options{Interactive: true}); err != nil {
		t.Fatal(err)
	}
	want := "Hello!\n(Type /quit or press Ctrl-D to leave.)\n\n> > echo satu\n\n> \n"
	if out.String() != want {
		t.Errorf("interactive (-got +want):\n- %q\n+ %q", out.String(), want)
	}
	if rec.reqs[0].Text != "/start" {
		t.Errorf("first request %q, want /start", rec.reqs[0].Text)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }

func TestInputErrorsAndCancel(t *testing.T) {
	err := Run(t.Context(), &recorder{}, failingReader{}, &strings.Builder{}, Options{})
	if err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Errorf("read error: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rec := &recorder{}
	if err := Run(ctx, rec, strings.NewReader("satu\ndua\n"), &strings.Builder{}, Options{}); err != nil {
		t.Errorf("cancelled: %v", err)
	}
	if len(rec.reqs) != 0 {
		t.Errorf("cancelled run handled %d requests", len(rec.reqs))
	}
	// A line longer than the buffer's start grows it; one past the limit is an error, not a panic.
	long := strings.Repeat("a", 200*1024)
	rec = &recorder{}
	if err := Run(t.Context(), rec, strings.NewReader(long+"\n"), &strings.Builder{}, Options{}); err != nil || len(rec.reqs) != 1 {
		t.Errorf("200 KiB line: %v, %d requests", err, len(rec.reqs))
	}
	if err := Run(t.Context(), &recorder{}, strings.NewReader(strings.Repeat("a", maxLine+10)), &strings.Builder{}, Options{}); err == nil {
		t.Error("a line past maxLine: no error")
	}
}

// TestAdminAtTheTerminal: with Options.Admin, every request is an admin's, so /stats and
// /reload work in the terminal chat; without it they are refused as in Telegram.
func TestAdminAtTheTerminal(t *testing.T) {
	rec := &recorder{}
	if err := Run(t.Context(), rec, strings.NewReader("/stats\nWhere?\n"), &strings.Builder{}, Options{Admin: true}); err != nil {
		t.Fatal(err)
	}
	if len(rec.reqs) != 2 || !rec.reqs[0].Admin || !rec.reqs[1].Admin {
		t.Errorf("requests %+v, want all Admin", rec.reqs)
	}
	a := seedAssistant(t)
	for _, admin := range []bool{true, false} {
		var out strings.Builder
		if err := Run(t.Context(), a, strings.NewReader("/stats\n"), &out, Options{Admin: admin, LangHint: "en"}); err != nil {
			t.Fatal(err)
		}
		refused := strings.Contains(out.String(), "admin")
		if refused == admin {
			t.Errorf("admin %v: /stats gave %q", admin, out.String())
		}
	}
}
