package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/config"
	"github.com/kutip/kutip/retrieval"
	"github.com/kutip/kutip/seeds"
)

// loadDocuments reads the corpus the configuration names: KUTIP_DOCS, or the embedded seeds,
// and the documents admins uploaded (KUTIP_DATA/uploads).
func (e *env) loadDocuments(ctx context.Context) ([]retrieval.Document, error) {
	var docs []retrieval.Document
	var err error
	if e.cfg.Docs != "" {
		docs, err = retrieval.LoadDirWith(e.cfg.Docs, retrieval.DirOptions{FollowSymlinks: e.cfg.FollowSymlinks, MaxBytes: e.cfg.MaxDocsSize, Context: ctx}, e.logger)
		if errors.Is(err, retrieval.ErrTooLarge) {
			err = fmt.Errorf("%w; raise KUTIP_MAX_DOCS_SIZE (0: no limit) or split the folder", err)
		}
	} else {
		docs, err = retrieval.LoadContext(ctx, seeds.FS, e.logger)
	}
	if err != nil {
		return nil, err
	}
	up := e.uploads()
	if up == nil {
		return docs, nil
	}
	added, err := up.Load(e.logger)
	if err != nil {
		return nil, fmt.Errorf("uploaded documents: %w", err)
	}
	for _, d := range added {
		if hasDoc(docs, d.ID) {
			e.logger.Warn("an uploaded document has the name of one in the documents folder; the folder's is kept", "file", d.ID)
			continue
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// uploads is the folder of documents admins added (KUTIP_DATA/uploads), nil without a data
// folder.
func (e *env) uploads() *retrieval.Uploads {
	if e.cfg.Data == "" {
		return nil
	}
	return &retrieval.Uploads{Dir: filepath.Join(e.cfg.Data, retrieval.UploadsDirName), OCR: retrieval.DefaultOCR()}
}

func hasDoc(docs []retrieval.Document, id string) bool {
	for _, d := range docs {
		if d.ID == id {
			return true
		}
	}
	return false
}

// indexOptions turns the configuration into index options.
func (e *env) indexOptions() (retrieval.Options, error) {
	opts := retrieval.Options{}
	if err := e.languageData(); err != nil {
		return opts, err
	}
	if e.cfg.ChunkSentences > 0 {
		opts.Chunk = retrieval.DefaultChunkOptions
		opts.Chunk.Sentences = e.cfg.ChunkSentences
		opts.Chunk.Overlap = e.cfg.ChunkOverlap
	}
	emb, err := e.embedder()
	if err != nil {
		return opts, err
	}
	opts.Embedder = emb
	if emb != nil {
		// API embeddings cost requests: keep them in the persistent, incremental store.
		opts.DataDir = e.cfg.Data
		opts.Logger = e.logger
		opts.OnStore = func(st retrieval.StoreStats) {
			e.logger.Info("vector store", "reused", st.Reused, "embedded", st.Embedded, "deleted", st.Deleted, "rebuilt", st.Rebuilt)
		}
	}
	return opts, nil
}

// buildIndex loads the documents and indexes them.
func (e *env) buildIndex(ctx context.Context) (*retrieval.Index, error) {
	return e.buildIndexWith(ctx, nil)
}

// buildIndexWith loads the documents and indexes them with the configuration's options, which
// adjust, when set, may change first (a command's --no-translate, a store report).
func (e *env) buildIndexWith(ctx context.Context, adjust func(*retrieval.Options)) (*retrieval.Index, error) {
	start := time.Now()
	docs, err := e.loadDocuments(ctx)
	if err != nil {
		return nil, err
	}
	opts, err := e.indexOptions()
	if err != nil {
		return nil, err
	}
	var progress func(int)
	opts.Progress = func(done, total int) {
		if progress == nil {
			if total < 2000 {
				return
			}
			progress = newProgress(e, "indexing", total)
		}
		progress(done)
	}
	if adjust != nil {
		adjust(&opts)
	}
	ix, err := retrieval.NewIndex(ctx, docs, opts)
	if err != nil {
		return nil, fmt.Errorf("index the documents: %w", err)
	}
	e.logger.Debug("index ready", "documents", len(docs), "passages", ix.Len(), "ms", time.Since(start).Milliseconds())
	return ix, nil
}

// newAssistant builds the index and the assistant over it, with the generator the
// configuration asks for.
func (e *env) newAssistant(ctx context.Context) (*bot.Assistant, error) {
	ix, err := e.buildIndexOrLocal(ctx, nil)
	if err != nil {
		return nil, err
	}
	return e.assistantOver(ix, nil)
}

// buildIndexOrLocal is buildIndexWith for the commands that answer or search (ask, chat, quote,
// search, add, forget): with KUTIP_EMBEDDER=openai and a model server that is down or lacks the
// embedding model, it says so and indexes on local embeddings for this run instead of failing,
// as the bot does: an API makes answers better, never makes them possible. The persistent
// vector store is left as it is; the next run with the server up fills it.
func (e *env) buildIndexOrLocal(ctx context.Context, adjust func(*retrieval.Options)) (*retrieval.Index, error) {
	if e.cfg.Embedder != config.EmbedderOpenAI {
		return e.buildIndexWith(ctx, adjust)
	}
	why := e.newModelWatch().check(ctx, e.cfg.EmbedModel) // the bot's quick check, bounded by modelCheckTimeout
	if why == nil || ctx.Err() != nil {
		return e.buildIndexWith(ctx, adjust)
	}
	e.logger.Warn("the embedding API is not available; searching with local embeddings for this run",
		"model", e.cfg.EmbedModel, "err", oneLine(why))
	return e.buildIndexWith(ctx, func(o *retrieval.Options) {
		if adjust != nil {
			adjust(o)
		}
		localEmbeddings(o)
	})
}

// assistantOver makes the assistant over an index; adjust, when set, edits its options.
func (e *env) assistantOver(ix *retrieval.Index, adjust func(*bot.Options)) (*bot.Assistant, error) {
	opts := bot.Options{
		DefaultLang: bot.Lang(e.cfg.Lang),
		TopK:        e.cfg.TopK,
		Logger:      e.logger,
		Reload:      e.buildIndex,
	}
	if up := e.uploads(); up != nil {
		opts.Uploads = up
	}
	gen, err := e.generator()
	if err != nil {
		return nil, err
	}
	opts.Generator = gen
	if adjust != nil {
		adjust(&opts)
	}
	return bot.New(ix, opts), nil
}

// languageData puts the user's own copies of the Indonesian dictionary and thesaurus
// (KUTIP_DICTIONARY, KUTIP_THESAURUS) in place of the embedded ones.
func (e *env) languageData() error {
	retrieval.UseEmbeddedLanguageData()
	for _, d := range []struct {
		path, what string
		use        func(io.Reader) error
	}{
		{e.cfg.Dictionary, "KUTIP_DICTIONARY", retrieval.UseIndonesianDictionary},
		{e.cfg.Thesaurus, "KUTIP_THESAURUS", retrieval.UseIndonesianThesaurus},
	} {
		if d.path == "" {
			continue
		}
		f, err := os.Open(d.path)
		if err != nil {
			return usagef("%s: %v", d.what, err)
		}
		err = d.use(f)
		f.Close()
		if err != nil {
			return usagef("%s %s: %v", d.what, d.path, err)
		}
	}
	return nil
}
