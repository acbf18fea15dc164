package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	chromem "github.com/philippgille/chromem-go"
)

// The persistent store lives in <data dir>/vectors: chromem-go's files (a directory per
// collection, a gob file per passage) and manifest.json, which records what the vectors were
// made from. chromem-go skips plain files at its root, so the manifest can sit there, and
// rebuilding is removing one directory.
const (
	storeDirName    = "vectors"
	manifestName    = "manifest.json"
	storeCollection = "passages"
	// storeFormat changes when the layout or the manifest changes meaning; a store of another
	// format is rebuilt.
	storeFormat = 1
	// storeBatch is how many passages are embedded and written at once: what an interrupted
	// build loses at most. The embedder splits a batch into its requests
	// (OpenAIEmbedderConfig.BatchSize), and may send them concurrently.
	storeBatch = 256
)

// Metadata every stored vector carries, so a store can be checked, and salvaged, without
// trusting the manifest.
const (
	metaPassage  = "passage"
	metaHash     = "sha256"
	metaEmbedder = "embedder"
)

// StoreOptions configure OpenStore.
type StoreOptions struct {
	// Logger receives rebuilds (with their reason) and repairs; nil discards them.
	Logger *slog.Logger
	// Progress, when set, is told how many of all passages have a vector, as embedding goes on.
	Progress func(done, total int)
	// Compress gzips chromem-go's files. Vectors barely compress, so it is off by default;
	// changing it rebuilds the store.
	Compress bool
}

// StoreStats tell what OpenStore did.
type StoreStats struct {
	Reused   int  // vectors kept from the store (or salvaged from a broken one) without embedding
	Embedded int  // passages sent to the embedder
	Deleted  int  // vectors of passages that changed or disappeared
	Rebuilt  bool // the store was wiped and written anew
	// Reason says why it was rebuilt: a new store, another embedder, a corrupt store…
	Reason string
}

// Store is a persistent chromem-go collection of passage vectors, in step with a set of passages.
type Store struct {
	coll    *chromem.Collection
	stats   StoreStats
	aliases map[string]string
}

// Collection is the chromem-go collection; its document IDs are passage IDs except for Aliases.
func (s *Store) Collection() *chromem.Collection { return s.coll }

// Stats tell what opening the store did.
func (s *Store) Stats() StoreStats { return s.stats }

// Aliases maps the stored IDs that are not passage IDs to their passages' IDs. chromem-go names
// a document's file after 4 bytes of the SHA-256 of its ID, so two IDs can share a file (about
// one pair in 10,000 passages has a 1% chance); the second is stored under "<id>\x00<n>",
// which no passage ID holds.
func (s *Store) Aliases() map[string]string { return s.aliases }

// manifest records what the stored vectors were made from.
type manifest struct {
	Format   int    `json:"format"`
	Embedder string `json:"embedder"`
	// Dimensions is the length of every stored vector.
	Dimensions int  `json:"dimensions"`
	Compress   bool `json:"compress"`
	// Passages maps passage IDs to the hash of the text that was embedded.
	Passages map[string]manifestEntry `json:"passages"`
}

type manifestEntry struct {
	Hash string `json:"sha256"`
	// Key is the stored ID when it is not the passage ID (see Store.Aliases).
	Key string `json:"key,omitempty"`
}

func (e manifestEntry) key(passageID string) string {
	if e.Key != "" {
		return e.Key
	}
	return passageID
}

// errDimensionsChanged means new vectors do not have the stored ones' length: the model behind
// the embedder's name changed, and everything must be embedded again.
var errDimensionsChanged = errors.New("vector dimensions changed")

