package llm

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/retrieval"
)

// Grounding: every sentence of a model's answer must cite a passage that backs it, or it is
// dropped before anyone sees it. Kutip cannot check meaning offline, but it can catch what does
// harm: a sentence with no citation (a warning, a closing remark, words a document smuggled in),
// a number the cited passages do not contain (the commonest invented detail), a sentence sharing
// almost none of its key terms with them (a citation pinned on a claim from elsewhere), and,
// whatever it cites, a link, @handle, e-mail address or phone number its passages do not
// contain, or an instruction to the reader ("send your login code to …") they do not give.
//
// A citation belongs to the sentence it is written in or, when written after the full stop
// ("… sanksi tambahan. [1] Hal ini … [2]"), to the sentence before it. A sentence may cite
// several passages ("[1][3]", "[1, 3]"): together they must back it.

// minSupport is the share of a sentence's key terms that its passages must contain;
// instructions to the reader must be backed more fully.
const (
	minSupport            = 0.34
	minInstructionSupport = 0.6
)

// claim is one sentence of an answer with the citation marks that belong to it.
type claim struct {
	start, end int    // the sentence and its marks, in the answer
	text       string // the sentence without its marks
	nums       []int  // the valid passage numbers it cites
	marks      int    // citation marks, valid or not
	line       int    // the line it is on
}

// grounded is what survives of an answer.
type grounded struct {
	text    string
	kept    int      // cited sentences kept
	dropped int      // sentences dropped that said something (not a short uncited remark)
	checks  []string // one line per dropped sentence, with the reason
	risky   int      // dropped for a link, handle, phone number or instruction
}

// groundAnswer keeps the sentences of text (citations still numbered as hits) that cite
// passages backing them. q may be nil or have no index: then only the checks that need no
// analysis run (citations present, links, handles, numbers, instructions).
func groundAnswer(text string, q *bot.Question, hits []retrieval.Hit) grounded {
	var g grounded
	claims := splitClaims(text, len(hits))
	keep := make([]bool, len(claims))
	for i, c := range claims {
		reason, risky := judge(c, q, hits)
		if reason == "" {
			keep[i] = true
			if len(c.nums) > 0 {
				g.kept++
			}
			continue
		}
		// A short lead-in ("Syaratnya:") of a list that follows stays if it is harmless.
		if reason == reasonUncited && !risky && isLeadIn(c, claims, i) {
			keep[i] = true
			continue
		}
		if risky {
			g.risky++
		}
		if risky || reason != reasonUncited || !isRemark(c.text) {
			g.dropped++
		}
		g.checks = append(g.checks, "sentence dropped ("+reason+"): "+snippetOf(c.text))
	}
	g.text = joinClaims(text, claims, keep)
	return g
}

const reasonUncited = "no citation"

// judge says why a claim must go ("" when it stays) and whether it carries something that
// could harm a reader who follows it.
func judge(c claim, q *bot.Question, hits []retrieval.Hit) (reason string, risky bool) {
	var passages strings.Builder
	for _, n := range c.nums {
		passages.WriteString(hits[n-1].Passage.Text)
		passages.WriteString("\n")
	}
	ptext := passages.String()
	if r := foreignContact(c.text, ptext); r != "" {
		return r, true
	}
	instruction := isInstruction(c.text)
	if instruction && hasSensitive(c.text, ptext) {
		return "asks for a secret its passages do not mention", true
	}
	if len(c.nums) == 0 {
		if instruction {
			return "instruction without a citation", true
		}
		if !hasLetters.MatchString(c.text) {
			return "", false // a stray mark or bullet: nothing to say
		}
		return reasonUncited, false
	}
	if n := missingNumber(c.text, ptext); n != "" {
		return "number " + n + " not in its passages", false
	}
	if q == nil || q.Index == nil {
		return "", false
	}
	need := minSupport
	if instruction {
		need = minInstructionSupport
	}
	if support(c.text, c.nums, q, hits) < need {
		if instruction {
			return "instruction its passages do not give", true
		}
		return "its passages do not support it", false
	}
	return "", false
}

