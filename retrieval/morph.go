package retrieval

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
)

// Regenerate lexicon_id_roots.txt.gz, lexicon_id_thesaurus.tsv.gz, lexicon_en_thesaurus.tsv.gz,
// lexicon_en_inflections.tsv.gz and their LICENSE-*.txt files from the Debian packages
// hunspell-id, mythes-id and wordnet-base (needed only here, never by builds or tests).
//go:generate go run ./internal/genmorph

// The Indonesian root words of the hunspell-id dictionary (LGPL-3, see LICENSE-hunspell-id.txt).
//
//go:embed lexicon_id_roots.txt.gz
var idRootsGz []byte

// English irregular plurals from WordNet 3.0's noun.exc (see LICENSE-wordnet.txt).
//
//go:embed lexicon_en_inflections.tsv.gz
var enInflectionsGz []byte

// morphology holds the dictionaries the stemmers consult; replaced whole by the Use* functions.
type morphology struct {
	idRoots  map[string]struct{}
	enPlural map[string]string
	cache    sync.Map // Indonesian word → stem
}

var (
	morphOnce     sync.Once
	morphEmbedded *morphology
	morphCurrent  atomic.Pointer[morphology]
	// morphOff turns the dictionary off: Indonesian words get the Snowball stem alone.
	morphOff atomic.Bool
)

func currentMorphology() *morphology {
	morphOnce.Do(func() {
		m := &morphology{}
		var err error
		if m.idRoots, err = readWordSet(bytes.NewReader(idRootsGz), true); err != nil {
			panic("retrieval: embedded Indonesian roots: " + err.Error())
		}
		if m.enPlural, err = readPairs(enInflectionsGz); err != nil {
			panic("retrieval: embedded English plurals: " + err.Error())
		}
		morphEmbedded = m
		morphCurrent.CompareAndSwap(nil, m)
	})
	return morphCurrent.Load()
}

// UseEmbeddedLanguageData puts the embedded Indonesian dictionary and thesaurus back in place
// of a user's own copies (see UseIndonesianDictionary, UseIndonesianThesaurus).
func UseEmbeddedLanguageData() {
	currentMorphology()
	morphCurrent.Store(morphEmbedded)
	currentThesauri()
	thesauri.Store(thesauriEmbedded)
}

// UseIndonesianDictionary replaces the embedded Indonesian root words with a hunspell
// dictionary's (a .dic file, ISO-8859-1 or UTF-8, affix flags ignored), for every index built
// afterwards in this process. The embedded list comes from Debian's hunspell-id (LGPL-3): this
// is how a user runs Kutip with their own copy.
func UseIndonesianDictionary(r io.Reader) error {
	roots, err := readWordSet(r, false)
	if err != nil {
		return fmt.Errorf("read Indonesian dictionary: %w", err)
	}
	if len(roots) == 0 {
		return fmt.Errorf("read Indonesian dictionary: no words")
	}
	m := &morphology{idRoots: roots, enPlural: currentMorphology().enPlural}
	morphCurrent.Store(m)
	return nil
}

// SetMorphology turns the dictionary-backed Indonesian stemmer on (the default) or off, for
// every index built afterwards in this process: off, words get the Snowball stem alone. It
// exists to measure what the dictionary adds (kutip eval --compare).
func SetMorphology(on bool) { morphOff.Store(!on) }

// readWordSet reads one word per line (a hunspell .dic: a count first, then word/flags),
// gzip'd or not, lower-cased; ISO-8859-1 bytes are read as such.
func readWordSet(r io.Reader, gz bool) (map[string]struct{}, error) {
	if gz {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		r = zr
	}
	set := make(map[string]struct{}, 32000)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 1<<20)
	for sc.Scan() {
		w, _, _ := strings.Cut(strings.TrimSpace(sc.Text()), "/")
		if w == "" || isNumber(w) {
			continue
		}
		set[strings.ToLower(latin1IfInvalid(w))] = struct{}{}
	}
	return set, sc.Err()
}

// latin1IfInvalid reads s as ISO-8859-1 when it is not valid UTF-8.
func latin1IfInvalid(s string) string {
	if strings.ToValidUTF8(s, "\uFFFD") == s {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// readPairs reads gzip'd "key TAB value" lines.
func readPairs(gz []byte) (map[string]string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, 2048)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "\t"); ok {
			out[k] = v
		}
	}
	return out, sc.Err()
}