// OpenStore opens, creates or brings up to date the persistent vector store under dataDir for
// passages, and returns it with every passage's vector in it. Only passages that are new or
// whose text changed are embedded: with unchanged passages it makes no embedding request.
// Vectors of passages that changed or are gone are deleted. The store is rebuilt when the
// embedder's Name, the vectors' length or the store format changes, and when it is found corrupt
// or half-written (unreadable manifest or chromem-go file, missing or extra vectors, vectors that
// do not match the manifest); then the vectors that still match their passage are kept, so an
// interrupted build resumes instead of starting over.
func OpenStore(ctx context.Context, dataDir string, emb Embedder, passages []Passage, opts StoreOptions) (*Store, error) {
	if dataDir == "" {
		return nil, errors.New("open vector store: no data directory")
	}
	if emb == nil {
		return nil, errors.New("open vector store: no embedder")
	}
	o := &storeOpener{
		ctx:      ctx,
		dir:      filepath.Join(dataDir, storeDirName),
		emb:      emb,
		name:     emb.Name(),
		passages: passages,
		hashes:   make(map[string]string, len(passages)),
		opts:     opts,
		log:      opts.Logger,
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	for _, p := range passages {
		if p.ID == "" {
			return nil, errors.New("open vector store: passage without an ID")
		}
		if _, dup := o.hashes[p.ID]; dup {
			return nil, fmt.Errorf("open vector store: passage ID %q twice", p.ID)
		}
		o.hashes[p.ID] = contentHash(EmbedText(&p))
	}
	st, err := o.open()
	if err != nil {
		return nil, fmt.Errorf("open vector store in %s: %w", o.dir, err)
	}
	return st, nil
}

// contentHash identifies a passage's text.
func contentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// docFileName is the name chromem-go v0.7 gives a document's file (collection.go getDocPath,
// persistence.go hash2hex), without its extension.
func docFileName(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:4])
}

// assignKeys gives each of ids, in order, a stored ID whose file name is not yet taken, and
// marks it taken: the ID itself when its file is free, else the first free "<id>\x00<n>".
func assignKeys(ids []string, taken map[string]bool, fileName func(string) string) map[string]string {
	keys := make(map[string]string, len(ids))
	for _, id := range ids {
		key := id
		for n := 1; taken[fileName(key)]; n++ {
			key = id + "\x00" + strconv.Itoa(n)
		}
		taken[fileName(key)] = true
		keys[id] = key
	}
	return keys
}

type storeOpener struct {
	ctx      context.Context
	dir      string
	emb      Embedder
	name     string
	passages []Passage
	hashes   map[string]string // passage ID → content hash
	opts     StoreOptions
	log      *slog.Logger
}

func (o *storeOpener) manifestPath() string { return filepath.Join(o.dir, manifestName) }

func (o *storeOpener) open() (*Store, error) {
	m, merr := readManifest(o.manifestPath())
	db, derr := chromem.NewPersistentDB(o.dir, o.opts.Compress)
	var coll *chromem.Collection
	if derr == nil {
		coll = db.GetCollection(storeCollection, EmbeddingFunc(o.emb))
	}
	reason, corrupt := o.check(m, merr, derr, coll)
	if reason == "" {
		st, err := o.update(coll, m)
		if !errors.Is(err, errDimensionsChanged) {
			return st, err
		}
		reason, coll = "the embedder's vectors changed length", nil
	}
	if corrupt {
		o.log.Warn("vector store is corrupt or half-written; rebuilding it", "dir", o.dir, "reason", reason)
	} else {
		o.log.Info("building the vector store", "dir", o.dir, "reason", reason, "embedder", o.name)
	}
	salvage, dims := o.salvage(coll, m)
	st, err := o.rebuild(reason, salvage, dims)
	if errors.Is(err, errDimensionsChanged) && len(salvage) > 0 {
		o.log.Info("kept vectors do not match the embedder's; embedding everything", "dir", o.dir)
		st, err = o.rebuild(reason, nil, 0)
	}
	return st, err
}