// splitClaims cuts an answer into sentences and gives each the citation marks that belong to it.
// nHits bounds the valid passage numbers.
func splitClaims(text string, nHits int) []claim {
	marks := citationGroup.FindAllStringIndex(text, -1)
	// Blank the marks out (same length, so offsets hold) and split the rest into sentences:
	// "tambahan. [1] Hal ini" then reads as two sentences, as it is.
	blank := []byte(text)
	for _, m := range marks {
		for k := m[0]; k < m[1]; k++ {
			blank[k] = ' '
		}
	}
	sents := retrieval.SplitSentences(string(blank))
	claims := make([]claim, len(sents))
	for i, s := range sents {
		claims[i] = claim{start: s.Start, end: s.End, text: strings.TrimSpace(manySpaces.ReplaceAllString(s.Text, " ")), line: s.Paragraph}
	}
	lineOf := func(pos int) int { return strings.Count(text[:pos], "\n") + 1 }
	for _, m := range marks {
		k := owner(claims, m[0], lineOf(m[0]))
		if k < 0 {
			continue
		}
		c := &claims[k]
		c.marks++
		for _, n := range citedNumbers(text[m[0]:m[1]]) {
			if n >= 1 && n <= nHits && !slices.Contains(c.nums, n) {
				c.nums = append(c.nums, n)
			}
		}
		c.start, c.end = min(c.start, m[0]), max(c.end, m[1])
	}
	return claims
}

// owner returns the claim a citation mark at pos (on line) belongs to: the sentence it is in;
// else, after a full stop, the sentence before it on its line unless that one has marks of its
// own; else the next sentence on its line; else the sentence before (a mark on a line of its own).
func owner(claims []claim, pos, line int) int {
	prev, next := -1, -1
	for i, c := range claims {
		if c.start <= pos && pos < c.end {
			return i
		}
		if c.end <= pos {
			prev = i
		} else if next < 0 {
			next = i
		}
	}
	switch {
	case prev >= 0 && claims[prev].line == line && claims[prev].marks == 0:
		return prev
	case next >= 0 && claims[next].line == line:
		return next
	case prev >= 0:
		return prev
	}
	return next
}

// joinClaims writes the kept claims in their order, separated as in the answer: by a blank
// line, a line break or a space.
func joinClaims(text string, claims []claim, keep []bool) string {
	var b strings.Builder
	lastEnd := -1
	for i, c := range claims {
		if !keep[i] {
			continue
		}
		if lastEnd >= 0 {
			gap := text[lastEnd:c.start]
			switch {
			case strings.Contains(gap, "\n\n"):
				b.WriteString("\n\n")
			case strings.Contains(gap, "\n"):
				b.WriteString("\n")
			default:
				b.WriteString(" ")
			}
		}
		b.WriteString(text[c.start:c.end])
		lastEnd = c.end
	}
	return b.String()
}

// isLeadIn reports whether claims[i] introduces a list that follows: short, ending in a colon,
// with cited lines after it.
func isLeadIn(c claim, claims []claim, i int) bool {
	t := strings.TrimSpace(c.text)
	if !strings.HasSuffix(t, ":") || utf8.RuneCountInString(t) > 120 || i+1 >= len(claims) {
		return false
	}
	return len(claims[i+1].nums) > 0 && claims[i+1].line > c.line
}

// isRemark reports whether an uncited sentence is a short remark that claims nothing worth
// counting ("Semoga membantu!", "In short:").
func isRemark(s string) bool {
	return len(strings.Fields(s)) <= 6 && !strings.ContainsAny(s, "0123456789")
}

