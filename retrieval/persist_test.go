package retrieval

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kutip/kutip/seeds"
)

var storeTopics = []string{
	"program nuklir Korea Utara", "Kerangka Kesepakatan 1994", "Perundingan Enam Pihak",
	"kerja sama Rusia dan Korea Utara", "usulan perdamaian di Semenanjung Korea", "sanksi Dewan Keamanan PBB",
	"uji coba rudal balistik", "reaktor Yongbyon", "bantuan bahan bakar minyak",
}

// storePassages makes n passages in documents of ten.
func storePassages(n int) []Passage {
	ps := make([]Passage, n)
	for i := range ps {
		doc := fmt.Sprintf("doc%02d.txt", i/10)
		ps[i] = Passage{
			ID:    fmt.Sprintf("%s#%d", doc, i%10+1),
			DocID: doc,
			Text:  fmt.Sprintf("Bagian %d membahas %s pada tahun %d.", i, storeTopics[i%len(storeTopics)], 1990+i),
		}
	}
	return ps
}

func without(ps []Passage, ids ...string) []Passage {
	var out []Passage
	for _, p := range ps {
		if !strings.Contains(strings.Join(ids, "\n")+"\n", p.ID+"\n") {
			out = append(out, p)
		}
	}
	return out
}

type storeEnv struct {
	t   *testing.T
	dir string
	f   *fakeOpenAI
	emb *OpenAIEmbedder
}

func newStoreEnv(t *testing.T) *storeEnv {
	f := newFakeOpenAI(t)
	e, _ := newTestEmbedder(t, f, OpenAIEmbedderConfig{Model: "fake-embed", Dimensions: 24})
	return &storeEnv{t: t, dir: t.TempDir(), f: f, emb: e}
}

// open opens the store and returns it with the embedding requests it made.
func (env *storeEnv) open(ps []Passage) (*Store, []fakeEmbedRequest, string) {
	env.t.Helper()
	st, reqs, logs, err := env.tryOpen(env.emb, ps)
	if err != nil {
		env.t.Fatalf("OpenStore: %v\nlogs:\n%s", err, logs)
	}
	env.checkContents(st, ps)
	return st, reqs, logs
}

func (env *storeEnv) tryOpen(emb Embedder, ps []Passage) (*Store, []fakeEmbedRequest, string, error) {
	env.f.take()
	logger, logs := oaiLogger()
	st, err := OpenStore(context.Background(), env.dir, emb, ps, StoreOptions{Logger: logger})
	return st, env.f.take(), logs.String(), err
}

// checkContents checks that the collection holds exactly the passages' vectors, on disk too.
func (env *storeEnv) checkContents(st *Store, ps []Passage) {
	env.t.Helper()
	coll := st.Collection()
	if coll.Count() != len(ps) {
		env.t.Fatalf("collection holds %d vectors, want %d", coll.Count(), len(ps))
	}
	keys := make(map[string]string)
	for k, id := range st.Aliases() {
		keys[id] = k
	}
	for _, p := range ps {
		key := p.ID
		if k, ok := keys[p.ID]; ok {
			key = k
		}
		doc, err := coll.GetByID(context.Background(), key)
		if err != nil {
			env.t.Fatalf("passage %s: %v", p.ID, err)
		}
		if doc.Metadata[metaPassage] != p.ID || doc.Metadata[metaHash] != contentHash(p.Text) {
			env.t.Fatalf("passage %s: stored metadata %v", p.ID, doc.Metadata)
		}
		if len(doc.Embedding) != 24 || !isUnit(doc.Embedding) {
			env.t.Fatalf("passage %s: vector of %d dimensions, unit %v", p.ID, len(doc.Embedding), isUnit(doc.Embedding))
		}
	}
	if files := env.vectorFiles(); len(files) != len(ps) {
		env.t.Fatalf("%d vector files on disk, want %d", len(files), len(ps))
	}
}

// vectorFiles lists chromem-go's document files.
func (env *storeEnv) vectorFiles() []string {
	env.t.Helper()
	files, err := filepath.Glob(filepath.Join(env.dir, storeDirName, "*", "*.gob"))
	if err != nil {
		env.t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if filepath.Base(f) != "00000000.gob" {
			out = append(out, f)
		}
	}
	return out
}

func inputs(reqs []fakeEmbedRequest) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Input...)
	}
	return out
}

