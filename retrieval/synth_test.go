package retrieval

import (
	"reflect"
	"testing"

	"github.com/kutip/kutip/seeds"

	"github.com/kutip/kutip/internal/testenv"
)

func seedDocs(t testing.TB) []Document {
	t.Helper()
	docs, err := Load(seeds.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestSyntheticDocuments(t *testing.T) {
	src := seedDocs(t)
	n := testenv.Size(60, 300)
	docs := SyntheticDocuments(src, n, 1)
	if len(docs) != n {
		t.Fatalf("got %d documents, want %d", len(docs), n)
	}
	if again := SyntheticDocuments(src, n, 1); !reflect.DeepEqual(docs, again) {
		t.Error("same source, n and seed gave different documents")
	}
	if other := SyntheticDocuments(src, n, 2); reflect.DeepEqual(docs, other) {
		t.Error("another seed gave the same documents")
	}
	if docs[0].ID != "synthetic/000001.txt" || docs[0].Lang != LangID || docs[0].Title == "" {
		t.Errorf("first document: ID %q, lang %q, title %q", docs[0].ID, docs[0].Lang, docs[0].Title)
	}
	vocab := map[string]bool{}
	for i := range docs {
		ps := Chunk(&docs[i], DefaultChunkOptions)
		if len(ps) != SyntheticParagraphs {
			t.Fatalf("%s: %d passages, want %d:\n%s", docs[i].ID, len(ps), SyntheticParagraphs, docs[i].Text)
		}
		for _, s := range Stems(docs[i].Text, LangID) {
			vocab[s] = true
		}
	}
	seedVocab := map[string]bool{}
	for _, d := range src {
		for _, s := range Stems(d.Text, LangID) {
			seedVocab[s] = true
		}
	}
	if len(vocab) <= len(seedVocab) {
		t.Errorf("synthetic vocabulary %d stems, seeds %d: want a longer tail", len(vocab), len(seedVocab))
	}
}

func TestSyntheticDocumentsNoSource(t *testing.T) {
	if docs := SyntheticDocuments(nil, 10, 1); docs != nil {
		t.Errorf("no source: got %d documents", len(docs))
	}
	if docs := SyntheticDocuments([]Document{{ID: "a", Text: "kecil"}}, 10, 1); docs != nil {
		t.Errorf("no usable sentence: got %d documents", len(docs))
	}
}
