package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAskJSONFromPDF asks a question of a folder holding a PDF: the citation names the file
// and the page the answer is on, and so do the passages.
func TestAskJSONFromPDF(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "retrieval", "testdata", "formats", "kerjasama.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "laporan.pdf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	// The answer is on page 2 of the PDF ("Dari beberapa solusi…" starts it).
	stdout, stderr, code := cliRun(t, "", nil, "ask", "--docs", dir, "--json", "Apa yang diharapkan dari beberapa solusi yang disebutkan?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var m struct {
		Refused   bool
		Citations []struct {
			Doc  string
			Page int
		}
		Passages []struct {
			Doc  string
			Page int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &m); err != nil {
		t.Fatal(err)
	}
	if m.Refused || len(m.Citations) == 0 || m.Citations[0].Doc != "laporan.pdf" || m.Citations[0].Page != 2 {
		t.Errorf("citations %+v (refused %v), want laporan.pdf page 2\n%s", m.Citations, m.Refused, stdout)
	}
	for _, p := range m.Passages {
		if p.Page < 1 || p.Page > 2 {
			t.Errorf("passage page %d", p.Page)
		}
	}
	if !strings.Contains(stdout, `"page":2`) {
		t.Errorf("no page in the JSON:\n%s", stdout)
	}
}