func TestStoreEmbedsOnlyWhatChanged(t *testing.T) {
	env := newStoreEnv(t)
	ps := storePassages(100)

	st, reqs, _ := env.open(ps)
	if len(reqs) != 2 || len(inputs(reqs)) != 100 {
		t.Fatalf("first open: %d requests for %d texts, want 2 for 100", len(reqs), len(inputs(reqs)))
	}
	if s := st.Stats(); s != (StoreStats{Embedded: 100, Rebuilt: true, Reason: "new store"}) {
		t.Errorf("first open: %+v", s)
	}

	st, reqs, _ = env.open(ps)
	if len(reqs) != 0 {
		t.Fatalf("unchanged passages: %d embedding requests, want 0", len(reqs))
	}
	if s := st.Stats(); s != (StoreStats{Reused: 100}) {
		t.Errorf("unchanged: %+v", s)
	}

	// One passage changes, two appear, document doc09.txt (ten passages) disappears.
	next := append([]Passage(nil), ps[:90]...)
	next[5].Text = "Bagian lima kini membahas pembongkaran reaktor Yongbyon."
	next = append(next, Passage{ID: "new.txt#1", DocID: "new.txt", Text: "Dokumen baru tentang Pyongyang."},
		Passage{ID: "new.txt#2", DocID: "new.txt", Text: "Dokumen baru tentang Seoul."})
	st, reqs, _ = env.open(next)
	want := []string{next[5].Text, "Dokumen baru tentang Pyongyang.", "Dokumen baru tentang Seoul."}
	if len(reqs) != 1 || !reflect.DeepEqual(inputs(reqs), want) {
		t.Fatalf("after changes: %d requests embedding %q, want 1 embedding %q", len(reqs), inputs(reqs), want)
	}
	if s := st.Stats(); s != (StoreStats{Reused: 89, Embedded: 3, Deleted: 11}) {
		t.Errorf("after changes: %+v", s)
	}
	for _, p := range ps[90:] {
		if _, err := st.Collection().GetByID(context.Background(), p.ID); err == nil {
			t.Errorf("removed passage %s still stored", p.ID)
		}
	}

	if _, reqs, _ = env.open(next); len(reqs) != 0 {
		t.Fatalf("restart after changes: %d requests, want 0", len(reqs))
	}
}

func TestStoreRebuildsForAnotherEmbedder(t *testing.T) {
	env := newStoreEnv(t)
	ps := storePassages(30)
	env.open(ps)

	other, _ := newTestEmbedder(t, env.f, OpenAIEmbedderConfig{Model: "another-model", Dimensions: 24})
	st, reqs, _, err := env.tryOpen(other, ps)
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs(reqs)) != 30 || reqs[0].Model != "another-model" {
		t.Fatalf("model change: embedded %d texts with %q, want 30 with another-model", len(inputs(reqs)), reqs[0].Model)
	}
	if s := st.Stats(); !s.Rebuilt || s.Embedded != 30 || !strings.Contains(s.Reason, "embedder changed") {
		t.Errorf("model change: %+v", s)
	}

	// Back to the first model, at other dimensions.
	shorter, _ := newTestEmbedder(t, env.f, OpenAIEmbedderConfig{Model: "fake-embed", Dimensions: 12})
	st, reqs, _, err = env.tryOpen(shorter, ps)
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs(reqs)) != 30 || reqs[0].Dimensions != 12 || !st.Stats().Rebuilt {
		t.Fatalf("dimensions change: %d texts at %d dimensions, %+v", len(inputs(reqs)), reqs[0].Dimensions, st.Stats())
	}
	if files := env.vectorFiles(); len(files) != 30 {
		t.Errorf("%d vector files after rebuilds, want 30", len(files))
	}
}

// namedEmbedder is an Embedder under another name, to play a server that changed its model
// without the name saying so.
type namedEmbedder struct {
	Embedder
	name string
}

func (n namedEmbedder) Name() string { return n.name }

