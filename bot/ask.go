package bot

import (
	"context"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kutip/kutip/retrieval"
)

// Question is one question on its way to an answer: what was asked, in which language, what it
// was analysed into and which passages were retrieved for it.
type Question struct {
	Text string // as asked, cleaned and bounded
	// Lang is the reply language; TextLang is the language the question is written in.
	Lang     Lang
	TextLang Lang
	Query    retrieval.Query
	Hits     []retrieval.Hit
	// History holds the chat's previous questions, oldest first, for rewriting follow-ups.
	History []string
	// FollowUp is set when the question borrowed terms from the previous one.
	FollowUp bool
	Index    *retrieval.Index
	// OnPartial is the front end's progress callback (Request.OnPartial), or nil.
	OnPartial func(text string)
	// Extractive is the extractive reply, made before a Generator runs and sent if it fails; a
	// Generator reads it (never changes it) to tell whether the evidence answers at all.
	Extractive *Reply
}

// Ask answers a question (plain text, not a command).
func (a *Assistant) Ask(ctx context.Context, req Request) Reply {
	start := time.Now()
	text := sanitize(req.Text)
	var note msg
	if utf8.RuneCountInString(text) > maxInput {
		text = truncateRunes(text, maxInput)
		note = msg{txtTooLong.f(LangID, maxInput), txtTooLong.f(LangEN, maxInput)}
	}
	st := a.chats.get(req.ChatID)
	fallback := a.fallbackLang(req, st)
	det := detectLang(text, fallback)
	lang := det.Lang
	if st.langOverride != "" {
		lang = st.langOverride
	}
	if req.Lang != "" {
		lang = req.Lang
	}
	if !hasWordChars(text) {
		return a.info(lang, txtEmptyQuestion)
	}
	if det.Foreign {
		return a.info(lang, txtForeign)
	}
	ix := a.Index()
	q := &Question{Text: text, Lang: lang, TextLang: det.Lang, Index: ix, OnPartial: req.OnPartial}
	for _, t := range st.turns {
		q.History = append(q.History, t.question)
	}
	q.Query = ix.Query(text, det.Lang)
	a.followUp(q, st)

	hits, err := a.search(ctx, ix, q.Query, st.scope)
	if err != nil && err != retrieval.ErrEmptyQuery {
		a.log.Error("search failed", "chat", req.ChatID, "err", err)
		return a.errorReply(req)
	}
	q.Hits = hits

	reply := a.extractive(q)
	if a.opts.Generator != nil && len(hits) > 0 {
		q.Extractive = &reply
		if gen, err := a.opts.Generator.Generate(ctx, q); err == nil {
			if gen.Passages == nil {
				gen.Passages = hits
			}
			reply = gen
		} else {
			a.log.Warn("generator failed; extractive answer sent", "chat", req.ChatID, "err", err)
			if !reply.Refused {
				reply.Note = noteFallback.in(lang)
			}
		}
	}
	if note.id != "" {
		reply.Note = joinNotes(note.in(lang), reply.Note)
	}
	if len(st.scope) > 0 {
		reply.Note = joinNotes(reply.Note, scopeNote(lang, st.scope))
	}
	if reply.Note != "" {
		reply.Blocks = append(reply.Blocks, Block{{Text: reply.Note, Style: Italic}})
	}

	a.chats.update(req.ChatID, func(st *chatState) {
		st.lastLang = lang
		st.addTurn(turn{question: text, terms: termSources(q.Query.Terms), answered: !reply.Refused, query: q.Query})
		st.lastWhy, st.lastQuestion = reply.Why, text
	})
	if reply.Refused {
		a.refused.Add(1)
	} else {
		a.answered.Add(1)
	}
	d := time.Since(start)
	if a.opts.Observe != nil {
		a.opts.Observe(reply.Mode, lang, reply.Refused, d)
	}
	a.log.Info("question", "chat", req.ChatID, "lang", lang, "refused", reply.Refused, "mode", reply.Mode, "ms", float64(d.Microseconds())/1000)
	a.log.Debug("question text", "chat", req.ChatID, "text", text)
	return reply
}

