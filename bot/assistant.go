package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kutip/kutip/retrieval"
)

// Options configure an Assistant.
type Options struct {
	// DefaultLang is the reply language when neither the text, the chat nor the client tells.
	DefaultLang Lang
	// TopK is how many passages a question retrieves (at least 3).
	TopK int
	// Reload loads the documents anew for the admin command /reload; nil disables it.
	Reload func(ctx context.Context) (*retrieval.Index, error)
	// Uploads, when set with Reload, stores the documents admins send (Upload) and forgets
	// them (/forget); Reload must load them too.
	Uploads Uploader
	// Generator, when set, writes answers with a language model; the extractive answer remains
	// the fallback whenever it fails or its answer does not pass the checks.
	Generator Generator
	// Method is the retrieval method questions use; "" is hybrid. (Other methods are for
	// measuring what each ranking contributes.)
	Method retrieval.Method
	// Observe, when set, is told about every answered question (for metrics).
	Observe func(mode string, lang Lang, refused bool, d time.Duration)
	Logger  *slog.Logger
}

// Generator writes a grounded answer to a question from its retrieved passages.
type Generator interface {
	Generate(ctx context.Context, q *Question) (Reply, error)
}

// Assistant answers requests from any front end. It is safe for concurrent use.
type Assistant struct {
	index atomic.Pointer[retrieval.Index]
	opts  Options
	log   *slog.Logger
	chats *chatStore

	reloadMu sync.Mutex
	answered atomic.Int64
	refused  atomic.Int64
}

// New returns an assistant over an index.
func New(ix *retrieval.Index, opts Options) *Assistant {
	if opts.DefaultLang == "" {
		opts.DefaultLang = LangID
	}
	if opts.TopK < 3 {
		opts.TopK = 6
	}
	if opts.Method == "" {
		opts.Method = retrieval.Hybrid
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	a := &Assistant{opts: opts, log: opts.Logger, chats: newChatStore(maxChats)}
	a.index.Store(ix)
	return a
}

// Index returns the index in use.
func (a *Assistant) Index() *retrieval.Index { return a.index.Load() }

// SetIndex swaps the index in use, for reloads.
func (a *Assistant) SetIndex(ix *retrieval.Index) { a.index.Store(ix) }

// maxInput bounds how much of a message is read; longer ones are cut with a note.
const maxInput = 2000

// Handle answers one request: a command or a question. It never panics: an unexpected failure
// becomes a generic message for the user and a log line with the details.
func (a *Assistant) Handle(ctx context.Context, req Request) (reply Reply) {
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("assistant panic", "chat", req.ChatID, "panic", fmt.Sprint(r))
			reply = a.errorReply(req)
		}
	}()
	text := sanitize(req.Text)
	if text == "" {
		return a.info(a.replyLang(req, ""), txtEmptyQuestion)
	}
	if strings.HasPrefix(text, "/") {
		cmd, arg := splitCommand(text)
		return a.command(ctx, req, cmd, arg)
	}
	req.Text = text
	return a.Ask(ctx, req)
}

func (a *Assistant) command(ctx context.Context, req Request, cmd, arg string) Reply {
	lang := a.replyLang(req, arg)
	switch cmd {
	case "start":
		a.chats.reset(req.ChatID)
		return a.info(a.replyLang(req, ""), txtStart)
	case "help":
		return a.info(lang, txtHelp)
	case "ask":
		if strings.TrimSpace(arg) == "" {
			return a.info(lang, txtEmptyQuestion)
		}
		req.Text = arg
		return a.Ask(ctx, req)
	case "quote", "kutip":
		if strings.TrimSpace(arg) == "" {
			return a.info(lang, txtEmptyQuote)
		}
		return a.Quote(ctx, req, arg)
	case "sources", "sumber":
		return a.Sources(a.replyLang(req, ""))
	case "source", "dokumen":
		lang = a.replyLang(req, "")
		if strings.TrimSpace(arg) == "" {
			return a.info(lang, txtSourceUsage)
		}
		if doc, section, ok := parseSourceSection(arg); ok {
			return a.SourceSection(ctx, req, doc, section)
		}
		doc, page := parseSourceArg(arg)
		return a.SourcePage(ctx, req, doc, page)
	case "lang", "bahasa":
		return a.setLang(req, arg)
	case "reload":
		return a.reload(ctx, req)
	case "scope", "cakupan":
		return a.scopeCommand(req, arg)
	case "forget", "lupakan":
		return a.forget(ctx, req, arg)
	case "stats":
		return a.stats(req)
	case "why", "kenapa":
		return a.why(req)
	}
	return a.info(a.replyLang(req, ""), txtUnknownCmd)
}

// splitCommand splits "/ask@kutipbot where…" into "ask" and "where…".
func splitCommand(text string) (cmd, arg string) {
	text = strings.TrimPrefix(text, "/")
	head, rest, _ := strings.Cut(text, " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		rest = head[i+1:] + " " + rest
		head = head[:i]
	}
	head, _, _ = strings.Cut(head, "@")
	return strings.ToLower(head), strings.TrimSpace(rest)
}

