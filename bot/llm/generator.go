package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/retrieval"
)

// Generator answers questions with a language model from their retrieved passages, and checks
// what the model wrote. It implements bot.Generator and is safe for concurrent use.
type Generator struct {
	cfg    Config
	client *openai.Client
	log    *slog.Logger
	redact func(string) string
}

var _ bot.Generator = (*Generator)(nil)

// New returns a Generator for an OpenAI-compatible API. httpClient may be nil; its transport,
// if any, is wrapped with retries (see NewHTTPClient), and it should have no Timeout, which
// would cut streamed answers (Config.Timeout bounds each answer). Requests go out only when
// Generate runs.
func New(cfg Config, logger *slog.Logger, httpClient *http.Client) (*Generator, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if cfg.Model == "" {
		return nil, errors.New("llm: no model configured")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	oc.HTTPClient = newHTTPClient(cfg, logger, httpClient)
	return &Generator{cfg: cfg, client: openai.NewClientWithConfig(oc), log: logger, redact: redactor(cfg.APIKey)}, nil
}

// Model is the chat model's name.
func (g *Generator) Model() string { return g.cfg.Model }

// Errors of Generate besides the API's own; each means the assistant falls back to its
// extractive answer.
var (
	ErrNoPassages  = errors.New("llm: no passages to answer from")
	ErrEmptyAnswer = errors.New("llm: empty answer")
	ErrNoCitation  = errors.New("llm: answer without a valid citation")
	// ErrUngrounded: fewer of the answer's sentences are backed by the passages they cite than
	// are not (see groundAnswer).
	ErrUngrounded   = errors.New("llm: too little of the answer is backed by its passages")
	ErrUnanswerable = errors.New("llm: the model found no answer in the passages, but the extractive answerer did")
	ErrTooLong      = errors.New("llm: answer stream exceeded its size bound")
	ErrFiltered     = errors.New("llm: answer stopped by the provider's content filter")
	// ErrWrongLanguage: the model answered clearly in the other language than the asker's.
	ErrWrongLanguage = errors.New("llm: answer not in the asker's language")
)

// Generate answers q from its passages. First, when the question is a follow-up or not in the
// corpus language, it asks the model to rewrite it (standalone, and translated into the corpus
// language), searches with each rewrite and fuses the rankings with the original by reciprocal
// rank into q.Hits; a failed rewrite keeps the original hits. Then it prompts the model with the
// top passages, streaming when q.OnPartial is set, and checks the answer: invalid citations are
// removed, the rest renumbered, and Kutip writes the sources footer.
//
// An error means "send the extractive answer instead": every fault of the API (timeouts,
// retries exhausted, malformed or empty replies, endless streams), an answer left without a
// valid citation, or the model saying the passages do not answer while the extractive answerer
// found evidence. When both the model and the extractive answerer (q.Extractive) find no answer,
// Generate returns a refusal.
func (g *Generator) Generate(ctx context.Context, q *bot.Question) (reply bot.Reply, err error) {
	defer func() {
		if r := recover(); r != nil {
			reply, err = bot.Reply{}, fmt.Errorf("llm: internal error: %s", g.redact(fmt.Sprint(r)))
		}
		err = g.redactErr(err)
	}()
	if q == nil || len(q.Hits) == 0 || q.Index == nil {
		return bot.Reply{}, ErrNoPassages
	}
	start := g.cfg.Now()
	ctx, cancel := context.WithTimeout(ctx, g.cfg.Timeout)
	defer cancel()

	var checks []string
	var rw Rewrite
	if !g.cfg.NoRewrite && needsRewrite(q) {
		rw, checks = g.rewriteHits(ctx, q, checks)
	}
	if err := ctx.Err(); err != nil {
		return bot.Reply{}, err
	}

	hits := q.Hits[:min(len(q.Hits), g.cfg.Passages)]
	req := openai.ChatCompletionRequest{
		Model: g.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: systemPrompt(q.Lang, len(hits))},
			{Role: openai.ChatMessageRoleUser, Content: userPrompt(q, hits, rw.Standalone)},
		},
		MaxTokens:   g.cfg.MaxTokens,
		Temperature: g.cfg.Temperature,
	}
	var content string
	var truncated bool
	if q.OnPartial != nil {
		partial := func(raw string) string { return partialText(raw, q, hits) }
		content, truncated, err = g.stream(ctx, req, partial, q.OnPartial)
	} else {
		content, truncated, err = g.complete(ctx, req)
	}
	if err != nil {
		return bot.Reply{}, err
	}

	c := checkAnswer(content, q, hits, truncated)
	checks = append(checks, c.checks...)
	g.log.Debug("llm answer", "model", g.cfg.Model, "passages", len(hits), "cited", len(c.citations),
		"sentinel", c.sentinel, "checks", checks, "ms", g.cfg.Now().Sub(start).Milliseconds())
	switch {
	case c.sentinel:
		if q.Extractive == nil || !q.Extractive.Refused {
			return bot.Reply{}, ErrUnanswerable
		}
		r := *q.Extractive
		r.Blocks = append([]bot.Block(nil), r.Blocks...)
		r.Mode = "llm"
		r.Passages = q.Hits
		r.Checks = append(checks, "extractive: not in the documents either")
		return r, nil
	case strings.TrimSpace(stripThinking(content)) == "":
		return bot.Reply{}, ErrEmptyAnswer
	case !hasValidCitation(stripThinking(content), len(hits)):
		return bot.Reply{}, ErrNoCitation
	case c.text == "" && c.dropped > 0:
		return bot.Reply{}, ErrUngrounded
	case c.text == "":
		return bot.Reply{}, ErrEmptyAnswer
	case len(c.citations) == 0:
		return bot.Reply{}, ErrNoCitation
	case c.kept == 0 || c.dropped > c.kept:
		// Too little of the answer is backed by its passages to trust the rest.
		return bot.Reply{}, ErrUngrounded
	case wrongLanguage(c.text, q.Lang):
		return bot.Reply{}, ErrWrongLanguage
	}
	blocks := paragraphs(c.text)
	blocks = append(blocks, bot.SourcesFooter(q.Lang, c.citations)...)
	return bot.Reply{
		Kind:      bot.KindAnswer,
		Lang:      q.Lang,
		Blocks:    blocks,
		Mode:      "llm",
		Citations: c.citations,
		Passages:  q.Hits,
		Checks:    checks,
	}, nil
}

