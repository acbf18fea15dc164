package retrieval

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"
)

// TestLoadContextStops: a folder being read stops when its context is done (SIGTERM during
// "kutip index"), with the context's error, instead of reading every file first.
func TestLoadContextStops(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt": {Data: []byte("Satu kalimat yang cukup panjang untuk dibaca.")},
		"b.txt": {Data: []byte("Dua kalimat yang cukup panjang untuk dibaca.")},
	}
	if docs, err := LoadContext(t.Context(), fsys, nil); err != nil || len(docs) != 2 {
		t.Fatalf("LoadContext = %d documents, %v", len(docs), err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := LoadContext(ctx, fsys, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadContext with a done context: %v, want context.Canceled", err)
	}
	dir := t.TempDir()
	if _, err := LoadDirWith(dir, DirOptions{Context: ctx}, nil); err == nil {
		t.Errorf("LoadDirWith with a done context and an empty folder: no error")
	}
}

// TestOCRWithinStops: an OCR run (tesseract on a scanned page) is cut short when the loading's
// context is done, whatever context the PDF reader hands it.
func TestOCRWithinStops(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	started := make(chan struct{})
	slow := func(inner context.Context, _ string) (string, error) {
		close(started)
		<-inner.Done() // a tesseract that would run for minutes
		return "", inner.Err()
	}
	ocr := ocrWithin(ctx, slow)
	done := make(chan error, 1)
	go func() {
		_, err := ocr(context.Background(), "page.png")
		done <- err
	}()
	<-started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("OCR after cancel: %v, want context.Canceled", err)
	}
	if _, err := ocr(context.Background(), "page.png"); !errors.Is(err, context.Canceled) {
		t.Errorf("OCR with a done context: %v", err)
	}
	if ocrWithin(context.Background(), nil) != nil {
		t.Errorf("no OCR stays no OCR")
	}
}