func TestStoreRebuildsWhenVectorsChangeLength(t *testing.T) {
	env := newStoreEnv(t)
	ps := storePassages(20)
	env.open(ps)
	shorter, _ := newTestEmbedder(t, env.f, OpenAIEmbedderConfig{Model: "fake-embed", Dimensions: 12})
	// Same name as before, so only the vectors tell.
	st, reqs, _, err := env.tryOpen(namedEmbedder{shorter, env.emb.Name()}, append(ps, Passage{ID: "x#1", Text: "baru"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(inputs(reqs)); got != 22 || !st.Stats().Rebuilt {
		t.Fatalf("embedded %d texts (1 new, then all 21), %+v", got, st.Stats())
	}
}

func TestStoreRecoversFromDamage(t *testing.T) {
	const n = 40
	tests := []struct {
		name string
		// damage breaks the store; it gets the manifest path and a vector file.
		damage       func(t *testing.T, manifest, vectorFile string)
		wantEmbedded int // salvaged vectors are not embedded again
	}{
		{"manifest corrupt", func(t *testing.T, manifest, _ string) {
			os.WriteFile(manifest, []byte(`{"format": 1, "embedder": "fake`), 0o600)
		}, 0},
		{"manifest gone", func(t *testing.T, manifest, _ string) { os.Remove(manifest) }, 0},
		{"manifest lies about a hash", func(t *testing.T, manifest, _ string) {
			data, _ := os.ReadFile(manifest)
			h := contentHash(storePassages(n)[3].Text)
			os.WriteFile(manifest, []byte(strings.Replace(string(data), h, contentHash("other"), 1)), 0o600)
		}, 0},
		{"vector file truncated", func(t *testing.T, _, file string) {
			data, _ := os.ReadFile(file)
			os.WriteFile(file, data[:len(data)/2], 0o600)
		}, n},
		{"vector file empty", func(t *testing.T, _, file string) { os.WriteFile(file, nil, 0o600) }, n},
		{"vector file gone", func(t *testing.T, _, file string) { os.Remove(file) }, 1},
		{"collection metadata gone", func(t *testing.T, _, file string) {
			os.Remove(filepath.Join(filepath.Dir(file), "00000000.gob"))
		}, n},
		{"vectors directory gone", func(t *testing.T, manifest, file string) {
			os.RemoveAll(filepath.Dir(file))
		}, n},
		{"garbage file in place of the collection", func(t *testing.T, manifest, file string) {
			dir := filepath.Dir(file)
			os.RemoveAll(dir)
			os.WriteFile(dir, []byte("junk"), 0o600)
		}, n},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newStoreEnv(t)
			ps := storePassages(n)
			env.open(ps)
			tt.damage(t, filepath.Join(env.dir, storeDirName, manifestName), env.vectorFiles()[7])

			st, reqs, logs := env.open(ps)
			if s := st.Stats(); !s.Rebuilt || s.Embedded != tt.wantEmbedded || len(inputs(reqs)) != tt.wantEmbedded {
				t.Errorf("%+v after %d embeddings, want a rebuild embedding %d", s, len(inputs(reqs)), tt.wantEmbedded)
			}
			if !strings.Contains(logs, "level=WARN") {
				t.Errorf("no warning logged:\n%s", logs)
			}
			if _, reqs, _ := env.open(ps); len(reqs) != 0 {
				t.Errorf("restart after the repair: %d requests, want 0", len(reqs))
			}
		})
	}
}

func TestStoreHalfWrittenUpdateIsDetected(t *testing.T) {
	env := newStoreEnv(t)
	ps := storePassages(30)
	env.open(ps)
	manifest := filepath.Join(env.dir, storeDirName, manifestName)
	old, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	// An update that added a passage and stopped before writing its manifest.
	more := append(ps, Passage{ID: "extra.txt#1", Text: "Satu bagian tambahan."})
	env.open(more)
	os.WriteFile(manifest, old, 0o600)

	st, reqs, logs := env.open(ps)
	if s := st.Stats(); !s.Rebuilt || s.Embedded != 0 || len(reqs) != 0 || !strings.Contains(s.Reason, "holds 31 vectors") {
		t.Errorf("%+v after %d requests; want a rebuild from the kept vectors", s, len(reqs))
	}
	if !strings.Contains(logs, "level=WARN") {
		t.Errorf("no warning:\n%s", logs)
	}
}

func TestStoreResumesAnInterruptedBuild(t *testing.T) {
	env := newStoreEnv(t)
	n := 2*storeBatch + 10
	ps := storePassages(n)
	// The first request of the second batch fails for good.
	failAt := storeBatch / DefaultOpenAIBatchSize
	env.f.setFail(func(n int, w http.ResponseWriter, r *http.Request) bool {
		if n == failAt {
			http.Error(w, "quota exceeded", http.StatusBadRequest)
			return true
		}
		return false
	})
	if _, _, _, err := env.tryOpen(env.emb, ps); err == nil || !strings.Contains(err.Error(), "quota exceeded") {
		t.Fatalf("error %v, want the server's", err)
	}
	env.f.setFail(nil)
	st, reqs, _ := env.open(ps)
	if s := st.Stats(); s.Embedded != n-storeBatch || s.Reused != storeBatch || len(inputs(reqs)) != n-storeBatch {
		t.Errorf("%+v after embedding %d; want the first batch kept", s, len(inputs(reqs)))
	}
}

// collidingIDs finds two passage IDs that chromem-go would store in the same file.
func collidingIDs(t testing.TB, format string) (string, string) {
	seen := make(map[string]string, 1<<17)
	for i := 0; i < 1<<21; i++ {
		id := fmt.Sprintf(format, i)
		name := docFileName(id)
		if other, ok := seen[name]; ok {
			return other, id
		}
		seen[name] = id
	}
	t.Fatal("no collision found")
	return "", ""
}

func TestAssignKeysAvoidsTakenFiles(t *testing.T) {
	tiny := func(id string) string { return docFileName(id)[:1] } // 16 file names
	var ids []string
	for i := range 12 {
		ids = append(ids, fmt.Sprintf("d.txt#%d", i))
	}
	taken := map[string]bool{tiny("held"): true}
	keys := assignKeys(ids, taken, tiny)
	files := map[string]string{tiny("held"): "held"}
	aliased := 0
	for _, id := range ids {
		k := keys[id]
		if k != id {
			aliased++
			if !strings.HasPrefix(k, id+"\x00") {
				t.Errorf("key %q for %q", k, id)
			}
		}
		if other, dup := files[tiny(k)]; dup {
			t.Errorf("%q and %q share file %s", k, other, tiny(k))
		}
		files[tiny(k)] = k
	}
	if aliased == 0 {
		t.Error("no collisions in 12 IDs over 16 file names: the test tests nothing")
	}
	if len(taken) != 13 {
		t.Errorf("%d file names taken, want 13", len(taken))
	}
}

func TestStoreHandlesFileNameCollisions(t *testing.T) {
	a, b := collidingIDs(t, "doc.txt#%d")
	if docFileName(a) != docFileName(b) {
		t.Fatal("not a collision")
	}
	env := newStoreEnv(t)
	ps := append(storePassages(5),
		Passage{ID: a, Text: "Teks bagian A tentang reaktor."},
		Passage{ID: b, Text: "Teks bagian B tentang perundingan."})
	st, _, _ := env.open(ps) // checks both vectors are there, in separate files
	if got := st.Aliases(); len(got) != 1 || got[b+"\x001"] != b {
		t.Errorf("aliases %q, want %q stored under an alias", got, b)
	}
	// chromem-go names the files as docFileName says.
	for _, key := range []string{a, b + "\x001"} {
		if len(mustGlob(t, filepath.Join(env.dir, storeDirName, "*", docFileName(key)+".gob"))) != 1 {
			t.Errorf("no file %s.gob for %q", docFileName(key), key)
		}
	}
	if _, reqs, _ := env.open(ps); len(reqs) != 0 {
		t.Fatalf("restart: %d requests, want 0", len(reqs))
	}
	// Removing A must not take B's vector with it, nor re-embed B.
	st, reqs, _ := env.open(without(ps, a))
	if s := st.Stats(); len(reqs) != 0 || s != (StoreStats{Reused: 6, Deleted: 1}) {
		t.Errorf("removing A: %+v after %d requests", s, len(reqs))
	}
	if _, reqs, _ := env.open(without(ps, a)); len(reqs) != 0 {
		t.Fatalf("restart: %d requests, want 0", len(reqs))
	}
	// A comes back: B keeps its alias, A its own ID.
	st, reqs, _ = env.open(ps)
	if len(inputs(reqs)) != 1 || st.Aliases()[b+"\x001"] != b {
		t.Errorf("A back: %d embedded, aliases %q", len(inputs(reqs)), st.Aliases())
	}
}

func mustGlob(t *testing.T, pattern string) []string {
	m, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestOpenStoreRejectsBadInput(t *testing.T) {
	env := newStoreEnv(t)
	ps := storePassages(3)
	if _, err := OpenStore(context.Background(), env.dir, env.emb, append(ps, ps[0]), StoreOptions{}); err == nil {
		t.Error("duplicate IDs: no error")
	}
	if _, err := OpenStore(context.Background(), "", env.emb, ps, StoreOptions{}); err == nil {
		t.Error("no directory: no error")
	}
}

func TestIndexPersistentRanksAsInMemory(t *testing.T) {
	docs, err := Load(seeds.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeOpenAI(t)
	emb, _ := newTestEmbedder(t, f, OpenAIEmbedderConfig{Dimensions: 96})
	dir := t.TempDir()
	ctx := context.Background()

	mem, err := NewIndex(ctx, docs, Options{Embedder: emb})
	if err != nil {
		t.Fatal(err)
	}
	var stats []StoreStats
	onStore := func(s StoreStats) { stats = append(stats, s) }
	disk, err := NewIndex(ctx, docs, Options{Embedder: emb, DataDir: dir, OnStore: onStore})
	if err != nil {
		t.Fatal(err)
	}
	f.take()
	again, err := NewIndex(ctx, docs, Options{Embedder: emb, DataDir: dir, OnStore: onStore})
	if err != nil {
		t.Fatal(err)
	}
	if reqs := f.take(); len(reqs) != 0 {
		t.Fatalf("reopening the index: %d embedding requests, want 0", len(reqs))
	}
	if len(stats) != 2 || !stats[0].Rebuilt || stats[0].Embedded != mem.Len() || stats[1].Reused != mem.Len() {
		t.Errorf("store stats %+v for %d passages", stats, mem.Len())
	}

	for _, q := range []string{
		"Kapan Kerangka Kesepakatan ditandatangani?",
		"Siapa saja peserta Perundingan Enam Pihak?",
		"kerja sama militer Rusia dan Korea Utara",
		"What did North Korea get in exchange for freezing Yongbyon?",
	} {
		for _, method := range []Method{Vectors, Hybrid} {
			want := hitIDs(t, mem, q, method)
			if len(want) == 0 {
				t.Fatalf("%q: no hits", q)
			}
			for name, ix := range map[string]*Index{"persisted": disk, "reopened": again} {
				if got := hitIDs(t, ix, q, method); !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s %q:\n got %v\nwant %v", name, method, q, got, want)
				}
			}
		}
	}
}

func hitIDs(t *testing.T, ix *Index, q string, method Method) []string {
	t.Helper()
	hits, err := ix.SearchQuery(context.Background(), ix.Query(q, ""), 8, method)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s v%d", h.Passage.ID, h.Vector))
	}
	return out
}

func TestIndexLocalEmbedderStaysInMemory(t *testing.T) {
	dir := t.TempDir()
	docs := []Document{{ID: "a.txt", Text: "Korea Utara menguji rudal. Amerika Serikat mengecam uji coba itu."}}
	called := false
	if _, err := NewIndex(context.Background(), docs, Options{DataDir: dir, OnStore: func(StoreStats) { called = true }}); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 || called {
		t.Errorf("local embedder wrote %d entries to the data directory", len(entries))
	}
}

func TestIndexMapsAliasedVectorHitsBack(t *testing.T) {
	// Documents whose first passages' IDs share a chromem-go file name.
	a, b := collidingIDs(t, "d%d.txt#1")
	docA, docB := strings.TrimSuffix(a, "#1"), strings.TrimSuffix(b, "#1")
	docs := []Document{
		{ID: docA, Text: "Reaktor Yongbyon dibekukan pada tahun 1994."},
		{ID: docB, Text: "Perundingan Enam Pihak dimulai di Beijing pada tahun 2003."},
		{ID: "c.txt", Text: "Rusia dan Korea Utara menandatangani perjanjian kemitraan strategis."},
	}
	f := newFakeOpenAI(t)
	emb, _ := newTestEmbedder(t, f, OpenAIEmbedderConfig{Dimensions: 64})
	dir := t.TempDir()
	for _, round := range []string{"built", "reopened"} {
		ix, err := NewIndex(context.Background(), docs, Options{Embedder: emb, DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		got := hitIDs(t, ix, "Perundingan Enam Pihak Beijing 2003", Vectors)
		if len(got) != 3 || got[0] != b+" v1" {
			t.Errorf("%s: hits %q, want %s first and all three", round, got, b)
		}
	}
}

// hashEmbedder is an in-process Embedder for benchmarks: the local embedder under another name.
type hashEmbedder struct{ *LocalEmbedder }

func (h hashEmbedder) Name() string { return "bench-" + h.LocalEmbedder.Name() }

// BenchmarkOpenStoreUnchanged measures a restart with nothing to embed: loading chromem-go's
// files and checking them against the manifest.
func BenchmarkOpenStoreUnchanged(b *testing.B) {
	dir := b.TempDir()
	ps := storePassages(2000)
	emb := hashEmbedder{&LocalEmbedder{Dim: 768, Lang: LangID}}
	ctx := context.Background()
	if _, err := OpenStore(ctx, dir, emb, ps, StoreOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		st, err := OpenStore(ctx, dir, emb, ps, StoreOptions{})
		if err != nil || st.Stats().Reused != len(ps) {
			b.Fatal(err, st.Stats())
		}
	}
}