// parseSourceSection reads "/source 2 § Memasang paket", "/source 2 §3" and "/source panduan.txt
// 3.2" (a dotted number after the document is a section, a plain one a page): the document and
// the section asked for.
func parseSourceSection(arg string) (doc, section string, ok bool) {
	if d, s, found := strings.Cut(arg, "§"); found && strings.TrimSpace(d) != "" && strings.TrimSpace(s) != "" {
		return strings.TrimSpace(d), strings.TrimSpace(s), true
	}
	fields := strings.Fields(arg)
	if len(fields) > 1 {
		last := strings.TrimSuffix(fields[len(fields)-1], ".")
		if strings.Contains(last, ".") && sectionNumber.MatchString(last) {
			return strings.Join(fields[:len(fields)-1], " "), last, true
		}
	}
	return "", "", false
}

// parseSourceArg reads "/source 2 3" (document 2, page 3); a trailing number is a page only
// when something precedes it.
func parseSourceArg(arg string) (doc string, page int) {
	fields := strings.Fields(arg)
	page = 1
	if len(fields) > 1 {
		if p, ok := pageNumber(fields[len(fields)-1]); ok {
			page = p
			fields = fields[:len(fields)-1]
		}
	}
	return strings.Join(fields, " "), page
}

// pageNumber reads a page number, clamped: "-5" and "0" are page 1, and a number too big for
// an int ("99999999999999999999") is the last page, as SourcePage clamps it.
func pageNumber(s string) (int, bool) {
	digits := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	if strings.HasPrefix(s, "-") {
		return 1, true
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return math.MaxInt, true
	}
	return max(n, 1), true
}

func (a *Assistant) setLang(req Request, arg string) Reply {
	arg = strings.ToLower(strings.TrimSpace(arg))
	switch arg {
	case "id", "indonesia", "indonesian", "en", "english", "inggris":
		l := LangID
		if strings.HasPrefix(arg, "en") || arg == "inggris" {
			l = LangEN
		}
		a.chats.update(req.ChatID, func(st *chatState) { st.langOverride = l; st.lastLang = l })
		return a.info(l, txtLangSet)
	case "auto":
		a.chats.update(req.ChatID, func(st *chatState) { st.langOverride = "" })
		return a.info(a.replyLang(req, ""), txtLangAuto)
	}
	return a.info(a.replyLang(req, ""), txtLangUsage)
}

func (a *Assistant) reload(ctx context.Context, req Request) Reply {
	lang := a.replyLang(req, "")
	if !req.Admin {
		return a.info(lang, txtNotAdmin)
	}
	if a.opts.Reload == nil {
		return a.info(lang, txtReloadFailed)
	}
	a.reloadMu.Lock()
	defer a.reloadMu.Unlock()
	ix, err := a.opts.Reload(ctx)
	if err != nil {
		a.log.Error("reload failed", "err", err)
		return Reply{Kind: KindError, Lang: lang, Blocks: []Block{{{Text: txtReloadFailed.in(lang)}}}}
	}
	a.SetIndex(ix)
	a.log.Info("documents reloaded", "documents", len(ix.Documents()), "passages", ix.Len())
	return a.info(lang, msg{txtReloaded.f(LangID, len(ix.Documents()), ix.Len()), txtReloaded.f(LangEN, len(ix.Documents()), ix.Len())})
}

// why explains, to an admin, the decision on the chat's last question: the terms matched and
// how, the answer type, the score against the threshold, the tier.
func (a *Assistant) why(req Request) Reply {
	lang := a.replyLang(req, "")
	if !req.Admin {
		return a.info(lang, txtNotAdmin)
	}
	st := a.chats.get(req.ChatID)
	if st.lastWhy == nil {
		return a.info(lang, txtNoWhy)
	}
	return Reply{Kind: KindInfo, Lang: lang, Blocks: []Block{
		{{Text: "“" + st.lastQuestion + "”", Style: Italic}},
		{{Text: st.lastWhy.Text(), Style: Code}},
	}}
}

func (a *Assistant) stats(req Request) Reply {
	lang := a.replyLang(req, "")
	if !req.Admin {
		return a.info(lang, txtNotAdmin)
	}
	ix := a.Index()
	s := txtStats.f(lang, len(ix.Documents()), ix.Len(), a.answered.Load(), a.refused.Load(), a.chats.len())
	return Reply{Kind: KindInfo, Lang: lang, Blocks: []Block{{{Text: s}}}}
}

// replyLang decides the language of a reply: the chat's /lang setting, else the text's language
// when it tells, else the client's hint, else the chat's last language, else the default.
func (a *Assistant) replyLang(req Request, text string) Lang {
	st := a.chats.get(req.ChatID)
	if st.langOverride == "" && text != "" {
		if d := detectLang(text, ""); d.Sure {
			return d.Lang
		}
	}
	return a.fallbackLang(req, st)
}

func (a *Assistant) info(lang Lang, m msg) Reply {
	var blocks []Block
	for _, para := range strings.Split(m.in(lang), "\n\n") {
		blocks = append(blocks, Block{{Text: para}})
	}
	return Reply{Kind: KindInfo, Lang: lang, Blocks: blocks}
}

func (a *Assistant) errorReply(req Request) Reply {
	lang := a.replyLang(req, "")
	return Reply{Kind: KindError, Lang: lang, Blocks: []Block{{{Text: txtError.in(lang)}}}}
}

// sanitize makes user text safe to process: valid UTF-8, no control characters but newlines
// and tabs, trimmed.
func sanitize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r) && r != '\u200d':
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// ErrNoIndex is returned when the assistant has nothing to search.
var ErrNoIndex = errors.New("no index loaded")