var (
	urlLike = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|me|ly|co|id|ru|cn|xyz|top|app|site|online|link|gl|cc|tk|ml|ga|cf|gq|to|tv|gov|edu|int|mil|us|uk|ai|sh)\b(?:/[^\s<>"'()\[\]]*)?`)
	email   = regexp.MustCompile(`(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+`)
	handle  = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_@./])@([A-Za-z0-9_]{2,32})`)
	phone   = regexp.MustCompile(`\+?\(?\d[\d\s().-]{6,}\d`)
)

// foreignContact names the first link, e-mail address, @handle or phone number in a sentence
// that its passages (ptext) do not contain, or returns "".
func foreignContact(s, ptext string) string {
	lp := strings.ToLower(ptext)
	for _, m := range email.FindAllString(s, -1) {
		if !strings.Contains(lp, strings.ToLower(m)) {
			return "e-mail address not in its passages"
		}
	}
	noMail := email.ReplaceAllString(s, " ")
	for _, m := range urlLike.FindAllString(noMail, -1) {
		if !strings.Contains(lp, normalizeLink(m)) {
			return "link not in its passages"
		}
	}
	for _, m := range handle.FindAllStringSubmatch(noMail, -1) {
		if !strings.Contains(lp, "@"+strings.ToLower(m[1])) {
			return "handle not in its passages"
		}
	}
	pdigits := phoneDigits(ptext)
	for _, m := range phone.FindAllString(noMail, -1) {
		d := digitsOf(m)
		if len(d) < 8 || looksLikeNumber(m) {
			continue
		}
		if !pdigits[d] {
			return "phone number not in its passages"
		}
	}
	return ""
}

// normalizeLink lower-cases a link and drops its scheme, "www." and trailing punctuation, so
// it can be looked for in a passage.
func normalizeLink(m string) string {
	m = strings.ToLower(strings.TrimRight(m, ".,;:!?…"))
	for _, p := range []string{"https://", "http://", "www."} {
		m = strings.TrimPrefix(m, p)
	}
	return strings.TrimRight(m, "/")
}

// looksLikeNumber reports whether a run of digits is an amount or a date rather than a phone
// number: thousands groups ("1.000.000") or a slash date.
var thousands = regexp.MustCompile(`^\d{1,3}([.,]\d{3})+$`)

func looksLikeNumber(m string) bool {
	m = strings.TrimSpace(m)
	return thousands.MatchString(m) || strings.Contains(m, "/")
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// phoneDigits collects the digit strings of a text's phone-like runs, and of its numbers.
func phoneDigits(text string) map[string]bool {
	set := make(map[string]bool)
	for _, m := range phone.FindAllString(text, -1) {
		set[digitsOf(m)] = true
	}
	return set
}

var (
	// imperative matches a sentence that tells the reader to do something: an imperative verb
	// first (after a bullet or a "please"), or "you must", "Anda harus".
	imperative   = regexp.MustCompile(`(?i)^(?:[•\-*]\s*|\d+[.)]\s*)?(?:(?:please|kindly|immediately|now|silakan|silahkan|mohon|harap|tolong|segera|sekarang|jangan lupa|untuk [^,]{1,40},)\s+)*(?:do not|don't|never|always|make sure|be sure|remember to|click|tap|open|visit|go to|send|forward|share|reply|contact|call|text|message|dm|e-?mail|write to|enter|type|submit|provide|give|download|install|log ?in|sign ?in|sign up|register|verify|confirm|transfer|pay|follow|join|subscribe|report|ignore|scan|jangan|pastikan|klik|tekan|buka|kunjungi|kirim\w*|teruskan|bagikan|balas|hubungi|telepon|masukkan|ketik|unduh|instal|login|masuk|daftarkan|verifikasi|konfirmasi|bayar|ikuti|gabung|bergabung|laporkan|abaikan|pindai|berikan|serahkan)\b`)
	secondPerson = regexp.MustCompile(`(?i)\b(?:you (?:must|should|need to|have to|are required to|will need to|can now)|(?:anda|kamu|kalian) (?:harus|wajib|perlu|diminta|diharapkan|dimohon|dapat segera))\b`)
	sensitive    = regexp.MustCompile(`(?i)\b(?:password|passcode|kata sandi|sandi|otp|pin|kode (?:login|masuk|verifikasi|otp|akses|keamanan)|login code|verification code|security code|seed phrase|recovery phrase|private key|credit card|kartu kredit|cvv|nomor rekening|bank account)\b`)
)

// isInstruction reports whether a sentence tells the reader to do something.
func isInstruction(s string) bool {
	s = strings.TrimSpace(s)
	return imperative.MatchString(s) || secondPerson.MatchString(s)
}

