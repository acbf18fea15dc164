package retrieval

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ChunkOptions says how Chunk groups sentences into passages.
type ChunkOptions struct {
	// Sentences is the number of sentences a passage aims at.
	Sentences int
	// Overlap is how many sentences a passage shares with the one before it, within a stretch
	// of text cut into several passages.
	Overlap int
	// MaxChars caps a passage's length in bytes, so that a passage of long sentences stays small
	// enough to embed and to quote; a single sentence longer than that is a passage of its own.
	// Zero or less means no cap.
	MaxChars int
}

// DefaultChunkOptions are the options Kutip indexes with: passages of three sentences, one
// shared with the previous passage, at most about 700 bytes.
var DefaultChunkOptions = ChunkOptions{Sentences: 3, Overlap: 1, MaxChars: 700}

// SplitSentences cuts text into sentences, with byte offsets into text. Every line is a
// paragraph (numbered from 1) and ends a sentence; within a line a sentence ends at ".", "!",
// "?" or "…" followed by a space and something that can start a sentence. It does not end
//   - after an abbreviation that precedes a name or a number ("Dr.", "Prof.", "Jl.", "Mr.",
//     "No. 5"), or after one that can end a sentence ("AS.", "dll.", "U.S.") or an initial
//     ("George W. Bush") unless a typical sentence opener ("Namun", "Dia", "The") follows;
//   - after the number of a numbered heading ("6. Peran China…");
//   - inside numbers, dates, URLs and domains ("500.000", "25/4/2019", "Teritorial.Com"), as
//     no space follows the point;
//   - before a lower-case word or an opening bracket ("Six-Party Talks.” (Pembicaraan …)").
//
// Closing quotes and brackets right after the final mark stay with the sentence they end.
// Sentences never include surrounding spaces, and all of a line's non-space text is in one of
// its sentences.
func SplitSentences(text string) []Sentence {
	var out []Sentence
	para := 0
	for lineStart := 0; lineStart <= len(text); {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		para++
		out = splitLine(out, text, lineStart, lineEnd, para)
		lineStart = lineEnd + 1
	}
	return out
}

// splitLine appends the sentences of text[start:end], one line, to out.
func splitLine(out []Sentence, text string, start, end, para int) []Sentence {
	line := text[start:end]
	emit := func(from, to int) {
		for from < to {
			r, size := utf8.DecodeRuneInString(line[from:to])
			if !unicode.IsSpace(r) {
				break
			}
			from += size
		}
		for to > from {
			r, size := utf8.DecodeLastRuneInString(line[from:to])
			if !unicode.IsSpace(r) {
				break
			}
			to -= size
		}
		if from < to {
			out = append(out, Sentence{Text: line[from:to], Start: start + from, End: start + to, Paragraph: para})
		}
	}
	sentStart := 0
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		if !isTerminal(r) {
			i += size
			continue
		}
		// The run of final marks ("?!", "..."), then the closing quotes and brackets.
		markStart := i
		j := i + size
		for j < len(line) {
			r, size := utf8.DecodeRuneInString(line[j:])
			if !isTerminal(r) {
				break
			}
			j += size
		}
		marks := line[markStart:j]
		for j < len(line) {
			r, size := utf8.DecodeRuneInString(line[j:])
			if !isCloser(r) {
				break
			}
			j += size
		}
		// A space must follow, then the next sentence's first character.
		k := j
		for k < len(line) {
			r, size := utf8.DecodeRuneInString(line[k:])
			if !unicode.IsSpace(r) {
				break
			}
			k += size
		}
		if k == j || k == len(line) {
			i = j
			continue
		}
		if sentenceEndsAt(line, sentStart, markStart, marks, k) {
			emit(sentStart, j)
			sentStart = k
		}
		i = k
	}
	emit(sentStart, len(line))
	return out
}

func isTerminal(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…'
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '‹', '(', '[', '{', '„':
		return true
	}
	return false
}

// sentenceEndsAt decides whether the final marks at line[markStart:] end the sentence begun at
// sentStart, given that the next non-space character is at next.
func sentenceEndsAt(line string, sentStart, markStart int, marks string, next int) bool {
	n, _ := utf8.DecodeRuneInString(line[next:])
	if unicode.IsLower(n) || n == '(' {
		return false
	}
	if marks != "." {
		return true // "?", "!", "…", "...": the next sentence starts in upper case
	}
	word := lastWord(line[sentStart:markStart])
	nextWord := firstWord(line[next:])
	switch {
	case word == "":
		return true
	case abbrevBeforeName[word]:
		return false
	case word == "No" || word == "no" || word == "Nr":
		return !unicode.IsDigit(n)
	case strings.TrimSpace(line[sentStart:markStart]) == word && isEnumerator(word):
		return false // "6. Peran China dan Rusia sebagai Mediator"
	case abbrevEnding[word] || isInitials(word):
		return sentenceOpeners[strings.ToLower(nextWord)]
	}
	return true
}