// check tells why the store cannot be updated in place ("" when it can), and whether that is
// because it is corrupt rather than new or made by another embedder.
func (o *storeOpener) check(m *manifest, merr, derr error, coll *chromem.Collection) (reason string, corrupt bool) {
	switch {
	case errors.Is(merr, fs.ErrNotExist) && derr == nil && (coll == nil || coll.Count() == 0):
		return "new store", false
	case merr != nil:
		return fmt.Sprintf("manifest unreadable: %v", merr), true
	case derr != nil:
		return fmt.Sprintf("vector files unreadable: %v", derr), true
	case m.Format != storeFormat:
		return fmt.Sprintf("store format %d, want %d", m.Format, storeFormat), false
	case m.Embedder != o.name:
		return fmt.Sprintf("embedder changed from %q to %q", m.Embedder, o.name), false
	case m.Compress != o.opts.Compress:
		return "compression setting changed", false
	case coll == nil:
		return "collection missing", true
	case coll.Count() != len(m.Passages):
		return fmt.Sprintf("collection holds %d vectors, manifest lists %d", coll.Count(), len(m.Passages)), true
	}
	files := make(map[string]string, len(m.Passages))
	for id, e := range m.Passages {
		key := e.key(id)
		if other, dup := files[docFileName(key)]; dup {
			return fmt.Sprintf("stored IDs %q and %q share a file", other, key), true
		}
		files[docFileName(key)] = key
		doc, err := coll.GetByID(o.ctx, key)
		if err != nil {
			return fmt.Sprintf("passage %q missing from the collection", id), true
		}
		if doc.Metadata[metaPassage] != id || doc.Metadata[metaHash] != e.Hash ||
			doc.Metadata[metaEmbedder] != o.name || len(doc.Embedding) != m.Dimensions {
			return fmt.Sprintf("stored vector of passage %q does not match the manifest", id), true
		}
	}
	return "", false
}

// update brings a sound store in step with the passages: it deletes the vectors of passages
// gone or changed, then embeds and adds the new and changed ones, then writes the manifest. If it
// stops half-way, the manifest no longer matches and the next open salvages what was written.
func (o *storeOpener) update(coll *chromem.Collection, m *manifest) (*Store, error) {
	kept := make(map[string]manifestEntry, len(m.Passages))
	taken := make(map[string]bool, len(m.Passages))
	var stale []string
	for id, e := range m.Passages {
		if o.hashes[id] == e.Hash {
			kept[id] = e
			taken[docFileName(e.key(id))] = true
		} else {
			stale = append(stale, e.key(id))
		}
	}
	var todo []string
	for _, p := range o.passages {
		if _, ok := kept[p.ID]; !ok {
			todo = append(todo, p.ID)
		}
	}
	stats := StoreStats{Reused: len(kept), Deleted: len(stale)}
	if len(stale) == 0 && len(todo) == 0 {
		if o.opts.Progress != nil {
			o.opts.Progress(len(kept), len(kept))
		}
		return &Store{coll: coll, stats: stats, aliases: aliasesOf(m.Passages)}, nil
	}
	if len(stale) > 0 {
		if err := coll.Delete(o.ctx, nil, nil, stale...); err != nil {
			return nil, fmt.Errorf("delete stale vectors: %w", err)
		}
	}
	keys := assignKeys(todo, taken, docFileName)
	embedded, dims, err := o.fill(coll, todo, keys, nil, m.Dimensions, len(kept))
	if err != nil {
		return nil, err
	}
	stats.Embedded = embedded
	for _, id := range todo {
		kept[id] = entryFor(id, keys[id], o.hashes[id])
	}
	m.Passages, m.Dimensions = kept, dims
	if err := writeManifest(o.manifestPath(), m); err != nil {
		return nil, err
	}
	o.log.Info("vector store updated", "dir", o.dir, "reused", stats.Reused, "embedded", stats.Embedded, "deleted", stats.Deleted)
	return &Store{coll: coll, stats: stats, aliases: aliasesOf(kept)}, nil
}

