package retrieval

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLoadDirSymlinks: a link to a file outside the folder (passwd.txt → /etc/passwd) is not
// read unless asked; a link to a file inside it is.
func TestLoadDirSymlinks(t *testing.T) {
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret.txt"), "Rahasia negara yang tidak boleh dibaca.")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "Putin bertemu Kim Jong Un di Vladivostok.")
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "passwd.txt")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.Symlink(filepath.Join(dir, "a.txt"), filepath.Join(dir, "alias.txt"))

	var logs bytes.Buffer
	docs, err := LoadDirWith(dir, DirOptions{}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ids := docIDs(docs)
	if ids != "a.txt alias.txt" {
		t.Errorf("loaded %q, want a.txt and the link inside the folder", ids)
	}
	if !strings.Contains(logs.String(), "outside the documents folder") {
		t.Errorf("no warning about the link:\n%s", logs.String())
	}
	docs, err = LoadDirWith(dir, DirOptions{FollowSymlinks: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ids := docIDs(docs); ids != "a.txt alias.txt passwd.txt" {
		t.Errorf("with FollowSymlinks loaded %q", ids)
	}
	// LoadDir does not follow links outside either.
	docs, _ = LoadDir(dir, nil)
	if ids := docIDs(docs); strings.Contains(ids, "passwd") {
		t.Errorf("LoadDir loaded %q", ids)
	}
}

func docIDs(docs []Document) string {
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	return strings.Join(ids, " ")
}

func TestLoadDirSizeLimit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), strings.Repeat("Korea Utara dan Rusia bekerja sama. ", 100))
	writeFile(t, filepath.Join(dir, "ignored.bin"), strings.Repeat("x", 10000)) // not a document: not counted
	_, err := LoadDirWith(dir, DirOptions{MaxBytes: 1000}, nil)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "3.5KiB") || !strings.Contains(err.Error(), "1000B") {
		t.Errorf("err = %v, want ErrTooLarge naming both sizes", err)
	}
	if _, err := LoadDirWith(dir, DirOptions{MaxBytes: 1 << 20}, nil); err != nil {
		t.Errorf("under the limit: %v", err)
	}
}

func TestLoadDirLogsProgress(t *testing.T) {
	defer func(n int64) { progressFrom = n }(progressFrom)
	progressFrom = 64 << 10
	dir := t.TempDir()
	para := strings.Repeat("Korea Utara dan Rusia bekerja sama dalam bidang militer. ", 20) + "\n"
	for i := range 12 {
		writeFile(t, filepath.Join(dir, string(rune('a'+i))+".txt"), strings.Repeat(para, int(progressFrom/12)/len(para)+1))
	}
	var logs bytes.Buffer
	if _, err := LoadDirWith(dir, DirOptions{}, slog.New(slog.NewTextHandler(&logs, nil))); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), "loading documents"); n < 5 {
		t.Errorf("%d progress lines for a big folder:\n%s", n, logs.String())
	}
}
