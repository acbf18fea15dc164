package retrieval

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kutip/kutip/seeds"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/structure")

// formatPassages renders passages for a golden file: each with its number, section path, table
// header when it has one, and text.
func formatPassages(ps []Passage) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "[%d] § %s\n", p.Ordinal, p.SectionPath())
		if p.Intro != "" {
			fmt.Fprintf(&b, "intro: %s\n", strings.ReplaceAll(p.Intro, "\n", "\n        "))
		}
		fmt.Fprintf(&b, "%s\n\n", p.Text)
	}
	return b.String()
}

// TestStructureGolden loads every document under testdata/structure as Load does and compares
// its passages, with their section paths, with the golden file next to it.
func TestStructureGolden(t *testing.T) {
	dir := filepath.Join("testdata", "structure")
	docs, err := LoadDir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		doc := &docs[i]
		t.Run(doc.ID, func(t *testing.T) {
			ps := Chunk(doc, DefaultChunkOptions)
			checkPassages(t, doc, ps, DefaultChunkOptions)
			got := "title: " + doc.Title + "\n\n" + formatPassages(ps)
			golden := filepath.Join(dir, strings.TrimSuffix(doc.ID, filepath.Ext(doc.ID))+".golden")
			if *updateGolden {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./retrieval -run TestStructureGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("passages of %s differ from %s:\n%s", doc.ID, golden, got)
			}
		})
	}
}

// TestSeedsGolden keeps the seeds' passages and sections in a golden file, so that a change to
// parsing or chunking shows what it does to them.
func TestSeedsGolden(t *testing.T) {
	docs, err := Load(seeds.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := range docs {
		fmt.Fprintf(&b, "## %s\n\n%s", docs[i].ID, formatPassages(Chunk(&docs[i], DefaultChunkOptions)))
	}
	golden := filepath.Join("testdata", "structure", "seeds.golden")
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("the seeds' passages differ from %s (run with -update and review the diff)", golden)
	}
}

// TestHardCap: a megabyte of words without any punctuation or line break, a long code block and
// a long table row all end up in passages of at most HardMaxChars bytes, cut at spaces or line
// ends, and nothing is lost.
func TestHardCap(t *testing.T) {
	t.Parallel() // independent and CPU-bound: runs beside the other heavy tests
	var words strings.Builder
	for i := 0; words.Len() < 1<<20; i++ {
		fmt.Fprintf(&words, "kata%d ", i%977)
	}
	var code strings.Builder
	code.WriteString("Run this:\n\n```\n")
	for i := range 200 {
		fmt.Fprintf(&code, "echo line %d of the script\n", i)
	}
	code.WriteString("```\n")
	row := "| a | " + strings.Repeat("sel panjang ", 300) + "|"
	hard := DefaultChunkOptions.HardMaxChars
	for _, tt := range []struct{ name, text string }{
		{"no punctuation", strings.TrimSpace(words.String())},
		{"no spaces", strings.Repeat("x", 5000)},
		{"long code block", Clean(code.String())},
		{"long table row", Clean("| h | i |\n|---|---|\n" + row + "\n| b | c |")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := &Document{ID: "big.txt", Text: tt.text}
			ps := Chunk(doc, DefaultChunkOptions)
			checkPassages(t, doc, ps, DefaultChunkOptions)
			for _, p := range ps {
				if len(p.Text) > hard {
					t.Fatalf("%s: %d bytes", p.ID, len(p.Text))
				}
				if tt.name == "long code block" && p.End < len(doc.Text) && doc.Text[p.End] != '\n' {
					t.Errorf("%s: code cut inside a line: %q", p.ID, p.Text[len(p.Text)-20:])
				}
			}
			if len(ps) < len(tt.text)/hard {
				t.Errorf("%d passages for %d bytes", len(ps), len(tt.text))
			}
		})
	}
}

// TestHeadings: what is and is not a heading, on the text a heading would sit in (the line under
// test is the second block, after "Teks sebelumnya." and a blank line, with text after it).
func TestHeadings(t *testing.T) {
	tests := []struct {
		name, line string
		want       string // the section title, "" for no heading
	}{
		{"markdown", "## Memasang paket", "Memasang paket"},
		{"markdown closing hashes", "# Paket #", "Paket"},
		{"root prompt", "# apt-get install vim", ""},
		{"numbered", "3.2.1. Memasang paket baru", "3.2.1 Memasang paket baru"},
		{"numbered without point", "3.2 Title here", "3.2 Title here"},
		{"multi-level in lower case", "2.2.1. apt vs. apt-get", "2.2.1 apt vs. apt-get"},
		{"single number", "6. Peran China dan Rusia", "6 Peran China dan Rusia"},
		{"numbered sentence", "6. Buka menu lalu pilih berkas.", ""},
		{"an address is no number", "127.0.0.1 localhost", ""},
		{"chapter", "Bab 9.", "Bab 9."},
		{"roman chapter", "BAB IX", "BAB IX"},
		{"english chapter", "Chapter 2. Debian package management", "Chapter 2. Debian package management"},
		{"plain title case", "Membuat Target Baru", "Membuat Target Baru"},
		{"plain sentence case", "Membuat target baru", ""},
		{"sentence fragment", "yang dipakai untuk itu", ""},
		{"short sentence", "Itu saja.", ""},
		{"setting", "Origin: Debian", "Origin: Debian"}, // alone it reads as a heading; see below
		{"path", "Disk /dev/loop0", ""},
		{"table of contents", "Table of Contents", ""},
		{"caption", "Table 2.1. List of tools", ""},
		{"bracketed label", "[Note] Note", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := splitTextLines("Teks sebelumnya.\n\n" + tt.line + "\n\nTeks sesudahnya yang panjang.")
			got := ""
			for _, b := range parseBlocks(lines) {
				if b.first == 2 && b.kind == blockHeading {
					got = b.title
				}
			}
			if got != tt.want {
				t.Errorf("%q: heading %q, want %q", tt.line, got, tt.want)
			}
		})
	}
	// A line followed right away by settings starts a listing, not a section.
	lines := splitTextLines("Teks.\n\nOrigin: Debian\nLabel: Debian\n\nTeks.")
	for _, b := range parseBlocks(lines) {
		if b.kind == blockHeading {
			t.Errorf("heading %q in a list of settings", b.title)
		}
	}
}
