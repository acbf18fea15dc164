// Command genmorph converts the language data that package retrieval embeds for query analysis,
// as installed by Debian packages, into compact gzip'd tables, and writes the licence and
// attribution text that must travel with each:
//
//   - hunspell-id (/usr/share/hunspell/id_ID.dic): the Indonesian root words, which let the
//     stemmer confirm which root an affixed word comes from (LGPL-3);
//   - mythes-id (/usr/share/mythes/th_id_ID_v2.dat): the Indonesian thesaurus (LGPL-2.1);
//   - wordnet-base (/usr/share/wordnet): English synonyms (the first, most frequent sense of
//     each word) and irregular plurals (WordNet 3.0 licence).
//
// It runs from `go generate ./retrieval/`; its output is committed, so neither builds nor tests
// need the packages installed:
//
//	go run ./internal/genmorph [-hunspell F] [-mythes F] [-wordnet DIR] [-out DIR]
//
// Tables are UTF-8 text, one line per entry, sorted, gzip'd without a time or name in the
// header, so the output depends only on the input:
//
//	lexicon_id_roots.txt.gz         root
//	lexicon_id_thesaurus.tsv.gz     word TAB synonym|synonym|...
//	lexicon_en_thesaurus.tsv.gz     word TAB synonym|synonym|...
//	lexicon_en_inflections.tsv.gz   irregular form TAB base form
//
// Only lower-case single words of letters (and inner hyphens) are kept; synonyms are at most
// maxSynonyms per word, and a thesaurus synonym is kept only when the thesaurus also lists the
// word among the synonym's own (the relation is meant to be symmetric; one-way entries are
// mostly loose associations).
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const maxSynonyms = 6

func main() {
	hunspell := flag.String("hunspell", "/usr/share/hunspell/id_ID.dic", "hunspell-id word list")
	mythes := flag.String("mythes", "/usr/share/mythes/th_id_ID_v2.dat", "mythes-id thesaurus")
	wordnet := flag.String("wordnet", "/usr/share/wordnet", "WordNet database directory")
	docs := flag.String("doc", "/usr/share/doc", "directory of the packages' copyright files")
	licenses := flag.String("licenses", "/usr/share/common-licenses", "directory of the licence texts")
	out := flag.String("out", ".", "directory to write to")
	flag.Parse()
	if err := run(*hunspell, *mythes, *wordnet, *docs, *licenses, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genmorph:", err)
		os.Exit(1)
	}
}

func run(hunspell, mythes, wordnet, docs, licenses, out string) error {
	roots, err := readRoots(hunspell)
	if err != nil {
		return err
	}
	if len(roots) < 10000 {
		return fmt.Errorf("%s: only %d roots: format changed?", hunspell, len(roots))
	}
	thID, err := readMythes(mythes)
	if err != nil {
		return err
	}
	if len(thID) < 5000 {
		return fmt.Errorf("%s: only %d entries: format changed?", mythes, len(thID))
	}
	thEN, err := readWordNet(wordnet)
	if err != nil {
		return err
	}
	infl, err := readExceptions(wordnet)
	if err != nil {
		return err
	}
	if err := writeGzip(filepath.Join(out, "lexicon_id_roots.txt.gz"), roots); err != nil {
		return err
	}
	if err := writeGzip(filepath.Join(out, "lexicon_id_thesaurus.tsv.gz"), thesaurusLines(symmetric(thID))); err != nil {
		return err
	}
	if err := writeGzip(filepath.Join(out, "lexicon_en_thesaurus.tsv.gz"), thesaurusLines(thEN)); err != nil {
		return err
	}
	if err := writeGzip(filepath.Join(out, "lexicon_en_inflections.tsv.gz"), infl); err != nil {
		return err
	}
	notices := []struct{ file, pkg, stanza, license, what string }{
		{"LICENSE-hunspell-id.txt", "hunspell-id", "dictionaries/id/id_ID.*", "LGPL-3",
			"lexicon_id_roots.txt.gz is the list of root words of the Indonesian hunspell dictionary\n(id_ID.dic), without its affix flags, as shipped by Debian's hunspell-id package."},
		{"LICENSE-mythes-id.txt", "mythes-id", "dictionaries/id/th_id_ID_v2.dat", "LGPL-2.1",
			"lexicon_id_thesaurus.tsv.gz is derived from the Indonesian thesaurus th_id_ID_v2.dat (its\nsingle-word, two-way synonyms), as shipped by Debian's mythes-id package."},
		{"LICENSE-wordnet.txt", "wordnet-base", "", "",
			"lexicon_en_thesaurus.tsv.gz and lexicon_en_inflections.tsv.gz are derived from WordNet 3.0\n(the synonyms of each word's first sense; the irregular plurals of noun.exc), as shipped by\nDebian's wordnet-base package."},
	}
	for _, n := range notices {
		lic := ""
		if n.license != "" {
			lic = filepath.Join(licenses, n.license)
		}
		text, err := notice(filepath.Join(docs, n.pkg, "copyright"), n.stanza, lic, n.what)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, n.file), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// latin1 decodes ISO-8859-1 text.
func latin1(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		s.WriteRune(rune(c))
	}
	return s.String()
}

// plainWord reports whether w is a lower-case word of letters a–z with inner hyphens only.
func plainWord(w string) bool {
	if w == "" || w[0] == '-' || w[len(w)-1] == '-' {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < 'a' || c > 'z') && c != '-' {
			return false
		}
	}
	return true
}

