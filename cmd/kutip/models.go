package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/llm"
	"github.com/kutip/kutip/config"
	"github.com/kutip/kutip/retrieval"
)

// modelCheckEvery is how often the bot asks the model server whether it has the models.
const modelCheckEvery = 30 * time.Second

// modelCheckTimeout bounds one check: a model server that is not ready must not hold up start-up.
const modelCheckTimeout = 5 * time.Second

// modelWatch keeps the bot answering when the model server is not ready or lacks a model (Ollama
// still starting or pulling): answers stay extractive and the index on local embeddings until
// the server has the models, then the bot switches, and back if a model goes away. /readyz and
// "kutip config" say which mode is live.
type modelWatch struct {
	e *env
	// check asks the server for models (llm.CheckModels against the configuration).
	check func(ctx context.Context, models ...string) error

	mu       sync.Mutex
	gate     *llm.Gate // over the chat model; nil when KUTIP_LLM_MODEL is empty or before the assistant exists
	a        *bot.Assistant
	embedWhy string // why the index is on local embeddings although KUTIP_EMBEDDER=openai; "" when it is not
}

func (e *env) newModelWatch() *modelWatch {
	cfg := e.cfg
	return &modelWatch{e: e, check: func(ctx context.Context, models ...string) error {
		ctx, cancel := context.WithTimeout(ctx, modelCheckTimeout)
		defer cancel()
		return llm.CheckModels(ctx, cfg.OpenAIBaseURL, cfg.OpenAIKey, nil, models...)
	}}
}

func (w *modelWatch) apiEmbeddings() bool { return w.e.cfg.Embedder == config.EmbedderOpenAI }

// newAssistant builds the index and the assistant as env.newAssistantWith does, except that
// an index the API cannot embed yet is built on local embeddings, and the chat model sits behind
// a gate that opens once the server has it.
func (w *modelWatch) newAssistant(ctx context.Context, adjust func(*bot.Options)) (*bot.Assistant, error) {
	var ix *retrieval.Index
	var err error
	if w.apiEmbeddings() {
		// A quick check first: embedding every passage against a server that is not up would
		// retry each request for a while.
		if err = w.check(ctx, w.e.cfg.EmbedModel); err == nil {
			ix, err = w.e.buildIndex(ctx)
		}
		if err != nil && ctx.Err() == nil {
			ix, err = w.localIndex(ctx, err)
		}
	} else {
		ix, err = w.e.buildIndex(ctx)
	}
	if err != nil {
		return nil, err
	}
	a, err := w.e.assistantOver(ix, func(o *bot.Options) {
		if o.Generator != nil {
			g := llm.NewGate(o.Generator, "not checked yet")
			w.mu.Lock()
			w.gate = g
			w.mu.Unlock()
			o.Generator = g
		}
		if w.apiEmbeddings() && o.Reload != nil {
			o.Reload = w.reload
		}
		if adjust != nil {
			adjust(o)
		}
	})
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.a = a
	w.mu.Unlock()
	w.checkChat(ctx)
	return a, nil
}

// localIndex indexes the documents on local embeddings after the API embeddings failed with why.
func (w *modelWatch) localIndex(ctx context.Context, why error) (*retrieval.Index, error) {
	w.e.logger.Warn("API embeddings failed; indexing on local embeddings until the model server has the model",
		"model", w.e.cfg.EmbedModel, "err", why)
	ix, err := w.e.buildIndexWith(ctx, localEmbeddings)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	w.embedWhy = oneLine(why)
	w.mu.Unlock()
	return ix, nil
}

// localEmbeddings makes an index use local embeddings, whatever KUTIP_EMBEDDER says.
func localEmbeddings(o *retrieval.Options) { o.Embedder, o.DataDir, o.OnStore = nil, "", nil }

// reload is /reload: the documents indexed anew, on API embeddings while they are live, else on
// local ones.
func (w *modelWatch) reload(ctx context.Context) (*retrieval.Index, error) {
	w.mu.Lock()
	offline := w.embedWhy != ""
	w.mu.Unlock()
	if offline {
		return w.e.buildIndexWith(ctx, localEmbeddings)
	}
	return w.e.buildIndex(ctx)
}

