package main

import (
	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/llm"
	"github.com/kutip/kutip/config"
	"github.com/kutip/kutip/retrieval"
)

// embedder returns the embedder the configuration names; nil means the index's local default.
func (e *env) embedder() (retrieval.Embedder, error) {
	if e.cfg.Embedder != config.EmbedderOpenAI {
		return nil, nil
	}
	return retrieval.NewOpenAIEmbedder(retrieval.OpenAIEmbedderConfig{
		BaseURL:    e.cfg.OpenAIBaseURL,
		APIKey:     e.cfg.OpenAIKey,
		Model:      e.cfg.EmbedModel,
		Dimensions: e.cfg.EmbedDimensions,
		BatchSize:  e.cfg.EmbedBatch,
		Timeout:    e.cfg.EmbedTimeout,
		Logger:     e.logger,
	})
}

// generator returns the language-model answerer when KUTIP_LLM_MODEL is set, else nil.
func (e *env) generator() (bot.Generator, error) {
	if e.cfg.LLMModel == "" {
		return nil, nil
	}
	return llm.New(llm.Config{
		BaseURL:   e.cfg.OpenAIBaseURL,
		APIKey:    e.cfg.OpenAIKey,
		Model:     e.cfg.LLMModel,
		Timeout:   e.cfg.LLMTimeout,
		MaxTokens: e.cfg.LLMMaxTokens,
	}, e.logger, nil)
}