// englishBase gives the singular of an irregular English plural ("children" → "child"), or w.
func englishBase(w string) string {
	if b, ok := currentMorphology().enPlural[w]; ok {
		return b
	}
	return w
}

// stemIndonesianRoot returns the stem of a lower-case Indonesian word, letting the dictionary
// of root words decide between the segmentations of its affixes: a word that is itself a root
// stays whole ("berita", not "ita"); otherwise the root reached by removing the fewest affixes
// (when two need as many: the Snowball stem, else the longer root), restoring the first letter a nasal prefix
// replaced ("menekan" → "tekan", not "ekan"; "mengontrol" → "kontrol", as "dikontrol"); a word
// with no root found keeps its Snowball stem. This is the dictionary-backed approach of Nazief
// and Adriani (1996) on top of Tala's rules.
func stemIndonesianRoot(w string) string {
	off := morphOff.Load()
	var m *morphology
	if !off {
		// The cache first: a word seen before needs no Snowball pass either.
		m = currentMorphology()
		if s, ok := m.cache.Load(w); ok {
			return s.(string)
		}
	}
	snow := StemIndonesian(w)
	if off || snow == w && len(w) < 4 {
		return snow
	}
	s := m.rootOf(w, snow)
	m.cache.Store(w, s)
	return s
}

func (m *morphology) isRoot(w string) bool {
	if m.isDictRoot(w) {
		return true
	}
	_, ok := idLoanRoots[w]
	return ok
}

// isDictRoot reports whether w is a root of the Indonesian dictionary itself (hunspell-id or
// the user's), without the loanwords of idLoanRoots: English words in them ("file") still read
// as English in a gloss.
func (m *morphology) isDictRoot(w string) bool {
	_, ok := m.idRoots[w]
	return ok
}

// idLoanRoots are technical loanwords that hunspell-id lacks, so that the stemmer keeps them
// whole instead of reading an affix into them ("direktori" is not di- + "rektor", "pemrograman"
// is pe(m)- + "program" + -an). Written from general knowledge of KBBI's spellings.
var idLoanRoots = map[string]struct{}{
	"direktori": {}, "subdirektori": {}, "repositori": {}, "kategori": {}, "subkategori": {},
	"memori": {}, "teori": {}, "aksesori": {}, "inventori": {}, "program": {}, "keyboard": {},
	"hierarki": {}, "dialog": {}, "katalog": {}, "monolog": {}, "prolog": {}, "log": {},
	"dependensi": {}, "konfigurasi": {}, "instalasi": {}, "aplikasi": {}, "enkripsi": {},
	"dekripsi": {}, "kompresi": {}, "dekompresi": {}, "partisi": {}, "sinkronisasi": {},
	"autentikasi": {}, "otentikasi": {}, "otorisasi": {}, "virtualisasi": {}, "notifikasi": {},
	"modifikasi": {}, "verifikasi": {}, "validasi": {}, "navigasi": {}, "animasi": {},
	"templat": {}, "skrip": {}, "kernel": {}, "server": {}, "router": {}, "driver": {},
	"browser": {}, "firmware": {}, "software": {}, "hardware": {}, "backup": {}, "update": {},
	"upgrade": {}, "login": {}, "logout": {}, "password": {}, "email": {}, "online": {},
	"offline": {}, "default": {}, "setting": {}, "file": {}, "folder": {}, "link": {},
	"shortcut": {}, "toolbar": {}, "sidebar": {}, "plugin": {}, "terminal": {}, "desktop": {},
}

func (m *morphology) rootOf(w, snow string) string {
	if m.isRoot(w) {
		return w
	}
	best, bestCost, bestRestored := "", 1<<30, false
	consider := func(root string, cost int, restored bool) {
		if len(root) < 3 || cost > bestCost || !m.isRoot(root) {
			return
		}
		switch {
		case cost < bestCost:
		case root == best:
			return
		// me- before a root in m or n ("mematikan": mati) over mem-/men-/meny- with the
		// consonant they replaced restored ("pati"): the plain reading is the common word.
		case bestRestored && !restored && nasalInitial(root):
		case restored && !bestRestored && nasalInitial(best):
			return
		case best != snow && (root == snow || len(root) > len(best)):
		default:
			return
		}
		best, bestCost, bestRestored = root, cost, restored
	}
	for _, b := range idSuffixBases(w) {
		consider(b.word, b.cost, false)
		for _, p := range idPrefixStrips(b.word) {
			consider(p.word, b.cost+p.cost, p.restored)
			for _, p2 := range idSecondPrefixStrips(p.word) {
				consider(p2.word, b.cost+p.cost+p2.cost, p.restored)
			}
		}
		for _, p2 := range idSecondPrefixStrips(b.word) {
			consider(p2.word, b.cost+p2.cost, false)
		}
	}
	if best == "" {
		return snow
	}
	return best
}