// salvage collects the stored vectors that still match their passage's text and this embedder,
// found under the manifest's keys if it has one, else under the passage IDs.
func (o *storeOpener) salvage(coll *chromem.Collection, m *manifest) (map[string][]float32, int) {
	if coll == nil || coll.Count() == 0 {
		return nil, 0
	}
	out := make(map[string][]float32)
	dims := 0
	for _, p := range o.passages {
		key := p.ID
		if m != nil {
			if e, ok := m.Passages[p.ID]; ok {
				key = e.key(p.ID)
			}
		}
		doc, err := coll.GetByID(o.ctx, key)
		if err != nil || doc.Metadata[metaPassage] != p.ID || doc.Metadata[metaHash] != o.hashes[p.ID] ||
			doc.Metadata[metaEmbedder] != o.name || len(doc.Embedding) == 0 {
			continue
		}
		if dims == 0 {
			dims = len(doc.Embedding)
		}
		if len(doc.Embedding) != dims {
			return nil, 0 // inconsistent: trust none
		}
		out[p.ID] = doc.Embedding
	}
	return out, dims
}

// rebuild wipes the store and writes every passage's vector, embedding those not salvaged.
func (o *storeOpener) rebuild(reason string, salvage map[string][]float32, dims int) (*Store, error) {
	if err := os.RemoveAll(o.dir); err != nil {
		return nil, fmt.Errorf("remove the old store: %w", err)
	}
	db, err := chromem.NewPersistentDB(o.dir, o.opts.Compress)
	if err != nil {
		return nil, err
	}
	coll, err := db.CreateCollection(storeCollection, nil, EmbeddingFunc(o.emb))
	if err != nil {
		return nil, fmt.Errorf("create collection: %w", err)
	}
	ids := make([]string, len(o.passages))
	for i, p := range o.passages {
		ids[i] = p.ID
	}
	keys := assignKeys(ids, make(map[string]bool, len(ids)), docFileName)
	embedded, dims, err := o.fill(coll, ids, keys, salvage, dims, 0)
	if err != nil {
		return nil, err
	}
	m := &manifest{Format: storeFormat, Embedder: o.name, Dimensions: dims, Compress: o.opts.Compress,
		Passages: make(map[string]manifestEntry, len(ids))}
	for _, id := range ids {
		m.Passages[id] = entryFor(id, keys[id], o.hashes[id])
	}
	if err := writeManifest(o.manifestPath(), m); err != nil {
		return nil, err
	}
	stats := StoreStats{Reused: len(ids) - embedded, Embedded: embedded, Rebuilt: true, Reason: reason}
	o.log.Info("vector store built", "dir", o.dir, "reused", stats.Reused, "embedded", stats.Embedded)
	return &Store{coll: coll, stats: stats, aliases: aliasesOf(m.Passages)}, nil
}