// readRoots reads the words of a hunspell .dic file (first line: their count), without flags.
func readRoots(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(latin1(b), "\n")
	seen := map[string]bool{}
	var out []string
	for i, l := range lines {
		if i == 0 {
			continue // the count
		}
		w, _, _ := strings.Cut(strings.TrimSpace(l), "/")
		if plainWord(w) && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out, nil
}

// readMythes reads a MyThes .dat file: "word|n" followed by n lines "(pos)|syn|syn…".
func readMythes(path string) (map[string][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := string(b)
	if first, _, _ := strings.Cut(text, "\n"); strings.EqualFold(strings.TrimSpace(first), "ISO-8859-1") {
		text = latin1(b)
	}
	lines := strings.Split(text, "\n")
	out := map[string][]string{}
	for i := 1; i < len(lines); i++ {
		head, count, ok := strings.Cut(strings.TrimSpace(lines[i]), "|")
		n, err := strconv.Atoi(count)
		if !ok || err != nil {
			continue
		}
		for j := 0; j < n && i+1 < len(lines); j++ {
			i++
			fields := strings.Split(strings.TrimSpace(lines[i]), "|")
			for _, f := range fields[1:] {
				out[head] = appendNew(out[head], strings.TrimSpace(f))
			}
		}
	}
	for w, syns := range out {
		if !plainWord(w) {
			delete(out, w)
			continue
		}
		kept := syns[:0]
		for _, s := range syns {
			if plainWord(s) && s != w {
				kept = append(kept, s)
			}
		}
		out[w] = kept
	}
	return out, nil
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// symmetric keeps the synonyms that list the word back.
func symmetric(th map[string][]string) map[string][]string {
	out := map[string][]string{}
	for w, syns := range th {
		for _, s := range syns {
			back := false
			for _, x := range th[s] {
				back = back || x == w
			}
			if back {
				out[w] = append(out[w], s)
			}
		}
	}
	return out
}

// readWordNet reads, for every single-word lemma, the other single-word lemmas of its first
// (most frequent) sense in each part of speech.
func readWordNet(dir string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		data, err := os.ReadFile(filepath.Join(dir, "data."+pos))
		if err != nil {
			return nil, err
		}
		idx, err := os.Open(filepath.Join(dir, "index."+pos))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(idx)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		for sc.Scan() {
			l := sc.Text()
			if strings.HasPrefix(l, " ") {
				continue // licence header
			}
			f := strings.Fields(l)
			if len(f) < 6 || !plainWord(f[0]) {
				continue
			}
			// lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offsets…
			pc, err := strconv.Atoi(f[3])
			if err != nil || len(f) < 4+pc+3 {
				continue
			}
			off, err := strconv.Atoi(f[4+pc+2])
			if err != nil || off >= len(data) {
				continue
			}
			for _, s := range synsetWords(data[off:]) {
				if s != f[0] && plainWord(s) {
					out[f[0]] = appendNew(out[f[0]], s)
				}
			}
		}
		idx.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	if len(out) < 10000 {
		return nil, fmt.Errorf("%s: only %d words with synonyms: format changed?", dir, len(out))
	}
	return out, nil
}

// synsetWords reads the words of a data file line: "offset lex_filenum ss_type w_cnt word lex_id…".
func synsetWords(line []byte) []string {
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	f := strings.Fields(string(line))
	if len(f) < 4 {
		return nil
	}
	n, err := strconv.ParseInt(f[3], 16, 32)
	if err != nil {
		return nil
	}
	var out []string
	for i := 0; i < int(n) && 4+2*i < len(f); i++ {
		w := strings.ToLower(f[4+2*i])
		if j := strings.IndexByte(w, '('); j >= 0 {
			w = w[:j] // adjective markers such as "(a)"
		}
		out = append(out, w)
	}
	return out
}

// readExceptions reads WordNet's irregular plurals: "form base…" lines of noun.exc. The
// irregular verbs and adjectives stay out: "left" is not always "leave", nor "best" "good".
func readExceptions(dir string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, pos := range []string{"noun"} {
		b, err := os.ReadFile(filepath.Join(dir, pos+".exc"))
		if err != nil {
			return nil, err
		}
		for _, l := range strings.Split(string(b), "\n") {
			f := strings.Fields(l)
			if len(f) < 2 || !plainWord(f[0]) || !plainWord(f[1]) || seen[f[0]] {
				continue
			}
			seen[f[0]] = true
			out = append(out, f[0]+"\t"+f[1])
		}
	}
	sort.Strings(out)
	return out, nil
}

func thesaurusLines(th map[string][]string) []string {
	out := make([]string, 0, len(th))
	for w, syns := range th {
		if len(syns) == 0 {
			continue
		}
		if len(syns) > maxSynonyms {
			syns = syns[:maxSynonyms]
		}
		out = append(out, w+"\t"+strings.Join(syns, "|"))
	}
	sort.Strings(out)
	return out
}

func writeGzip(path string, lines []string) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	for _, l := range lines {
		io.WriteString(zw, l+"\n")
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// notice is the attribution and licence text for one package's data: the package's Debian
// copyright stanza for the file (or the whole file when stanza is ""), and the licence text.
func notice(copyrightPath, stanza, licensePath, what string) (string, error) {
	c, err := os.ReadFile(copyrightPath)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(what + "\n\nFrom the Debian package's copyright file (" + copyrightPath + "):\n\n")
	if stanza == "" {
		b.Write(c)
	} else {
		i := strings.Index(string(c), "Files: "+stanza+"\n")
		if i < 0 {
			return "", errors.New(copyrightPath + ": no stanza for " + stanza)
		}
		s := string(c[i:])
		if j := strings.Index(s, "\n\n"); j >= 0 {
			s = s[:j+1]
		}
		b.WriteString(s)
	}
	if licensePath != "" {
		l, err := os.ReadFile(licensePath)
		if err != nil {
			return "", err
		}
		b.WriteString("\nThe licence (" + licensePath + "):\n\n")
		b.Write(l)
	}
	return b.String(), nil
}