type affixCut struct {
	word string
	cost int
	// restored is set when a nasal prefix's replaced consonant was put back (men- + t).
	restored bool
}

// nasalInitial reports whether a root begins with m or n, which me- and pe- keep as they are.
func nasalInitial(root string) bool { return root[0] == 'm' || root[0] == 'n' }

// idSuffixBases are a word with its particle (-lah, -kah, -pun, -tah), possessive (-ku, -mu,
// -nya) and derivational suffix (-kan, -an, -i) removed in every valid order; cost counts them.
func idSuffixBases(w string) []affixCut {
	out := []affixCut{{word: w}}
	for _, part := range []string{"lah", "kah", "pun", "tah"} {
		if strings.HasSuffix(w, part) && len(w) > len(part)+2 {
			out = append(out, affixCut{word: w[:len(w)-len(part)], cost: 1})
			break
		}
	}
	for _, c := range out {
		for _, pos := range []string{"nya", "ku", "mu"} {
			if strings.HasSuffix(c.word, pos) && len(c.word) > len(pos)+2 {
				out = append(out, affixCut{word: c.word[:len(c.word)-len(pos)], cost: c.cost + 1})
				break
			}
		}
	}
	for _, c := range out {
		for _, suf := range []string{"kan", "an", "i"} {
			if strings.HasSuffix(c.word, suf) && len(c.word) > len(suf)+2 {
				out = append(out, affixCut{word: c.word[:len(c.word)-len(suf)], cost: c.cost + 1})
			}
		}
	}
	return out
}

// idFirstPrefixes are the first-order prefixes with the letter a nasal may have replaced
// ("=" marks ter- written te- before r).
var idFirstPrefixes = []struct{ prefix, restore string }{
	{"di", ""}, {"ke", ""}, {"se", ""}, {"ter", ""}, {"te", "="},
	{"me", ""}, {"mem", ""}, {"mem", "p"}, {"men", ""}, {"men", "t"}, {"meng", ""}, {"meng", "k"},
	{"meny", "s"}, {"menge", ""},
	{"pe", ""}, {"pem", ""}, {"pem", "p"}, {"pen", ""}, {"pen", "t"}, {"peng", ""}, {"peng", "k"},
	{"peny", "s"}, {"penge", ""},
}

// idSecondPrefixes are the prefixes that may follow a first-order one (mem-per-, di-ber-).
var idSecondPrefixes = []struct{ prefix, restore string }{
	{"ber", ""}, {"be", ""}, {"bel", ""}, {"per", ""}, {"pe", ""}, {"pel", ""}, {"ke", ""}, {"se", ""},
}

func idPrefixStrips(w string) []affixCut {
	return prefixStrips(w, idFirstPrefixes)
}

func idSecondPrefixStrips(w string) []affixCut {
	return prefixStrips(w, idSecondPrefixes)
}

func prefixStrips(w string, prefixes []struct{ prefix, restore string }) []affixCut {
	var out []affixCut
	for _, p := range prefixes {
		if !strings.HasPrefix(w, p.prefix) || len(w) < len(p.prefix)+2 {
			continue
		}
		rest := w[len(p.prefix):]
		if p.restore == "=" {
			// "te" is "ter" before a stem in r ("terasa"), never a prefix of its own.
			if rest[0] != 'r' {
				continue
			}
		} else if p.restore != "" {
			if !isVowelByte(rest[0]) {
				continue
			}
			rest = p.restore + rest
		} else if isVowelByte(rest[0]) && (p.prefix == "mem" || p.prefix == "men" || p.prefix == "meny" || p.prefix == "pem" || p.prefix == "pen" || p.prefix == "peny") {
			// Before a vowel the nasal prefix is meng-/peng-: mem-, men-, meny- there have
			// replaced the root's p, t or s ("menurun" is turun, never "urun").
			continue
		}
		out = append(out, affixCut{rest, 1, p.restore != "" && p.restore != "="})
	}
	return out
}
