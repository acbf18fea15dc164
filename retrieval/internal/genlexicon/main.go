// Command genlexicon converts the FreeDict English–Indonesian dictionary, as installed by the
// Debian package dict-freedict-eng-ind (dictd format), into the compact table that package
// retrieval embeds for offline query translation, and writes the licence and attribution
// text that must travel with it (the dictionary is CC BY-SA 3.0).
//
// It runs from `go generate ./retrieval/`; its output is committed, so neither builds nor
// tests need the package installed:
//
//	go run ./internal/genlexicon [-index F] [-dict F] [-copyright F] [-out F] [-license F]
//
// The table is gzip'd UTF-8 text, one line per English headword, sorted:
//
//	key TAB headword TAB indonesian alternative|alternative|...
//
// The headword is its words, lower-case, joined by single spaces (as retrieval's lexWords splits
// them: "six-party" gives "six party"); the key is the same words stemmed with Snowball's English
// (Porter2) stemmer, as retrieval.StemEnglish does, so that the lexicon need not stem ten thousand
// headwords at start-up (retrieval's tests check that both agree). Alternatives are lower-case. Alternatives are ranked best first (see rank)
// and at most maxAlternatives long. Pronunciations, parts of speech, sense numbers, English
// glosses, wiki markup and parenthesised notes are dropped; so are affixes, proverbs,
// headwords of more than maxHeadwordWords words and alternatives of more than maxAltWords words.
// The output depends only on the input: it is sorted and the gzip header carries no time or name.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

const (
	maxAlternatives  = 8 // per headword, as the retrieval package's API promises
	maxAltWords      = 3 // longer translations are explanations, not query terms
	maxHeadwordWords = 4 // Translate matches phrases of up to 4 words
)

// minHeadwords guards against a changed format: the dictionary has about 10,000 headwords.
var minHeadwords = 1000

func main() {
	index := flag.String("index", "/usr/share/dictd/freedict-eng-ind.index", "dictd index file")
	dict := flag.String("dict", "/usr/share/dictd/freedict-eng-ind.dict.dz", "dictd data file (dictzip or plain)")
	copyright := flag.String("copyright", "/usr/share/doc/dict-freedict-eng-ind/copyright", "Debian copyright file of the package")
	out := flag.String("out", "lexicon_eng_ind.tsv.gz", "table to write")
	license := flag.String("license", "LICENSE-freedict.txt", "licence and attribution file to write")
	flag.Parse()
	if err := run(*index, *dict, *copyright, *out, *license); err != nil {
		fmt.Fprintln(os.Stderr, "genlexicon:", err)
		os.Exit(1)
	}
}

func run(indexPath, dictPath, copyrightPath, outPath, licensePath string) error {
	data, err := readDict(dictPath)
	if err != nil {
		return err
	}
	idx, err := os.ReadFile(indexPath)
	if err != nil {
		return err
	}
	entries, info, err := parseDictd(idx, data)
	if err != nil {
		return err
	}
	table := buildTable(entries)
	if len(table) < minHeadwords {
		return fmt.Errorf("only %d headwords parsed: format changed?", len(table))
	}
	var buf bytes.Buffer
	if err := writeTable(&buf, table); err != nil {
		return err
	}
	if err := os.WriteFile(outPath, buf.Bytes(), 0o644); err != nil {
		return err
	}
	cr, err := os.ReadFile(copyrightPath)
	if err != nil {
		return err
	}
	notice, err := licenseText(string(cr), info)
	if err != nil {
		return err
	}
	if err := os.WriteFile(licensePath, []byte(notice), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "genlexicon: %d headwords from %d entries, %d bytes -> %s\n", len(table), len(entries), buf.Len(), outPath)
	return nil
}