// hasSensitive reports whether a sentence names a secret (a password, a login code) that its
// passages do not name.
func hasSensitive(s, ptext string) bool {
	lp := strings.ToLower(ptext)
	for _, m := range sensitive.FindAllString(s, -1) {
		if !strings.Contains(lp, strings.ToLower(m)) {
			return true
		}
	}
	return false
}

// missingNumber returns the first number of a sentence its passages do not contain, or "".
func missingNumber(sentence, ptext string) string {
	passageNums := numberSet(ptext)
	for _, t := range retrieval.Tokenize(sentence) {
		if isDigits(t.Norm) && !passageNums[normNumber(t.Norm)] {
			return t.Text
		}
	}
	return ""
}

// framing are words that say where a claim comes from, not what it is: they are not looked
// for in the passages ("According to the text, …", "Menurut dokumen, …").
var framing = map[string]bool{
	"according": true, "accordance": true, "said": true, "says": true, "say": true, "stated": true,
	"states": true, "stating": true, "text": true, "texts": true, "passage": true, "passages": true,
	"document": true, "documents": true, "source": true, "sources": true, "article": true,
	"mentioned": true, "mentions": true, "noted": true, "notes": true, "reported": true,
	"reports": true, "explained": true, "explains": true, "described": true, "describes": true,
	"writes": true, "wrote": true, "written": true, "also": true, "furthermore": true,
	"menurut": true, "kata": true, "mengatakan": true, "dikatakan": true, "disebutkan": true,
	"menyebutkan": true, "teks": true, "dokumen": true, "bagian": true, "sumber": true,
	"artikel": true, "tulisan": true, "dijelaskan": true, "menjelaskan": true, "dilaporkan": true,
	"melaporkan": true, "menyatakan": true, "dinyatakan": true, "menulis": true, "ditulis": true,
	"juga": true, "selain": true,
}

// support is the share of a sentence's key terms that its cited passages contain. The sentence
// is analysed in its own language (a model may quote the documents' language), through the
// index's lexicon, so a faithful paraphrase in the other language is found.
func support(sentence string, nums []int, q *bot.Question, hits []retrieval.Hit) float64 {
	stems := make(map[string]bool)
	for _, n := range nums {
		for s := range q.Index.PassageStems(hits[n-1].Passage.ID) {
			stems[s] = true
		}
	}
	query := q.Index.Query(sentence, bot.DetectLang(sentence, q.Lang))
	terms, matched, unknown := 0, 0, 0
	for _, t := range query.Terms {
		if framing[t.Source] || t.Kind == "number" {
			continue // numbers are checked exactly
		}
		if t.Matches(stems) {
			terms++
			matched++
			continue
		}
		if t.Unknown {
			// A word of the other language the dictionary does not know ("bargaining") can be
			// neither found nor denied: it does not count, unless nothing else does.
			unknown++
			continue
		}
		terms++
	}
	if terms == 0 {
		if unknown > 0 {
			return 0
		}
		return 1
	}
	return float64(matched) / float64(terms)
}

// cleanModelText removes what must never reach a reader from a model: invalid UTF-8, control
// characters but newlines and tabs, and invisible format characters (bidi overrides such as
// U+202E, byte-order marks, zero-width spaces), which can disguise a link or reorder a sentence.
func cleanModelText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			if r != '.' && r != ',' && r != '/' {
				return false
			}
		}
	}
	return strings.ContainsAny(s, "0123456789")
}

// numberSet collects the numbers of a text, each also split into its digit groups, so "25/4/2019"
// supports "2019" and "500.000" supports "500,000".
func numberSet(text string) map[string]bool {
	set := make(map[string]bool)
	for _, t := range retrieval.Tokenize(text) {
		if !isDigits(t.Norm) {
			continue
		}
		set[normNumber(t.Norm)] = true
		for _, part := range strings.FieldsFunc(t.Norm, func(r rune) bool { return r == '/' }) {
			set[normNumber(part)] = true
		}
	}
	return set
}

// normNumber drops thousands separators and leading zeros.
func normNumber(s string) string {
	s = strings.NewReplacer(".", "", ",", "").Replace(s)
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return "0"
	}
	return s
}

func snippetOf(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}
