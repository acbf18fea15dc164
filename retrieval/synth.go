package retrieval

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SyntheticParagraphs is how many paragraphs, and so passages, a synthetic document has.
const SyntheticParagraphs = 10

// Synthetic corpora are built to index into exactly one passage per paragraph with
// DefaultChunkOptions: paragraphs of three sentences and at most synthMaxParagraph bytes.
const (
	synthSentences    = 3
	synthMaxSentence  = 220
	synthMaxParagraph = 680
	synthMaxWord      = 12
	// synthReplace is the share of lower-case content words replaced by other words of the
	// source vocabulary, and synthInvent the share of those replacements that are invented
	// words, which give the vocabulary the long tail that a real archive has.
	synthReplace = 0.25
	synthInvent  = 0.15
)

// SyntheticDocuments returns n documents made from the sentences and vocabulary of src, for
// benchmarks and scale tests: no download, and the same output for the same src, n and seed.
//
// Each document has SyntheticParagraphs paragraphs of three sentences of src, in which about a
// quarter of the lower-case words are replaced by other words of src or by words invented from
// two halves of src's words; capitalised words (names), numbers and the sentences' last words
// stay, so the sentences split as they did in src. With DefaultChunkOptions each paragraph is
// one passage, so n documents index into n*SyntheticParagraphs passages. The documents are in
// src's main language and have IDs "synthetic/000001.txt" onwards. When src has no usable
// sentence, SyntheticDocuments returns nil.
func SyntheticDocuments(src []Document, n int, seed int64) []Document {
	sents, vocab := synthSource(src)
	if len(sents) == 0 || len(vocab) == 0 || n <= 0 {
		return nil
	}
	lang := LangID
	langs := map[Lang]int{}
	for _, d := range src {
		langs[d.Lang]++
	}
	if langs[LangEN] > langs[LangID] {
		lang = LangEN
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6b75746970)) // "kutip"
	docs := make([]Document, n)
	var text, para strings.Builder
	for i := range docs {
		text.Reset()
		base := src[rng.IntN(len(src))].Title
		for p := 0; p < SyntheticParagraphs; p++ {
			if p > 0 {
				text.WriteByte('\n')
			}
			for {
				para.Reset()
				for s := 0; s < synthSentences; s++ {
					if s > 0 {
						para.WriteByte(' ')
					}
					para.WriteString(synthSentence(rng, sents[rng.IntN(len(sents))], vocab))
				}
				if para.Len() <= synthMaxParagraph {
					break
				}
			}
			text.WriteString(para.String())
		}
		docs[i] = Document{
			ID:    fmt.Sprintf("synthetic/%06d.txt", i+1),
			Title: fmt.Sprintf("%s (%d)", base, i+1),
			Text:  text.String(),
			Lang:  lang,
		}
	}
	return docs
}

// synthSource collects the sentences of src that split the same wherever they stand, and its
// lower-case words of four to synthMaxWord letters, in order of first appearance.
func synthSource(src []Document) (sents []string, vocab []string) {
	seen := map[string]bool{}
	for i := range src {
		for _, s := range SplitSentences(src[i].Text) {
			if synthUsable(s.Text) && !seen[s.Text] {
				seen[s.Text] = true
				sents = append(sents, s.Text)
			}
		}
		for _, t := range Tokenize(src[i].Text) {
			w := t.Text
			if synthWord(w) && !seen["\x00"+w] {
				seen["\x00"+w] = true
				vocab = append(vocab, w)
			}
		}
	}
	return sents, vocab
}

// synthUsable reports whether a sentence can stand anywhere in a synthetic paragraph: it starts
// with a capital, ends with a final mark after an ordinary word, and splits as one sentence
// whatever follows it.
func synthUsable(s string) bool {
	if len(s) < 40 || len(s) > synthMaxSentence {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if !isTerminal(last) {
		return false
	}
	w := lastWord(strings.TrimRightFunc(s, isTerminal))
	if len(w) < 4 || !synthWord(strings.ToLower(w)) {
		return false
	}
	return len(SplitSentences(s+" "+s)) == 2
}

// synthWord reports whether w is a plain lower-case word fit to replace another.
func synthWord(w string) bool {
	if len(w) < 4 || len(w) > synthMaxWord {
		return false
	}
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// synthSentence rewrites a source sentence, replacing some of its plain lower-case words but
// never its last one.
func synthSentence(rng *rand.Rand, s string, vocab []string) string {
	toks := Tokenize(s)
	if len(toks) < 2 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 32)
	prev := 0
	for _, t := range toks[:len(toks)-1] {
		if !synthWord(t.Text) || rng.Float64() >= synthReplace {
			continue
		}
		b.WriteString(s[prev:t.Start])
		if rng.Float64() < synthInvent {
			a, z := vocab[rng.IntN(len(vocab))], vocab[rng.IntN(len(vocab))]
			b.WriteString(a[:len(a)/2])
			b.WriteString(z[len(z)/2:])
		} else {
			b.WriteString(vocab[rng.IntN(len(vocab))])
		}
		prev = t.End
	}
	b.WriteString(s[prev:])
	return b.String()
}