// readDict returns the uncompressed dictionary text. A dictzip file is a gzip file with an
// extra header field, which compress/gzip skips.
func readDict(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if !strings.HasSuffix(path, ".dz") && !strings.HasSuffix(path, ".gz") {
		return io.ReadAll(f)
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// entry is one dictd article: a headword with one part of speech and its senses, each sense
// being the list of translations given for it.
type entry struct {
	headword string
	pos      string
	senses   [][]string
}

var (
	senseStart = regexp.MustCompile(`^(\d+)\.\s+(.*)$`) // "2. damai, perdamaian"
	senseBare  = regexp.MustCompile(`^\s+\d+\.\s*$`)    // " 3." (a further gloss for the same translations)
	senseTail  = regexp.MustCompile(`\s+\d+\.\s*$`)     // "garansi 2." (the next sense shares these translations)
	posTag     = regexp.MustCompile(`<([^<>]*)>\s*$`)
	wikiLink   = regexp.MustCompile(`\[\[([^\]|]*\|)?([^\]]*)\]\]`)
	parens     = regexp.MustCompile(`\([^()]*\)`)
	spaces     = regexp.MustCompile(`\s+`)
)

// parseDictd reads every article the index points to. It returns the articles in index order
// and the database's own description (the 00-database-info article), used for attribution.
func parseDictd(index, data []byte) ([]entry, string, error) {
	var entries []entry
	var info string
	sc := bufio.NewScanner(bytes.NewReader(index))
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 3 {
			continue
		}
		off, err1 := decodeBase64Number(fields[1])
		n, err2 := decodeBase64Number(fields[2])
		if err := errors.Join(err1, err2); err != nil {
			return nil, "", fmt.Errorf("index line %q: %w", sc.Text(), err)
		}
		if off+n > len(data) {
			return nil, "", fmt.Errorf("index line %q points past the end of the dictionary", sc.Text())
		}
		body := string(data[off : off+n])
		if strings.HasPrefix(fields[0], "00database") || strings.HasPrefix(fields[0], "00-database") {
			if strings.Contains(fields[0], "info") {
				info = body
			}
			continue
		}
		if e, ok := parseEntry(body); ok {
			entries = append(entries, e)
		}
	}
	return entries, info, sc.Err()
}

// decodeBase64Number decodes dictd's base-64 numbers (offsets and lengths in the index).
func decodeBase64Number(s string) (int, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	n := 0
	for _, c := range s {
		d := strings.IndexRune(alphabet, c)
		if d < 0 {
			return 0, fmt.Errorf("bad base-64 digit %q", c)
		}
		n = n*64 + d
	}
	return n, nil
}

// parseEntry parses one article. Its first line is the headword, pronunciations in slashes and
// the part of speech in angle brackets. Then come senses: either one unnumbered translation
// line, or numbered lines "N. translations"; each translation line is followed by English
// glosses, and a line " N." adds a further gloss for the same translations.
func parseEntry(body string) (entry, bool) {
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	if len(lines) < 2 {
		return entry{}, false
	}
	var e entry
	head := lines[0]
	if m := posTag.FindStringSubmatch(head); m != nil {
		e.pos = m[1]
		head = head[:len(head)-len(m[0])]
	}
	if i := strings.Index(head, " /"); i >= 0 {
		head = head[:i]
	}
	e.headword = normalize(head)
	switch e.pos {
	case "prefix", "suffix", "proverb", "symbol":
		return entry{}, false
	}
	if e.headword == "" || len(splitWords(e.headword)) > maxHeadwordWords {
		return entry{}, false
	}
	numbered := len(lines) > 1 && senseStart.MatchString(lines[1])
	for i, line := range lines[1:] {
		switch {
		case numbered && senseStart.MatchString(line):
			line = senseStart.FindStringSubmatch(line)[2]
		case !numbered && i == 0:
		default:
			continue // a gloss, or " N."
		}
		if senseBare.MatchString(line) {
			continue
		}
		if alts := splitTranslations(line); len(alts) > 0 {
			e.senses = append(e.senses, alts)
		}
	}
	return e, len(e.senses) > 0
}

// splitWords returns the lower-case words of s: runs of letters, digits and combining marks.
// A possessive "'s" is dropped, other apostrophes join, and a reduplicated word ("x-x") counts
// once. It must split as retrieval's lexWords does.
func splitWords(s string) []string {
	s = strings.ToLower(s)
	if strings.ContainsAny(s, "'\u2019") {
		s = strings.NewReplacer("'s ", " ", "\u2019s ", " ", "'", "", "\u2019", "").Replace(s + " ")
	}
	var words []string
	prevSep := byte(' ')
	for len(s) > 0 {
		i := strings.IndexFunc(s, wordRune)
		if i < 0 {
			break
		}
		if i > 0 {
			prevSep = s[i-1]
		}
		s = s[i:]
		j := strings.IndexFunc(s, func(r rune) bool { return !wordRune(r) })
		if j < 0 {
			j = len(s)
		}
		w := s[:j]
		s = s[j:]
		if n := len(words); prevSep == '-' && n > 0 && words[n-1] == w {
			continue
		}
		words = append(words, w)
	}
	return words
}

func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// stemKey stems each word as retrieval.StemEnglish does and joins them with spaces.
func stemKey(words []string) string {
	stems := make([]string, len(words))
	for i, w := range words {
		stems[i] = w
		if len(w) >= 3 {
			stems[i] = english.Stem(w, false)
		}
	}
	return strings.Join(stems, " ")
}

// normalize lower-cases s and collapses its spaces.
func normalize(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(strings.ToLower(s), " "))
}

// splitTranslations splits one translation line into cleaned alternatives.
func splitTranslations(line string) []string {
	line = senseTail.ReplaceAllString(line, "")
	line = wikiLink.ReplaceAllString(line, "$2")
	var alts []string
	for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == '/' || r == ';' }) {
		if strings.ContainsAny(part, "?!") { // questions and exclamations are phrasebook lines
			continue
		}
		part = parens.ReplaceAllString(part, " ")
		part = strings.Trim(normalize(part), " .-'")
		if part == "" || strings.ContainsAny(part, "|\t()[]") {
			continue
		}
		if len(strings.Fields(part)) > maxAltWords {
			continue
		}
		alts = append(alts, part)
	}
	return alts
}

// row is one line of the output table.
type row struct {
	key, headword string
	alts          []string
}

