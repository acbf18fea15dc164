package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestNotices keeps NOTICES in step with what the binary contains: every module go.mod
// requires, at its version, and every licence file of embedded data (retrieval/LICENSE-*.txt).
func TestNotices(t *testing.T) {
	notices, err := os.ReadFile("../../NOTICES")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(notices), "\n")
	listed := func(words ...string) bool {
		for _, l := range lines {
			f := strings.Fields(l)
			if len(f) >= len(words) && slices.Equal(f[:len(words)], words) {
				return true
			}
		}
		return false
	}
	inRequire := false
	modules := 0
	for _, l := range strings.Split(string(gomod), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "require ("):
			inRequire = true
			continue
		case l == ")":
			inRequire = false
			continue
		case strings.HasPrefix(l, "require "):
			l = strings.TrimPrefix(l, "require ")
		case !inRequire:
			continue
		}
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		modules++
		if !listed(f[0], f[1]) {
			t.Errorf("NOTICES does not list %s %s (go.mod requires it): add it with its licence", f[0], f[1])
		}
	}
	if modules == 0 {
		t.Fatal("no module found in go.mod")
	}
	files, err := filepath.Glob("../../retrieval/LICENSE-*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no retrieval/LICENSE-*.txt: %v", err)
	}
	for _, f := range files {
		name := "retrieval/" + filepath.Base(f)
		if !strings.Contains(string(notices), name) {
			t.Errorf("NOTICES does not name %s: list the data it covers", name)
		}
	}
	if _, err := os.Stat("../../LICENSE"); err != nil {
		t.Errorf("no LICENSE: %v", err)
	}
}