// lastWord returns the word that ends s, without the quotes or brackets that open it.
func lastWord(s string) string {
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	w := s[i+1:]
	if i < 0 {
		w = s
	}
	return strings.TrimLeftFunc(w, isOpener)
}

// firstWord returns the letters that start s, after any opening quote or bracket.
func firstWord(s string) string {
	s = strings.TrimLeftFunc(s, isOpener)
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		return s[:i]
	}
	return s
}

// isEnumerator reports whether w numbers a heading or list item: "6", "10", "IV", "b".
func isEnumerator(w string) bool {
	if _, err := strconv.Atoi(w); err == nil && len(w) <= 3 {
		return true
	}
	if utf8.RuneCountInString(w) == 1 {
		return unicode.IsLetter([]rune(w)[0])
	}
	return len(w) <= 4 && strings.Trim(w, "IVXivx") == ""
}

// isInitials reports whether w is an initial or a dotted abbreviation before its final point:
// "W" (George W. Bush), "U.S", "A.S", "e.g".
func isInitials(w string) bool {
	parts := strings.Split(w, ".")
	for _, p := range parts {
		r, size := utf8.DecodeRuneInString(p)
		if size != len(p) || !unicode.IsLetter(r) || (len(parts) == 1 && !unicode.IsUpper(r)) {
			return false
		}
	}
	return true
}

// abbrevBeforeName are abbreviations (without their point) that stand before a name, so a
// sentence never ends at them: titles, ranks, street and region words.
var abbrevBeforeName = map[string]bool{
	"Dr": true, "dr": true, "Drs": true, "Dra": true, "Prof": true, "Ir": true, "H": true, "Hj": true,
	"Mr": true, "Mrs": true, "Ms": true, "Jl": true, "Jln": true, "St": true, "Sdr": true, "Sdri": true,
	"Bpk": true, "Tn": true, "Ny": true, "Nn": true, "Jend": true, "Kol": true, "Letjen": true,
	"Mayjen": true, "Brigjen": true, "Gen": true, "Sen": true, "Rep": true, "Gov": true, "Capt": true,
	"Lt": true, "Sgt": true, "Col": true, "Pres": true, "Vol": true, "vol": true, "hlm": true,
	"Hlm": true, "pp": true, "Fig": true, "Rp": true, "Kab": true, "Kec": true, "Kel": true,
	"Prov": true, "Yth": true, "Mt": true, "Ft": true, "vs": true, "cf": true, "ca": true, "Ket": true,
}

// abbrevEnding are abbreviations (without their final point) that may end a sentence as well as
// stand inside one.
var abbrevEnding = map[string]bool{
	"AS": true, "US": true, "dll": true, "dsb": true, "dst": true, "dkk": true, "tsb": true,
	"etc": true, "Inc": true, "Ltd": true, "Co": true, "Corp": true, "Jr": true, "Sr": true,
	"Tbk": true, "Bros": true,
}

// sentenceOpeners are words (lower-cased) that commonly start a sentence and rarely follow an
// abbreviation inside one: after "AS." or "dll." they mean a new sentence.
var sentenceOpeners = map[string]bool{
	// Indonesian
	"ia": true, "dia": true, "mereka": true, "kami": true, "kita": true, "saya": true, "aku": true,
	"ini": true, "itu": true, "hal": true, "namun": true, "tetapi": true, "tapi": true, "akan": true,
	"sementara": true, "selain": true, "menurut": true, "pada": true, "dalam": true, "di": true,
	"dan": true, "sedangkan": true, "sehingga": true, "karena": true, "oleh": true, "untuk": true,
	"setelah": true, "sebelum": true, "kemudian": true, "lalu": true, "maka": true, "jika": true,
	"apabila": true, "bila": true, "hingga": true, "sejak": true, "meski": true, "meskipun": true,
	"walaupun": true, "adapun": true, "bahkan": true, "para": true, "sebagai": true, "seperti": true,
	"selanjutnya": true, "sebelumnya": true, "tak": true, "tidak": true, "belum": true, "juga": true,
	"ada": true, "apa": true, "siapa": true, "bagaimana": true, "mengapa": true, "kenapa": true,
	"kapan": true, "dengan": true, "saat": true, "ketika": true, "sebab": true,
	// English
	"the": true, "a": true, "an": true, "it": true, "this": true, "that": true, "these": true,
	"those": true, "he": true, "she": true, "they": true, "we": true, "i": true, "you": true,
	"in": true, "on": true, "at": true, "but": true, "however": true, "and": true, "or": true,
	"so": true, "there": true, "his": true, "her": true, "their": true, "its": true, "our": true,
	"after": true, "before": true, "when": true, "while": true, "if": true, "since": true,
	"although": true, "though": true, "yet": true, "meanwhile": true, "also": true, "then": true,
}