// wrongLanguage reports whether an answer reads clearly as the other language than the one
// asked for: models drift into the passages' language. It counts function words only (names
// and quoted terms say nothing of the language an answer is written in) and wants a clear margin.
func wrongLanguage(text string, want bot.Lang) bool {
	plain := citationMarks.ReplaceAllString(text, " ")
	wantVotes, otherVotes := 0, 0
	otherLang := bot.LangID
	if want == bot.LangID {
		otherLang = bot.LangEN
	}
	for _, t := range retrieval.Tokenize(plain) {
		inWant, inOther := retrieval.IsStopword(want, t.Norm), retrieval.IsStopword(otherLang, t.Norm)
		switch {
		case inWant && !inOther:
			wantVotes++
		case inOther && !inWant:
			otherVotes++
		}
	}
	return otherVotes >= 3 && otherVotes > 2*wantVotes
}

var citationMarks = regexp.MustCompile(`\[\d+\]`)

// rewriteHits rewrites the question and replaces q.Hits with the fused ranking; on any failure
// it keeps the original hits and notes why.
func (g *Generator) rewriteHits(ctx context.Context, q *bot.Question, checks []string) (Rewrite, []string) {
	rw, err := g.Rewrite(ctx, q)
	if err != nil {
		g.log.Warn("query rewriting failed; searching with the question only", "err", g.redact(err.Error()))
		return Rewrite{}, append(checks, "query rewriting skipped: "+g.redact(err.Error()))
	}
	k := max(len(q.Hits), g.cfg.Passages)
	hits, err := searchRewrites(ctx, q, rw, k)
	if err != nil {
		g.log.Warn("search with rewritten queries failed", "err", g.redact(err.Error()))
		return rw, append(checks, "search with rewrites failed")
	}
	q.Hits = hits
	return rw, append(checks, "query rewritten: "+describeRewrite(q, rw))
}

func describeRewrite(q *bot.Question, rw Rewrite) string {
	var parts []string
	if rw.Standalone != "" {
		parts = append(parts, fmt.Sprintf("standalone %q", rw.Standalone))
	}
	if rw.Translation != "" {
		parts = append(parts, fmt.Sprintf("%s %q", q.Index.Lang(), rw.Translation))
	}
	return strings.Join(parts, ", ")
}

// complete makes one plain chat completion.
func (g *Generator) complete(ctx context.Context, req openai.ChatCompletionRequest) (string, bool, error) {
	resp, err := g.client.CreateChatCompletion(ctx, req)
	if err != nil {
		return "", false, fmt.Errorf("llm: chat completion: %w", err)
	}
	if len(resp.Choices) == 0 {
		return "", false, errors.New("llm: chat completion without choices")
	}
	ch := resp.Choices[0]
	if ch.FinishReason == openai.FinishReasonContentFilter {
		return "", false, ErrFiltered
	}
	if strings.TrimSpace(ch.Message.Content) == "" {
		return "", false, ErrEmptyAnswer
	}
	return ch.Message.Content, ch.FinishReason == openai.FinishReasonLength, nil
}

// stream makes a streamed chat completion, telling onPartial how the answer grows at most once
// per PartialInterval. The stream is bounded in time (the context) and in size.
func (g *Generator) stream(ctx context.Context, req openai.ChatCompletionRequest, partial func(string) string, onPartial func(string)) (string, bool, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req.Stream = true
	st, err := g.client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", false, fmt.Errorf("llm: chat completion stream: %w", err)
	}
	defer st.Close()
	var b strings.Builder
	var finish openai.FinishReason
	var lastPartial time.Time
	shown := ""
	for {
		chunk, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if ctx.Err() != nil {
				return "", false, fmt.Errorf("llm: answer stream: %w", ctx.Err())
			}
			return "", false, fmt.Errorf("llm: answer stream: %w", err)
		}
		if len(chunk.Choices) == 0 {
			continue // e.g. a final usage chunk
		}
		ch := chunk.Choices[0]
		b.WriteString(ch.Delta.Content)
		if ch.FinishReason != "" {
			finish = ch.FinishReason
		}
		if b.Len() > g.cfg.MaxAnswerBytes {
			return "", false, ErrTooLong
		}
		if now := g.cfg.Now(); ch.Delta.Content != "" && now.Sub(lastPartial) >= g.cfg.PartialInterval {
			if p := partial(b.String()); p != "" && p != shown {
				onPartial(p)
				shown, lastPartial = p, now
			}
		}
	}
	if finish == openai.FinishReasonContentFilter {
		return "", false, ErrFiltered
	}
	if strings.TrimSpace(b.String()) == "" {
		return "", false, ErrEmptyAnswer
	}
	return b.String(), finish == openai.FinishReasonLength, nil
}

func (g *Generator) redactErr(err error) error { return redactErr(g.redact, err) }
