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

// TestAddAndForget: kutip add stores documents under KUTIP_DATA/uploads and they are then
// searched with the rest; a bad file is reported and the others still added; kutip forget
// removes one.
func TestAddAndForget(t *testing.T) {
	data := t.TempDir()
	src := t.TempDir()
	pdf, err := os.ReadFile(filepath.Join("..", "..", "retrieval", "testdata", "formats", "kerjasama.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{"laporan.pdf": pdf, "kosong.docx": nil, "salinan.pdf": pdf} {
		if err := os.WriteFile(filepath.Join(src, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"KUTIP_DATA": data}
	stdout, stderr, code := cliRun(t, "", env, "add", filepath.Join(src, "laporan.pdf"), filepath.Join(src, "kosong.docx"), filepath.Join(src, "salinan.pdf"))
	if code == 0 || !strings.Contains(stderr, "kosong.docx: not added: kosong.docx is empty") || !strings.Contains(stderr, "1 of 3 files not added") {
		t.Errorf("add: exit %d, stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "laporan.pdf: added as laporan.pdf, “Kerjasama Korea Utara dengan Russia sebagai Upaya Win-Win Solution”, 2 pages") || !strings.Contains(stdout, "salinan.pdf: already there as laporan.pdf") || !strings.Contains(stdout, "6 documents") {
		t.Errorf("add stdout:\n%s", stdout)
	}
	stdout, _, _ = cliRun(t, "", env, "ask", "--json", "Apa yang diharapkan dari beberapa solusi yang disebutkan?")
	if !strings.Contains(stdout, `"doc":"laporan.pdf"`) {
		t.Errorf("the added document is not searched:\n%s", stdout)
	}
	stdout, stderr, code = cliRun(t, "", env, "forget", "laporan.pdf")
	if code != 0 || !strings.Contains(stdout, "laporan.pdf: removed") || !strings.Contains(stdout, "5 documents") {
		t.Errorf("forget: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, stderr, code = cliRun(t, "", env, "forget", "002_c095447da0f7cb9e.txt"); code == 0 || !strings.Contains(stderr, "only uploaded ones can be removed") {
		t.Errorf("forget of a seed: exit %d\n%s", code, stderr)
	}
}
