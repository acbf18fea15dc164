package bot

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/retrieval"
	"github.com/kutip/kutip/seeds"
)

// The seed index is built once per test binary: it is read-only, and every assistant in these
// tests shares it (each has its own chat memory).
var seedIx struct {
	once sync.Once
	ix   *retrieval.Index
	docs []retrieval.Document
	err  error
}

func seedIndex(t testing.TB) *retrieval.Index {
	t.Helper()
	seedIx.once.Do(func() {
		seedIx.docs, seedIx.err = retrieval.Load(seeds.FS, nil)
		if seedIx.err == nil {
			seedIx.ix, seedIx.err = retrieval.NewIndex(context.Background(), seedIx.docs, retrieval.Options{})
		}
	})
	if seedIx.err != nil {
		t.Fatalf("seed index: %v", seedIx.err)
	}
	return seedIx.ix
}

// newSeedAssistant returns an assistant over the seed index with fresh chat memory.
func newSeedAssistant(t testing.TB, opts Options) *Assistant {
	t.Helper()
	return New(seedIndex(t), opts)
}

// diffLines reports a mismatch as (-got +want) lines, or "" when equal.
func diffLines(got, want string) string {
	if got == want {
		return ""
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		gok, wok := i < len(g), i < len(w)
		if gok {
			gl = g[i]
		}
		if wok {
			wl = w[i]
		}
		if gok && wok && gl == wl {
			fmt.Fprintf(&b, "  %s\n", gl)
			continue
		}
		if gok {
			fmt.Fprintf(&b, "- %s\n", gl)
		}
		if wok {
			fmt.Fprintf(&b, "+ %s\n", wl)
		}
	}
	return b.String()
}

// exchange sends a chat's requests in order and returns the last reply.
func exchange(t *testing.T, a *Assistant, reqs ...Request) Reply {
	t.Helper()
	var r Reply
	for _, req := range reqs {
		r = a.Handle(t.Context(), req)
	}
	return r
}