// run checks the model server at every tick until ctx is done.
func (w *modelWatch) run(ctx context.Context, tick <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			w.poll(ctx)
		}
	}
}

// poll opens or closes the chat model's gate, and moves the index to API embeddings once the
// server has the embedding model, and back to local embeddings if it goes away (a question's
// own embedding would fail).
func (w *modelWatch) poll(ctx context.Context) {
	w.checkChat(ctx)
	w.mu.Lock()
	pending, a := w.embedWhy != "", w.a
	w.mu.Unlock()
	if a == nil || !w.apiEmbeddings() {
		return
	}
	err := w.check(ctx, w.e.cfg.EmbedModel)
	switch {
	case err != nil && !pending:
		if ix, lerr := w.localIndex(ctx, err); lerr == nil {
			a.SetIndex(ix)
		}
		return
	case err != nil:
		w.setEmbedWhy(err)
		return
	case !pending:
		return
	}
	ix, err := w.e.buildIndex(ctx)
	if err != nil {
		w.e.logger.Warn("API embeddings still fail; staying on local embeddings", "model", w.e.cfg.EmbedModel, "err", err)
		w.setEmbedWhy(err)
		return
	}
	a.SetIndex(ix)
	w.setEmbedWhy(nil)
	w.e.logger.Info("index moved to API embeddings", "model", w.e.cfg.EmbedModel, "passages", ix.Len())
}

func (w *modelWatch) setEmbedWhy(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.embedWhy = ""
	if err != nil {
		w.embedWhy = oneLine(err)
	}
}

func (w *modelWatch) chatGate() *llm.Gate {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.gate
}

// checkChat opens the gate when the server has the chat model and closes it when it has not,
// logging the changes.
func (w *modelWatch) checkChat(ctx context.Context) {
	gate := w.chatGate()
	if gate == nil {
		return
	}
	was := gate.Offline()
	if err := w.check(ctx, w.e.cfg.LLMModel); err != nil {
		gate.Close(oneLine(err))
		if was == "" || was == "not checked yet" {
			w.e.logger.Warn("chat model not available; answering offline (extractive) until it is", "model", w.e.cfg.LLMModel, "err", err)
		}
		return
	}
	gate.Open()
	if was != "" {
		w.e.logger.Info("chat model available; answering with it", "model", w.e.cfg.LLMModel)
	}
}

// mode says which mode is live: "llm" when the chat model answers, else "offline", then what
// answers and what embeds, and why not the model when one is configured.
func (w *modelWatch) mode() string {
	w.mu.Lock()
	embedWhy, gate := w.embedWhy, w.gate
	w.mu.Unlock()
	cfg := w.e.cfg
	var answers string
	live := "offline"
	switch {
	case cfg.LLMModel == "":
		answers = "extractive answers"
	case gate == nil || gate.Offline() != "":
		why := "not checked"
		if gate != nil {
			why = gate.Offline()
		}
		answers = fmt.Sprintf("extractive answers until the chat model %s is available (%s)", cfg.LLMModel, why)
	default:
		live = "llm"
		answers = "answers by " + cfg.LLMModel
	}
	embeds := "local embeddings"
	switch {
	case w.apiEmbeddings() && embedWhy != "":
		embeds = fmt.Sprintf("local embeddings until the embedding model %s is available (%s)", cfg.EmbedModel, embedWhy)
	case w.apiEmbeddings():
		embeds = "embeddings by " + cfg.EmbedModel
	}
	return live + ": " + answers + "; " + embeds
}

// probe checks the server once for the configured models without building anything, for
// "kutip config".
func (w *modelWatch) probe(ctx context.Context) {
	if w.e.cfg.LLMModel != "" {
		w.mu.Lock()
		w.gate = llm.NewGate(nil, "not checked yet")
		w.mu.Unlock()
		w.checkChat(ctx)
	}
	if w.apiEmbeddings() {
		w.setEmbedWhy(w.check(ctx, w.e.cfg.EmbedModel))
	}
}

// oneLine is an error's message on one line, for the mode's description.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