// buildTable merges the articles of each headword (one per part of speech) and ranks their
// translations.
func buildTable(entries []entry) []row {
	global := map[string]int{} // how many articles give a translation: a proxy for how common it is
	for _, e := range entries {
		seen := map[string]bool{}
		for _, s := range e.senses {
			for _, a := range s {
				if !seen[a] {
					seen[a] = true
					global[a]++
				}
			}
		}
	}
	byHead := map[string][]entry{}
	var heads []string
	for _, e := range entries {
		h := strings.Join(splitWords(e.headword), " ")
		if h == "" {
			continue
		}
		if _, ok := byHead[h]; !ok {
			heads = append(heads, h)
		}
		byHead[h] = append(byHead[h], e)
	}
	table := make([]row, 0, len(heads))
	for _, h := range heads {
		if alts := rank(byHead[h], global); len(alts) > 0 {
			table = append(table, row{key: stemKey(strings.Fields(h)), headword: h, alts: alts})
		}
	}
	sort.Slice(table, func(i, j int) bool {
		if table[i].key != table[j].key {
			return table[i].key < table[j].key
		}
		return table[i].headword < table[j].headword
	})
	return table
}

// rank orders the translations of one headword best first. FreeDict lists the translations of
// a sense alphabetically, and the articles of a headword alphabetically by part of speech, so
// neither order says which is the main one. What does: the sense a translation belongs to
// (earlier senses of an article are the main ones), the part of speech (nouns, names and verbs
// are what queries are made of), how many senses give it, whether it is a single word, and how
// often the whole dictionary uses it (a rough stand-in for how common a word is).
func rank(es []entry, global map[string]int) []string {
	type cand struct {
		alt   string
		score float64
		first int
	}
	cands := map[string]*cand{}
	for _, e := range es {
		prior := posPrior(e.pos)
		for k, s := range e.senses {
			seen := map[string]bool{}
			for _, a := range s {
				if seen[a] {
					continue
				}
				seen[a] = true
				c, ok := cands[a]
				if !ok {
					c = &cand{alt: a, first: len(cands)}
					cands[a] = c
					words := len(strings.Fields(a))
					c.score = 0.15*math.Log(float64(1+global[a])) - 0.5*float64(words-1)
				}
				c.score += prior / float64(1+k)
			}
		}
	}
	list := make([]*cand, 0, len(cands))
	for _, c := range cands {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		return list[i].first < list[j].first
	})
	alts := make([]string, 0, min(len(list), maxAlternatives))
	for _, c := range list {
		if len(alts) == maxAlternatives {
			break
		}
		alts = append(alts, c.alt)
	}
	return alts
}

// posPrior weighs an article by its part of speech.
func posPrior(pos string) float64 {
	switch pos {
	case "n", "pn":
		return 1
	case "v", "adj":
		return 0.9
	case "adv", "numeral":
		return 0.7
	}
	return 0.6
}

// writeTable writes the gzip'd table deterministically: sorted rows, no time or name in the
// gzip header, a fixed compression level.
func writeTable(w io.Writer, table []row) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	for _, r := range table {
		bw.WriteString(r.key)
		bw.WriteByte('\t')
		bw.WriteString(r.headword)
		bw.WriteByte('\t')
		bw.WriteString(strings.Join(r.alts, "|"))
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// licenseText builds the attribution and licence file from the Debian copyright file (its
// header, the eng-ind stanza and the full CC BY-SA 3.0 text) and the dictionary's own description.
func licenseText(copyright, info string) (string, error) {
	paras := strings.Split(strings.ReplaceAll(copyright, "\r\n", "\n"), "\n\n")
	var header, files, license string
	for _, p := range paras {
		p = strings.Trim(p, "\n")
		switch {
		case strings.HasPrefix(p, "Format:"):
			header = p
		case strings.HasPrefix(p, "Files:") && strings.Contains(firstLine(p), "eng-ind/*"):
			files = p
		case strings.HasPrefix(p, "License: CC-BY-SA-3.0\n"):
			license = p
		}
	}
	if header == "" || files == "" || license == "" {
		return "", errors.New("copyright file: header, eng-ind stanza or CC-BY-SA-3.0 text not found")
	}
	var b strings.Builder
	b.WriteString(`Kutip's English–Indonesian query-translation table (retrieval/lexicon_eng_ind.tsv.gz) is
derived from the FreeDict English–Indonesian dictionary (FreeDict+WikDict, built from
Wiktionary data via DBnary), as packaged by Debian in dict-freedict-eng-ind.
https://freedict.org/  https://www.wikdict.com/  https://www.wiktionary.org/

The table was produced by retrieval/internal/genlexicon, which keeps the headwords and their
translations, drops pronunciations, glosses and notes, and reorders the translations. The
table is distributed under the same licence as the dictionary, CC BY-SA 3.0, whose text
follows. This notice and the licence apply to that table only, not to the rest of Kutip.

== The dictionary's description (00-database-info) ==

`)
	b.WriteString(strings.TrimSpace(info))
	b.WriteString("\n\n== From Debian's copyright file for dict-freedict-eng-ind ==\n\n")
	b.WriteString(header + "\n\n" + files + "\n\n" + license + "\n")
	return b.String(), nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