func TestCommands(t *testing.T) {
	ix := seedIndex(t)
	docs := ix.Documents()
	tests := []struct {
		name string
		// before are sent first on the same chat.
		before []Request
		req    Request
		kind   Kind
		lang   Lang
		// text, when set, is the exact plain text; contains are substrings it must have.
		text     string
		contains []string
	}{
		{name: "help id by default", req: Request{Text: "/help"}, kind: KindInfo, lang: LangID, text: txtHelp.id},
		{name: "help en by hint", req: Request{Text: "/help", LangHint: "en-US"}, kind: KindInfo, lang: LangEN, text: txtHelp.en},
		{name: "help id by hint", req: Request{Text: "/help", LangHint: "id"}, kind: KindInfo, lang: LangID, text: txtHelp.id},
		{name: "help en by /lang over an id hint", before: []Request{{Text: "/lang en"}}, req: Request{Text: "/help", LangHint: "id"}, kind: KindInfo, lang: LangEN, text: txtHelp.en},
		{name: "help id by /lang over an en hint", before: []Request{{Text: "/lang id"}}, req: Request{Text: "/help", LangHint: "en"}, kind: KindInfo, lang: LangID, text: txtHelp.id},
		{name: "help with bot name", req: Request{Text: "/help@KutipBot", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: txtHelp.en},
		{name: "help upper case", req: Request{Text: "/HELP"}, kind: KindInfo, lang: LangID, text: txtHelp.id},
		{name: "start id", req: Request{Text: "/start"}, kind: KindInfo, lang: LangID, text: txtStart.id},
		{name: "start en", req: Request{Text: "/start", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: txtStart.en},
		{name: "ask without text id", req: Request{Text: "/ask"}, kind: KindInfo, lang: LangID, text: txtEmptyQuestion.id},
		{name: "ask without text en", req: Request{Text: "/ask   ", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: txtEmptyQuestion.en},
		{name: "ask with bot name and no text", req: Request{Text: "/ask@kutipbot", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: txtEmptyQuestion.en},
		{name: "ask id", req: Request{Text: "/ask Di mana Putin bertemu Kim Jong Un?"}, kind: KindAnswer, lang: LangID, contains: []string{"Menurut dokumen:", "Vladivostok", "Sumber:\n[1] 002_c095447da0f7cb9e.txt — "}},
		{name: "ask en with bot name", req: Request{Text: "/ask@kutipbot Where did Putin first meet Kim Jong Un?"}, kind: KindAnswer, lang: LangEN, contains: []string{"According to the documents:", "Vladivostok", "Sources:\n[1] 002_c095447da0f7cb9e.txt — "}},
		{name: "ask on the next line", req: Request{Text: "/ask\nWhere did Putin first meet Kim Jong Un?"}, kind: KindAnswer, lang: LangEN, contains: []string{"Vladivostok"}},
		{name: "plain text is a question", req: Request{Text: "Where did Putin first meet Kim Jong Un?"}, kind: KindAnswer, lang: LangEN, contains: []string{"Vladivostok"}},
		{name: "quote without words id", req: Request{Text: "/quote"}, kind: KindInfo, lang: LangID, text: txtEmptyQuote.id},
		{name: "quote without words en", req: Request{Text: "/quote", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: txtEmptyQuote.en},
		{name: "kutip is quote", req: Request{Text: "/kutip jaminan keamanan"}, kind: KindQuote, lang: LangID, contains: []string{"jaminan keamanan"}},
		{name: "quote nothing matches", req: Request{Text: "/quote xyzzyqw"}, kind: KindQuote, lang: LangID, text: txtNoQuote.id},
		{name: "sources id", req: Request{Text: "/sources"}, kind: KindSources, lang: LangID, contains: []string{"Dokumen (5):", "1. " + docs[0].Title + " — " + docs[0].ID + " ("}},
		{name: "sumber en", req: Request{Text: "/sumber", LangHint: "en"}, kind: KindSources, lang: LangEN, contains: []string{"Documents (5):", "passages)"}},
		{name: "source without argument", req: Request{Text: "/source"}, kind: KindInfo, lang: LangID, text: txtSourceUsage.id},
		{name: "source unknown", req: Request{Text: "/source zzz"}, kind: KindInfo, lang: LangID, text: "Dokumen “zzz” tidak ada. Daftar dokumen: /sources"},
		{name: "source unknown en", req: Request{Text: "/source 9", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: "There is no document “9”. The list of documents: /sources"},
		{name: "source 0", req: Request{Text: "/source 0", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: "There is no document “0”. The list of documents: /sources"},
		{name: "source by number", req: Request{Text: "/source 3"}, kind: KindSource, lang: LangID, contains: []string{docs[2].Title + "\n" + docs[2].ID + "\nHalaman 1 dari 3 · 7 bagian"}},
		{name: "dokumen by file name", req: Request{Text: "/dokumen " + docs[3].ID, LangHint: "en"}, kind: KindSource, lang: LangEN, contains: []string{docs[3].Title + "\n" + docs[3].ID + "\nPage 1 of 1 · 3 passages"}},
		{name: "lang en", req: Request{Text: "/lang en"}, kind: KindInfo, lang: LangEN, text: txtLangSet.en},
		{name: "lang english", req: Request{Text: "/lang English"}, kind: KindInfo, lang: LangEN, text: txtLangSet.en},
		{name: "lang id", req: Request{Text: "/lang id", LangHint: "en"}, kind: KindInfo, lang: LangID, text: txtLangSet.id},
		{name: "bahasa indonesia", req: Request{Text: "/bahasa indonesia", LangHint: "en"}, kind: KindInfo, lang: LangID, text: txtLangSet.id},
		{name: "lang auto", before: []Request{{Text: "/lang id"}}, req: Request{Text: "/lang auto", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: txtLangAuto.en},
		{name: "lang bad", req: Request{Text: "/lang fr", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: txtLangUsage.en},
		{name: "lang empty", req: Request{Text: "/lang"}, kind: KindInfo, lang: LangID, text: txtLangUsage.id},
		{name: "unknown command id", req: Request{Text: "/foo bar"}, kind: KindInfo, lang: LangID, text: txtUnknownCmd.id},
		{name: "unknown command en with bot name", req: Request{Text: "/foo@kutipbot", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: txtUnknownCmd.en},
		{name: "lone slash", req: Request{Text: "/", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: txtUnknownCmd.en},
		{name: "reload not admin", req: Request{Text: "/reload", LangHint: "en"}, kind: KindInfo, lang: LangEN, text: txtNotAdmin.en},
		{name: "stats not admin", req: Request{Text: "/stats"}, kind: KindInfo, lang: LangID, text: txtNotAdmin.id},
		{name: "empty message", req: Request{Text: "  \n "}, kind: KindInfo, lang: LangID, text: txtEmptyQuestion.id},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newSeedAssistant(t, Options{})
			for _, b := range tt.before {
				b.ChatID = 7
				a.Handle(t.Context(), b)
			}
			tt.req.ChatID = 7
			r := a.Handle(t.Context(), tt.req)
			if r.Kind != tt.kind || r.Lang != tt.lang {
				t.Errorf("kind, lang: (-got +want)\n- %s %s\n+ %s %s\n%s", r.Kind, r.Lang, tt.kind, tt.lang, r.Text())
			}
			if tt.text != "" {
				if d := diffLines(r.Text(), tt.text); d != "" {
					t.Errorf("text (-got +want):\n%s", d)
				}
			}
			for _, s := range tt.contains {
				if !strings.Contains(r.Text(), s) {
					t.Errorf("reply lacks %q:\n%s", s, r.Text())
				}
			}
		})
	}
}

func TestAdminCommands(t *testing.T) {
	reloads := 0
	fresh := func(ctx context.Context) (*retrieval.Index, error) {
		reloads++
		docs := []retrieval.Document{{ID: "a.txt", Title: "Satu", Text: "Kalimat pertama tentang nuklir. Kalimat kedua tentang damai.", Lang: retrieval.LangID}}
		return retrieval.NewIndex(ctx, docs, retrieval.Options{})
	}
	a := newSeedAssistant(t, Options{Reload: fresh})
	old := a.Index()
	ask := func(text string, admin bool) Reply {
		return a.Handle(t.Context(), Request{ChatID: 1, Text: text, LangHint: "en", Admin: admin})
	}
	ask("Where did Putin first meet Kim Jong Un?", false)
	ask("What is the capital of France?", false)
	want := fmt.Sprintf("Stats: 5 documents, %d passages; 1 questions answered, 1 not found; 1 active chats.", old.Len())
	if got := ask("/stats", true).Text(); got != want {
		t.Errorf("/stats (-got +want):\n- %s\n+ %s", got, want)
	}
	if r := ask("/reload", false); r.Text() != txtNotAdmin.en || reloads != 0 || a.Index() != old {
		t.Fatalf("/reload by a non-admin: %q, %d reloads", r.Text(), reloads)
	}
	r := ask("/reload", true)
	if want := "Documents reloaded: 1 documents, 1 passages."; r.Text() != want || reloads != 1 {
		t.Errorf("/reload: got %q (%d reloads), want %q", r.Text(), reloads, want)
	}
	if a.Index() == old || len(a.Index().Documents()) != 1 {
		t.Errorf("/reload did not swap the index")
	}
	if got := ask("/sources", false).Text(); !strings.Contains(got, "Documents (1):") {
		t.Errorf("/sources after reload:\n%s", got)
	}

	failing := newSeedAssistant(t, Options{Reload: func(context.Context) (*retrieval.Index, error) { return nil, errors.New("disk on fire") }})
	r = failing.Handle(t.Context(), Request{ChatID: 1, Text: "/reload", Admin: true, LangHint: "en"})
	if r.Kind != KindError || r.Text() != txtReloadFailed.en || failing.Index() != seedIndex(t) {
		t.Errorf("failed reload: kind %s, %q", r.Kind, r.Text())
	}
	if strings.Contains(r.Text(), "fire") {
		t.Errorf("failed reload shows the error to the user: %q", r.Text())
	}
	none := newSeedAssistant(t, Options{})
	if r := none.Handle(t.Context(), Request{ChatID: 1, Text: "/reload", Admin: true}); r.Text() != txtReloadFailed.id {
		t.Errorf("reload without a Reload func: %q", r.Text())
	}
}

func TestWhyCommand(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	send := func(chat int64, text string, admin bool) Reply {
		return a.Handle(t.Context(), Request{ChatID: chat, Text: text, LangHint: "en", Admin: admin})
	}
	if r := send(1, "/why", true); r.Text() != txtNoWhy.en {
		t.Errorf("/why before any question: %q", r.Text())
	}
	send(1, "Where did Putin first meet Kim Jong Un?", false)
	if r := send(1, "/why", false); r.Text() != txtNotAdmin.en {
		t.Errorf("/why by a non-admin: %q", r.Text())
	}
	r := send(1, "/why", true)
	if r.Kind != KindInfo || !strings.HasPrefix(r.Text(), "“Where did Putin first meet Kim Jong Un?”\n\ntier: answer (score ") || !strings.Contains(r.Text(), "answer type: where") {
		t.Errorf("/why:\n%s", r.Text())
	}
	if r := send(2, "/why", true); r.Text() != txtNoWhy.en {
		t.Errorf("/why in another chat: %q", r.Text())
	}
}

func TestStartClearsFollowUps(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	first := Request{ChatID: 5, Text: "Di kota mana Putin pertama kali bertemu Kim Jong Un?"}
	follow := Request{ChatID: 5, Text: "Kapan pertemuan itu berlangsung?"}
	r := exchange(t, a, first, follow)
	if r.Refused || !strings.Contains(r.Text(), "25/4/2019") {
		t.Fatalf("follow-up with context: refused %v\n%s", r.Refused, r.Text())
	}
	r = exchange(t, a, first, Request{ChatID: 5, Text: "/start"}, follow)
	// Without its context the follow-up is a question of its own: whatever it finds, it is not
	// the first question's answer.
	if strings.Contains(r.Text(), "25/4/2019") || strings.Contains(r.Text(), "Vladivostok") {
		t.Errorf("follow-up after /start kept its context: refused %v\n%s", r.Refused, r.Text())
	}
	if st := a.chats.get(5); len(st.turns) != 1 || st.turns[0].question != follow.Text {
		t.Errorf("after /start and one question the chat remembers %d turns", len(st.turns))
	}
	// /start also forgets a /lang setting.
	exchange(t, a, Request{ChatID: 6, Text: "/lang en"}, Request{ChatID: 6, Text: "/start"})
	if st := a.chats.get(6); st.langOverride != "" {
		t.Errorf("/start kept the language override %q", st.langOverride)
	}
}

func TestFollowUpChinaRussia(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	first := a.Handle(t.Context(), Request{ChatID: 1, Text: "What role could China play as a mediator?"})
	if first.Refused {
		t.Fatalf("first question refused:\n%s", first.Text())
	}
	r := a.Handle(t.Context(), Request{ChatID: 1, Text: "And Russia?"})
	if r.Refused || r.Lang != LangEN || len(r.Citations) == 0 {
		t.Fatalf("follow-up: refused %v, lang %s, %d citations\n%s", r.Refused, r.Lang, len(r.Citations), r.Text())
	}
	ix := seedIndex(t)
	for _, c := range r.Citations {
		if !strings.Contains(docByID(ix, c.Doc).Text, "Rusia") {
			t.Errorf("cited %s, which never mentions Rusia", c.Doc)
		}
	}
	if !strings.Contains(r.Text(), "Rusia") {
		t.Errorf("the answer quotes nothing about Rusia:\n%s", r.Text())
	}

	// The follow-up borrows the first question's terms.
	st := a.chats.get(1)
	q := &Question{Text: "And Russia?", Index: ix, Query: ix.Query("And Russia?", LangEN)}
	a.followUp(q, chatState{turns: st.turns[:1]})
	var sources []string
	for _, term := range q.Query.Terms {
		sources = append(sources, term.Source)
	}
	if !q.FollowUp || !contains(sources, "mediator") || !contains(sources, "russia") {
		t.Errorf("follow-up query terms %q (follow-up %v): want russia and mediator", sources, q.FollowUp)
	}
	// A question that stands alone borrows nothing.
	q = &Question{Text: "Where did Putin first meet Kim Jong Un?", Index: ix, Query: ix.Query("Where did Putin first meet Kim Jong Un?", LangEN)}
	a.followUp(q, chatState{turns: st.turns[:1]})
	if q.FollowUp {
		t.Errorf("a long question was taken as a follow-up: %+v", q.Query.Terms)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestContinuation(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"And Russia?", true},
		{"What about Russia?", true},
		{"Bagaimana dengan Rusia?", true},
		{"Kalau perdana menteri Jepangnya siapa?", true},
		{"and what did North Korea allow in return?", true},
		{"Kapan pertemuan itu berlangsung?", true},
		{"When did that happen?", true},
		{"How much oil did the US promise per year under it?", true},
		{"Apa itu NPT?", false},
		{"Who is Ri Il Gyu?", false},
		{"What is the name of the organization that the US promised?", false},
		{"Where did Putin first meet Kim Jong Un?", false},
	}
	for _, tt := range tests {
		if got := continuation(retrieval.Tokenize(tt.q)); got != tt.want {
			t.Errorf("continuation(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestFollowUpReplaces checks that a follow-up swaps the entity it names, and that a question
// standing on its own carries nothing of the one before.
func TestFollowUpReplaces(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	ask := func(chat int64, q string) Reply { return a.Handle(t.Context(), Request{ChatID: chat, Text: q}) }
	ask(1, "How could China help push North Korea toward denuclearization?")
	r := ask(1, "And Russia?")
	if r.Refused || !strings.Contains(r.Text(), "penyeimbang") {
		t.Errorf("And Russia?:\n%s", r.Text())
	}
	for _, q := range quotedSpans(r.Text()) {
		if !strings.Contains(q, "Rusia") {
			t.Errorf("And Russia? quotes a sentence without Rusia: %q", q)
		}
	}
	ask(2, "Where did Putin first meet Kim Jong Un?")
	for _, q := range []string{"Siapa yang mengendalikan Grup Wagner sampai tahun 2023?", "Who is Ri Il Gyu?"} {
		r := ask(2, q)
		if strings.Contains(r.Text(), "Vladivostok") {
			t.Errorf("%q carried the question before into its answer:\n%s", q, r.Text())
		}
		for _, term := range r.Why.Terms {
			if term.Context {
				t.Errorf("%q borrowed %q from the question before", q, term.Term)
			}
		}
	}
}

// TestFollowUpFile reports how many of the follow-up conversations in testdata/followups.jsonl
// end with an answer holding their facts; only the China/Russia case above is asserted.
func TestFollowUpFile(t *testing.T) {
	f, err := os.Open("../testdata/followups.jsonl")
	if err != nil {
		t.Skipf("no follow-up file: %v", err)
	}
	defer f.Close()
	a := newSeedAssistant(t, Options{})
	sc := bufio.NewScanner(f)
	chat := int64(0)
	pass, total := 0, 0
	for sc.Scan() {
		var it struct {
			ID    string
			Turns []string
			Facts []string
			Docs  []string
		}
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("followups.jsonl: %v", err)
		}
		chat++
		var r Reply
		for _, q := range it.Turns {
			r = a.Handle(t.Context(), Request{ChatID: chat, Text: q})
		}
		total++
		ok := !r.Refused && citesAny(r, it.Docs)
		for _, fact := range it.Facts {
			ok = ok && strings.Contains(r.Text(), fact)
		}
		if ok {
			pass++
		} else {
			t.Logf("%s: not answered with its facts %q (refused %v)", it.ID, it.Facts, r.Refused)
		}
	}
	t.Logf("follow-ups answered: %d/%d", pass, total)
}

func citesAny(r Reply, docs []string) bool {
	for _, c := range r.Citations {
		if contains(docs, c.Doc) {
			return true
		}
	}
	return false
}

func TestBadInput(t *testing.T) {
	long := strings.Repeat("Di mana Putin bertemu Kim Jong Un? ", 300)[:10000]
	tests := []struct {
		name, text, hint string
		kind             Kind
		lang             Lang
		// text, when set, is the exact reply; anyKind allows an answer or a refusal.
		want    string
		anyKind bool
		note    string // a substring of the reply's last, italic block
	}{
		{name: "emoji only", text: "😀🙏🔥", kind: KindInfo, lang: LangID, want: txtEmptyQuestion.id},
		{name: "emoji only en", text: "😀🙏🔥", hint: "en", kind: KindInfo, lang: LangEN, want: txtEmptyQuestion.en},
		{name: "punctuation only", text: "?!…", hint: "en", kind: KindInfo, lang: LangEN, want: txtEmptyQuestion.en},
		{name: "chinese", text: "朝鲜的核计划是什么？", kind: KindInfo, lang: LangID, want: txtForeign.id},
		{name: "chinese en hint", text: "朝鲜的核计划是什么？", hint: "en", kind: KindInfo, lang: LangEN, want: txtForeign.en},
		{name: "korean via /ask", text: "/ask 북한 핵 프로그램", hint: "en", kind: KindInfo, lang: LangEN, want: txtForeign.en},
		{name: "javanese", text: "Sapa sing dadi presiden Korea Lor saiki?", kind: KindInfo, lang: LangID, want: txtForeign.id},
		{name: "javanese en hint", text: "Kepiye carane Korea Lor nggawe senjata nuklir?", hint: "en", kind: KindInfo, lang: LangEN, want: txtForeign.en},
		{name: "NUL only", text: "\x00\x00", kind: KindInfo, lang: LangID, want: txtEmptyQuestion.id},
		{name: "invalid UTF-8 only", text: "\xff\xfe\xfd", hint: "en", kind: KindInfo, lang: LangEN, want: txtEmptyQuestion.en},
		{name: "very long", text: long, anyKind: true, lang: LangID, note: txtTooLong.f(LangID, maxInput)},
		{name: "very long en", text: strings.Repeat("Where did Putin first meet Kim Jong Un? ", 300)[:10000], anyKind: true, lang: LangEN, note: txtTooLong.f(LangEN, maxInput)},
	}
	a := newSeedAssistant(t, Options{})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.Handle(t.Context(), Request{ChatID: int64(100 + i), Text: tt.text, LangHint: tt.hint})
			if tt.anyKind {
				if r.Kind != KindAnswer && r.Kind != KindRefusal {
					t.Errorf("kind %s, want an answer or a refusal", r.Kind)
				}
			} else if r.Kind != tt.kind {
				t.Errorf("kind: got %s, want %s", r.Kind, tt.kind)
			}
			if r.Lang != tt.lang {
				t.Errorf("lang: got %s, want %s", r.Lang, tt.lang)
			}
			if tt.want != "" && r.Text() != tt.want {
				t.Errorf("text (-got +want):\n- %s\n+ %s", r.Text(), tt.want)
			}
			if tt.note != "" {
				last := r.Blocks[len(r.Blocks)-1]
				if len(last) != 1 || last[0].Style != Italic || !strings.Contains(last[0].Text, tt.note) {
					t.Errorf("last block %+v, want the italic note %q", last, tt.note)
				}
				if !strings.Contains(r.Note, tt.note) {
					t.Errorf("Note %q lacks %q", r.Note, tt.note)
				}
			}
			checkRunsClean(t, r)
		})
	}
}

// checkRunsClean fails when a reply holds invalid UTF-8 or control characters other than
// newlines and tabs.
func checkRunsClean(t *testing.T, r Reply) {
	t.Helper()
	for _, blk := range r.Blocks {
		for _, run := range blk {
			if !utf8.ValidString(run.Text) {
				t.Errorf("run %q is not valid UTF-8", run.Text)
			}
			for _, c := range run.Text {
				if c != '\n' && c != '\t' && (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
					t.Errorf("run %q holds control character %U", run.Text, c)
				}
			}
		}
	}
}

// TestMarkupStaysText: HTML and Markdown in a question or in /quote words never become markup;
// they reach the reply, if at all, as plain text in a Plain or styled run, for front ends to escape.
func TestMarkupStaysText(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	inputs := []string{
		"<b>Where</b> did <script>alert(1)</script> Putin first meet Kim Jong Un?",
		"**Where** did _Putin_ first meet [Kim Jong Un](http://evil.example)?",
		"`Where` did Putin first meet Kim Jong Un? <a href=\"x\">x</a> &amp; &lt;",
		"/quote <b>jaminan</b> *keamanan* &lt;i&gt;",
		"/ask <i>Siapa yang mengendalikan Grup Wagner?</i>",
		"/source <b>1</b>",
	}
	for i, in := range inputs {
		r := a.Handle(t.Context(), Request{ChatID: int64(i + 1), Text: in})
		if r.Kind == KindError {
			t.Errorf("%q: error reply %q", in, r.Text())
		}
		checkRunsClean(t, r)
		// Any markup the reply holds came from the question, whole, as text.
		for _, tag := range []string{"<script>", "<b>", "<a href", "<i>"} {
			if strings.Contains(r.Text(), tag) && !strings.Contains(in, tag) {
				t.Errorf("%q: reply has %s it was not given", in, tag)
			}
		}
	}
	// /quote echoes its words in the heading, verbatim and as one run.
	r := a.Handle(t.Context(), Request{ChatID: 99, Text: "/quote <b>jaminan</b> keamanan"})
	if r.Kind != KindQuote || len(r.Blocks) == 0 || r.Blocks[0][0].Text != "Kutipan yang paling cocok untuk “<b>jaminan</b> keamanan”:" {
		t.Errorf("/quote heading: %+v", r.Blocks)
	}
}

func TestControlCharactersAreNeutralised(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	clean := a.Handle(t.Context(), Request{ChatID: 1, Text: "Where did Putin first meet Kim Jong Un?"})
	for i, in := range []string{
		"Where\x00 did Putin first meet Kim Jong Un?",
		"Where did \x1b[31mPutin\x1b[0m first meet Kim Jong Un?\a",
		"Where did Putin \xff\xfe first meet Kim Jong Un?",
		"\u202eWhere did Putin first\u200b meet Kim Jong Un?\u0085",
	} {
		r := a.Handle(t.Context(), Request{ChatID: int64(i + 2), Text: in})
		checkRunsClean(t, r)
		if r.Refused || !reflect.DeepEqual(r.Citations, clean.Citations) {
			t.Errorf("%q: refused %v, citations %+v; want the same answer as without control characters", in, r.Refused, r.Citations)
		}
	}
	if got := sanitize("a\x00b\tc\nd\x1b\u200be\u200df\xff"); got != "a b\tc\nd  e\u200df" {
		t.Errorf("sanitize: got %q", got)
	}
}

// TestHandleNeverPanics feeds odd inputs through every command.
func TestHandleNeverPanics(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	odd := []string{"", " ", "\x00", "\xff", "@", "@@@", "/@", "/ask@", "/source 1 -1", "/source 1 999999999999999999999", "/source 1 0",
		"/source \xff", "/quote \x00", "/lang \xff", "/sources extra args", strings.Repeat("/", 5000), strings.Repeat("a", 100000),
		strings.Repeat("Kim-", 5000), strings.Repeat("1.", 5000), strings.Repeat("😀", 20000), "\u0301\u0301", "ـــ"}
	for i, s := range odd {
		for _, prefix := range []string{"", "/ask ", "/quote ", "/source ", "/lang "} {
			r := a.Handle(t.Context(), Request{ChatID: int64(i), Text: prefix + s, LangHint: "en"})
			if r.Kind == KindError || len(r.Blocks) == 0 {
				t.Errorf("%.40q: kind %s, %d blocks", prefix+s, r.Kind, len(r.Blocks))
			}
			checkRunsClean(t, r)
		}
	}
}

func TestConcurrentQuestions(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	ask := []string{"Where did Putin first meet Kim Jong Un?", "Di mana Putin bertemu Kim Jong Un?", "What is the capital of France?", "And Russia?", "/sources", "/quote jaminan keamanan", "/source 2 2", "/lang en", "/start"}
	// The two long questions never lean on earlier ones: every chat must get the same
	// citations for them as a fresh assistant does.
	want := map[string][]Citation{}
	for _, q := range ask[:2] {
		want[q] = newSeedAssistant(t, Options{}).Handle(t.Context(), Request{ChatID: 1, Text: q}).Citations
	}
	var wg sync.WaitGroup
	errs := make(chan string, 50)
	for g := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chat := int64(g % 5) // half the goroutines share five chats
			if g%2 == 0 {
				chat = int64(1000 + g) // the others have their own
			}
			for i := range 6 {
				q := ask[(g+i)%len(ask)]
				r := a.Handle(context.Background(), Request{ChatID: chat, Text: q})
				if r.Kind == KindError || len(r.Blocks) == 0 {
					errs <- fmt.Sprintf("%q: kind %s", q, r.Kind)
					return
				}
				if w, ok := want[q]; ok && !reflect.DeepEqual(r.Citations, w) {
					errs <- fmt.Sprintf("%q: citations %v, alone %v", q, r.Citations, w)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
