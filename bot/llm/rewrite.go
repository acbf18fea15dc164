package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/retrieval"
)

// Rewrite is the model's rewriting of a question for retrieval.
type Rewrite struct {
	// Standalone is the question made understandable without the chat's earlier questions, in
	// the question's language.
	Standalone string `json:"standalone"`
	// Translation is the standalone question in the corpus language.
	Translation string `json:"translation"`
}

// needsRewrite tells whether rewriting can find anything the original question does not: a
// follow-up needs its context, a question in another language than the corpus a translation.
func needsRewrite(q *bot.Question) bool {
	return q.Index != nil && (len(q.History) > 0 || q.TextLang != q.Index.Lang())
}

// Rewrite asks the model for the question as a standalone one and in the corpus language.
func (g *Generator) Rewrite(ctx context.Context, q *bot.Question) (Rewrite, error) {
	ctx, cancel := context.WithTimeout(ctx, g.cfg.RewriteTimeout)
	defer cancel()
	corpus := bot.LangID
	if q.Index != nil {
		corpus = q.Index.Lang()
	}
	resp, err := g.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: g.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: rewriteSystem(corpus)},
			{Role: openai.ChatMessageRoleUser, Content: rewriteUser(q)},
		},
		MaxTokens:   rewriteMaxTokens,
		Temperature: g.cfg.Temperature,
	})
	if err != nil {
		return Rewrite{}, g.redactErr(fmt.Errorf("rewrite: %w", err))
	}
	if len(resp.Choices) == 0 {
		return Rewrite{}, errors.New("rewrite: no choices")
	}
	return parseRewrite(resp.Choices[0].Message.Content, q.Text)
}

// maxRewriteRunes bounds a rewrite: a model that starts answering is not rewriting.
func maxRewriteRunes(question string) int { return 3*utf8.RuneCountInString(question) + 200 }

// parseRewrite reads the model's JSON object, tolerating code fences, thinking and words around it.
func parseRewrite(content, question string) (Rewrite, error) {
	s := stripThinking(content)
	start, end := strings.Index(s, "{"), strings.LastIndex(s, "}")
	if start < 0 || end < start {
		return Rewrite{}, errors.New("rewrite: no JSON object in the reply")
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s[start:end+1]), &m); err != nil {
		return Rewrite{}, fmt.Errorf("rewrite: malformed JSON: %w", err)
	}
	pick := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := m[k].(string); ok {
				v = oneLine(v)
				if v != "" && utf8.RuneCountInString(v) <= maxRewriteRunes(question) && !isSentinel(v) {
					return v
				}
			}
		}
		return ""
	}
	r := Rewrite{
		Standalone:  pick("standalone", "standalone_question", "question", "rewritten"),
		Translation: pick("translation", "translated", "translated_question"),
	}
	if r.Standalone == "" && r.Translation == "" {
		return Rewrite{}, errors.New("rewrite: no usable field in the reply")
	}
	return r, nil
}

// rrfK is reciprocal rank fusion's constant, as in retrieval's hybrid search.
const rrfK = 60

// searchRewrites runs retrieval on each rewrite and fuses the rankings with the original one by
// reciprocal rank; it returns the fused hits, at most k, or the original ones when no rewrite
// retrieves anything.
func searchRewrites(ctx context.Context, q *bot.Question, rw Rewrite, k int) ([]retrieval.Hit, error) {
	lists := [][]retrieval.Hit{q.Hits}
	seen := map[string]bool{strings.ToLower(oneLine(q.Text)): true}
	search := func(text string, lang bot.Lang) error {
		key := strings.ToLower(text)
		if text == "" || seen[key] {
			return nil
		}
		seen[key] = true
		hits, err := q.Index.SearchQuery(ctx, q.Index.Query(text, lang), k, retrieval.Hybrid)
		if err != nil && !errors.Is(err, retrieval.ErrEmptyQuery) {
			return err
		}
		if len(hits) > 0 {
			lists = append(lists, hits)
		}
		return nil
	}
	if err := search(rw.Standalone, q.TextLang); err != nil {
		return q.Hits, err
	}
	if err := search(rw.Translation, q.Index.Lang()); err != nil {
		return q.Hits, err
	}
	if len(lists) == 1 {
		return q.Hits, nil
	}
	return fuse(lists, k), nil
}

// fuse merges rankings by reciprocal rank: a passage scores Σ 1/(60+rank) over the lists that
// hold it. Ties keep the earlier list's order. A fused hit keeps the first list's details.
func fuse(lists [][]retrieval.Hit, k int) []retrieval.Hit {
	type entry struct {
		hit   retrieval.Hit
		score float64
		first int // order of first appearance
	}
	byID := make(map[string]*entry)
	var order []*entry
	for _, list := range lists {
		for r, h := range list {
			e, ok := byID[h.Passage.ID]
			if !ok {
				e = &entry{hit: h, first: len(order)}
				byID[h.Passage.ID] = e
				order = append(order, e)
			}
			e.score += 1 / float64(rrfK+r+1)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].score != order[j].score {
			return order[i].score > order[j].score
		}
		return order[i].first < order[j].first
	})
	if len(order) > k {
		order = order[:k]
	}
	out := make([]retrieval.Hit, len(order))
	for i, e := range order {
		out[i] = e.hit
		out[i].Score = e.score
	}
	return out
}