// fill adds the vectors of the passages ids under their keys: salvaged ones as they are, the
// others embedded in batches. Every vector must have dims dimensions (0: the first one's).
// done is how many passages already have their vector, for Progress.
func (o *storeOpener) fill(coll *chromem.Collection, ids []string, keys map[string]string, salvage map[string][]float32, dims, done int) (embedded, outDims int, err error) {
	text := make(map[string]string, len(ids))
	for i := range o.passages {
		text[o.passages[i].ID] = EmbedText(&o.passages[i])
	}
	var reuse, fresh []string
	for _, id := range ids {
		if salvage[id] != nil {
			reuse = append(reuse, id)
		} else {
			fresh = append(fresh, id)
		}
	}
	total := done + len(ids)
	report := func() {
		if o.opts.Progress != nil {
			o.opts.Progress(done, total)
		}
	}
	for start := 0; start < len(reuse); start += storeBatch {
		batch := reuse[start:min(start+storeBatch, len(reuse))]
		vecs := make([][]float32, len(batch))
		for i, id := range batch {
			vecs[i] = salvage[id]
		}
		if err := o.add(coll, batch, keys, vecs); err != nil {
			return 0, 0, err
		}
		done += len(batch)
	}
	report()
	texts := make([]string, 0, storeBatch)
	for start := 0; start < len(fresh); start += storeBatch {
		batch := fresh[start:min(start+storeBatch, len(fresh))]
		texts = texts[:0]
		for _, id := range batch {
			texts = append(texts, text[id])
		}
		vecs, err := o.emb.Embed(o.ctx, texts)
		if err != nil {
			return 0, 0, fmt.Errorf("embed passages: %w", err)
		}
		if len(vecs) != len(batch) {
			return 0, 0, fmt.Errorf("embed passages: %d vectors for %d passages", len(vecs), len(batch))
		}
		for _, v := range vecs {
			if dims == 0 {
				dims = len(v)
			}
			if len(v) != dims {
				return 0, 0, fmt.Errorf("%w: %d, want %d", errDimensionsChanged, len(v), dims)
			}
		}
		if err := o.add(coll, batch, keys, vecs); err != nil {
			return 0, 0, err
		}
		embedded += len(batch)
		done += len(batch)
		report()
	}
	return embedded, dims, nil
}

// add writes a batch of vectors, each with the metadata that lets the store be checked.
func (o *storeOpener) add(coll *chromem.Collection, ids []string, keys map[string]string, vecs [][]float32) error {
	docs := make([]chromem.Document, len(ids))
	for i, id := range ids {
		if err := checkVector(vecs[i]); err != nil {
			return fmt.Errorf("vector of passage %q: %w", id, err)
		}
		docs[i] = chromem.Document{
			ID:        keys[id],
			Metadata:  map[string]string{metaPassage: id, metaHash: o.hashes[id], metaEmbedder: o.name},
			Embedding: vecs[i], // unit length from the Embedder; chromem-go fixes any that is not
		}
	}
	if err := coll.AddDocuments(o.ctx, docs, min(runtime.GOMAXPROCS(0), 8)); err != nil {
		return fmt.Errorf("write vectors: %w", err)
	}
	return nil
}

func entryFor(id, key, hash string) manifestEntry {
	e := manifestEntry{Hash: hash}
	if key != id {
		e.Key = key
	}
	return e
}

func aliasesOf(entries map[string]manifestEntry) map[string]string {
	out := make(map[string]string)
	for id, e := range entries {
		if e.Key != "" && e.Key != id {
			out[e.Key] = id
		}
	}
	return out
}

func readManifest(path string) (*manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if m.Passages == nil {
		return nil, errors.New("no passages")
	}
	return &m, nil
}

// writeManifest replaces the manifest atomically: a crash leaves the old one or the new one.
func writeManifest(path string, m *manifest) error {
	data, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), manifestName+".*.tmp")
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write manifest: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write manifest: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // make the rename durable where the platform allows it
		d.Close()
	}
	return nil
}

// openStore backs the index's vectors with the persistent store under Options.DataDir. Stored
// IDs that are aliases (see Store.Aliases) are added to byID, so vector hits map back to passages.
func (ix *Index) openStore(ctx context.Context) error {
	st, err := OpenStore(ctx, ix.opts.DataDir, ix.embedder, ix.passages, StoreOptions{
		Logger:   ix.opts.Logger,
		Progress: ix.opts.Progress,
	})
	if err != nil {
		return err
	}
	ix.coll = st.Collection()
	for key, id := range st.Aliases() {
		ix.byID[key] = ix.byID[id]
	}
	// Searches scan a quantised copy of the stored vectors (see flatFromCollection).
	ix.flat = flatFromCollection(ctx, ix.coll, ix.passages, st.Aliases())
	if ix.opts.OnStore != nil {
		ix.opts.OnStore(st.Stats())
	}
	return nil
}