// Chunk cuts doc into passages of whole sentences, in order, with stable IDs
// ("<doc ID>#<ordinal>") and offsets into doc.Text.
//
// Paragraphs are kept together where they can be: a paragraph of at least opts.Sentences
// sentences, or one under a heading, starts its own stretch of passages, while shorter
// paragraphs are packed with the next ones until a stretch holds opts.Sentences sentences. A
// heading-like line (one short sentence without a final point) belongs to the sentence after
// it, so it never makes a passage of its own, and neither does a last lone sentence. Within a stretch, passages of opts.Sentences sentences share opts.Overlap sentences
// with the previous one and stay under opts.MaxChars. Every sentence of doc is in at least one
// passage; a passage's Text is exactly doc.Text[Start:End].
func Chunk(doc *Document, opts ChunkOptions) []Passage {
	if opts.Sentences <= 0 {
		opts.Sentences = DefaultChunkOptions.Sentences
	}
	opts.Overlap = min(max(opts.Overlap, 0), opts.Sentences-1)
	sents := SplitSentences(doc.Text)
	if len(sents) == 0 {
		return nil
	}
	var passages []Passage
	for _, stretch := range chunkStretches(sents, opts.Sentences) {
		for _, w := range chunkWindows(sents, stretch, opts) {
			first, last := sents[w.first], sents[w.last]
			passages = append(passages, Passage{
				ID:        doc.ID + "#" + strconv.Itoa(len(passages)+1),
				DocID:     doc.ID,
				Title:     doc.Title,
				Ordinal:   len(passages) + 1,
				Paragraph: first.Paragraph,
				Text:      doc.Text[first.Start:last.End],
				Start:     first.Start,
				End:       last.End,
				Sentences: append([]Sentence(nil), sents[w.first:w.last+1]...),
				Page:      doc.PageAt(first.Start),
			})
		}
	}
	return passages
}

// chunkSpan is a run of sentences, sents[first] to sents[last] inclusive.
type chunkSpan struct{ first, last int }

// chunkStretches groups sentences into units (a sentence, with any heading lines before it) and
// the units into stretches of paragraphs that passages do not cross.
func chunkStretches(sents []Sentence, size int) [][]chunkSpan {
	// Paragraphs as runs of sentence indices.
	var paras [][]chunkSpan
	for i, s := range sents {
		if i == 0 || s.Paragraph != sents[i-1].Paragraph {
			paras = append(paras, nil)
		}
		paras[len(paras)-1] = append(paras[len(paras)-1], chunkSpan{i, i})
	}
	// Heading lines join the next paragraph's first unit, or the previous paragraph's last
	// unit when nothing follows them.
	var merged [][]chunkSpan
	var headed []bool // whether merged[i] starts with a heading
	heading := -1
	for _, p := range paras {
		if len(p) == 1 && isHeadingSentence(sents[p[0].first].Text) {
			if heading < 0 {
				heading = p[0].first
			}
			continue
		}
		headed = append(headed, heading >= 0)
		if heading >= 0 {
			p[0].first = heading
			heading = -1
		}
		merged = append(merged, p)
	}
	if heading >= 0 {
		if n := len(merged); n > 0 {
			merged[n-1][len(merged[n-1])-1].last = len(sents) - 1
		} else {
			merged = append(merged, []chunkSpan{{heading, len(sents) - 1}})
		}
	}
	// Pack short paragraphs together. A paragraph long enough to fill a passage, or one under a
	// heading, starts a new stretch unless the current one is a single sentence; a single
	// sentence left at the end joins the stretch before it.
	var stretches [][]chunkSpan
	var cur []chunkSpan
	for i, p := range merged {
		if len(cur) >= size || (len(cur) >= 2 && (len(p) >= size || headed[i])) {
			stretches = append(stretches, cur)
			cur = nil
		}
		cur = append(cur, p...)
	}
	if n := len(stretches); n > 0 && len(cur) == 1 {
		stretches[n-1] = append(stretches[n-1], cur...)
	} else if len(cur) > 0 {
		stretches = append(stretches, cur)
	}
	return stretches
}

// isHeadingSentence reports whether a paragraph of this one sentence reads as a heading: at
// most 120 characters and no final point.
func isHeadingSentence(s string) bool {
	return utf8.RuneCountInString(s) <= 120 && headingEnd(s)
}

// chunkWindows slides a window of opts.Sentences units over a stretch, opts.Overlap units
// shared between neighbours, each window as long as opts.MaxChars allows but at least one unit.
func chunkWindows(sents []Sentence, units []chunkSpan, opts ChunkOptions) []chunkSpan {
	var out []chunkSpan
	for i := 0; i < len(units); {
		start := sents[units[i].first].Start
		j := i + 1
		for j < len(units) && j-i < opts.Sentences &&
			(opts.MaxChars <= 0 || sents[units[j].last].End-start <= opts.MaxChars) {
			j++
		}
		out = append(out, chunkSpan{units[i].first, units[j-1].last})
		if j == len(units) {
			break
		}
		i = max(j-opts.Overlap, i+1)
	}
	return out
}