var noteFallback = msg{"(Jawaban model bahasa tidak tersedia; ini kutipan langsung dari dokumen.)", "(The language model's answer was not available; these are direct quotes from the documents.)"}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// fallbackLang is the language used when a text cannot tell its own.
func (a *Assistant) fallbackLang(req Request, st chatState) Lang {
	if st.langOverride != "" {
		return st.langOverride
	}
	if h := hintLang(req.LangHint); h != "" {
		return h
	}
	if st.lastLang != "" {
		return st.lastLang
	}
	return a.opts.DefaultLang
}

// followUp lets a question lean on the previous one when it reads as a continuation: it opens
// with "and", "what about", "kalau", "lalu"…, points back ("that", "itu", "tersebut", "in
// return"), or is too short to stand alone ("Why?", "Kapan?"). It then borrows the previous
// question's terms as context. "And Russia?" after a question on China's role swaps the entity:
// the new name replaces the previous question's first name, and the other names (North Korea)
// stay as context. A question that stands on its own borrows nothing.
func (a *Assistant) followUp(q *Question, st chatState) {
	if len(st.turns) == 0 {
		return
	}
	last := st.turns[len(st.turns)-1]
	if len(last.query.Terms) == 0 {
		return
	}
	toks := retrieval.Tokenize(q.Text)
	words := 0
	for _, t := range toks {
		if !retrieval.IsStopwordAny(t.Norm) {
			words++
		}
	}
	names := false
	for _, t := range q.Query.Terms {
		names = names || isNameTerm(t)
	}
	short := len(q.Query.Terms) <= 2 && words <= 2
	if !continuation(toks) && !(short && !names) {
		return
	}
	have := make(map[string]bool)
	for _, t := range q.Query.Terms {
		have[t.Source] = true
	}
	// An entity swap: the new name replaces the previous question's first name.
	replaced := ""
	if names && short {
		for _, t := range last.query.Terms {
			if isNameTerm(t) && !have[t.Source] {
				replaced = t.Source
				break
			}
		}
	}
	for _, t := range last.query.Terms {
		if have[t.Source] || t.Source == replaced || t.Context {
			continue
		}
		t.Context = true
		q.Query.Terms = append(q.Query.Terms, t)
	}
	q.Query.EmbedText = q.Query.EmbedText + " " + last.query.EmbedText
	q.FollowUp = true
}

// Words that open a continuation of the conversation, and words that point back to it.
var (
	continuationOpeners = setOf("and", "dan", "lalu", "terus", "kalau", "kalo", "then", "so", "also", "juga", "trus")
	pointingBack        = setOf("it", "its", "itu", "tersebut", "they", "them", "mereka", "dia", "ia", "beliau", "sana", "situ", "return", "imbalan", "balasannya")
)

// continuation reports whether a question reads as the continuation of the one before: it opens
// with "and", "kalau", "what about", "bagaimana dengan"…, or points back ("it", "itu",
// "tersebut", "that" at its end, "in return").
func continuation(toks []retrieval.Token) bool {
	if len(toks) == 0 {
		return false
	}
	first := toks[0].Norm
	switch {
	case first == "how" || first == "what":
		// "How about Russia?", "What about Russia?"
		if len(toks) > 1 && toks[1].Norm == "about" {
			return true
		}
	case first == "bagaimana" || first == "gimana":
		if len(toks) > 1 && toks[1].Norm == "dengan" {
			return true
		}
	case continuationOpeners[first]:
		return true
	}
	for i, t := range toks {
		switch {
		case pointingBack[t.Norm]:
			// "Apa itu X?" defines; it does not point back.
			if t.Norm == "itu" && i > 0 && (toks[i-1].Norm == "apa" || toks[i-1].Norm == "apakah") {
				continue
			}
			return true
		case (t.Norm == "that" || t.Norm == "this") && i == len(toks)-1:
			return true
		case t.Norm == "that" && i+1 < len(toks) && (toks[i+1].Norm == "happen" || toks[i+1].Norm == "take"):
			return true
		}
	}
	return false
}

func isNameTerm(t retrieval.QueryTerm) bool {
	return t.Kind == "name"
}

func termSources(ts []retrieval.QueryTerm) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.Source)
	}
	return out
}

func hasWordChars(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
