package retrieval

import "unicode/utf8"

// This file implements the Snowball project's Indonesian stemmer (algorithms/indonesian.sbl),
// itself an implementation of Fadillah Z. Tala's "Porter Stemmer for Bahasa Indonesia" (2003):
// no dictionary, only affix stripping guarded by the word's measure, the number of vowels.
//
// The word is never copied while it is stemmed: the current form is the window word[start:end],
// optionally preceded by one replacement letter ('s' for "meny"/"peny" + vowel, 'p' for
// "mem"/"pem" + vowel). Every affix is ASCII, so cutting the window never splits a UTF-8
// sequence; only a replacement letter costs an allocation.

// Prefix classes remembered after the prefix is removed; they decide which suffixes may follow
// (the paper's rules against combinations such as "ke-…-kan" or "di-…-an").
const (
	idPrefixNone = 0
	idPrefixDi   = 1 // "di", "ter" and the "meng" family ("me", "mem", "men", "meny")
	idPrefixPer  = 2 // "per", "pe"
	idPrefixKe   = 3 // "ke" and the "peng" family ("pe(m|n|ng|ny)")
	idPrefixBer  = 4 // "ber", "be", "bel(ajar)"
)

// idStem is the state of one stemming run.
type idStem struct {
	word       string
	start, end int  // current form is [repl] + word[start:end]
	repl       byte // 0, or the letter that replaced a first-order prefix
	measure    int  // vowels in the current form
	prefix     int  // one of the idPrefix constants
}

// StemIndonesian returns the stem of a lower-case Indonesian word by the Snowball project's
// Indonesian algorithm (Tala's Porter-style stemmer without a dictionary): particles (-kah,
// -lah, -pun), possessive pronouns (-ku, -mu, -nya), one or two prefixes and one derivational
// suffix (-kan, -an, -i) are removed while the word keeps more than two vowels.
// It agrees with Snowball's reference output on its whole test vocabulary.
func StemIndonesian(word string) string {
	s := idStem{word: word, end: len(word), measure: idVowels(word)}
	if s.measure <= 2 {
		return word
	}
	s.removeParticle()
	if s.measure > 2 {
		s.removePossessive()
	}
	if s.measure > 2 {
		if s.removeFirstOrderPrefix() {
			// A second-order prefix may follow a first-order one ("mem-per-baik-i") only when
			// a suffix was removed too.
			if s.measure > 2 && s.removeSuffix() && s.measure > 2 {
				s.removeSecondOrderPrefix()
			}
		} else {
			s.removeSecondOrderPrefix()
			if s.measure > 2 {
				s.removeSuffix()
			}
		}
	}
	return s.result()
}

func (s *idStem) result() string {
	rest := s.word[s.start:s.end]
	if s.repl == 0 {
		return rest
	}
	b := make([]byte, 0, 1+len(rest))
	b = append(b, s.repl)
	b = append(b, rest...)
	return string(b)
}

// idVowels counts the ASCII vowels a, e, i, o, u. Bytes of multi-byte UTF-8 sequences are never
// ASCII, so counting bytes equals counting characters.
func idVowels(w string) int {
	n := 0
	for i := 0; i < len(w); i++ {
		if idIsVowel(w[i]) {
			n++
		}
	}
	return n
}

func idIsVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

// form is the part of the current form that affix rules may touch; the replacement letter
// lies outside it (Snowball's cursor and backward limit sit just after that letter).
func (s *idStem) form() string { return s.word[s.start:s.end] }

func (s *idStem) cutEnd(n int) {
	s.end -= n
	s.measure--
}

func (s *idStem) cutStart(n int) {
	s.start += n
	s.measure--
}

func (s *idStem) removeParticle() {
	w := s.form()
	if idHasSuffix(w, "kah") || idHasSuffix(w, "lah") || idHasSuffix(w, "pun") {
		s.cutEnd(3)
	}
}

func (s *idStem) removePossessive() {
	w := s.form()
	switch {
	case idHasSuffix(w, "nya"):
		s.cutEnd(3)
	case idHasSuffix(w, "ku"), idHasSuffix(w, "mu"):
		s.cutEnd(2)
	}
}

// removeSuffix removes -kan, -an or -i when the prefix already removed allows it; a -kan that
// is not allowed may still be removed as -an (Snowball's among falls back to shorter matches).
func (s *idStem) removeSuffix() bool {
	w := s.form()
	switch {
	case idHasSuffix(w, "kan") && s.prefix != idPrefixKe && s.prefix != idPrefixPer:
		s.cutEnd(3)
	case idHasSuffix(w, "an") && s.prefix != idPrefixDi:
		s.cutEnd(2)
	case idHasSuffix(w, "i") && s.prefix <= idPrefixPer && !idHasSuffix(w[:len(w)-1], "s"):
		s.cutEnd(1)
	default:
		return false
	}
	return true
}

// removeFirstOrderPrefix removes di-, ke-, ter- or a me-/pe- nasal prefix; a nasal that
// assimilated the stem's first consonant gives it back ("menyapu" → "sapu", "memukul" → "pukul").
func (s *idStem) removeFirstOrderPrefix() bool {
	w := s.form()
	if len(w) < 2 {
		return false
	}
	switch w[0] {
	case 'd':
		if w[1] == 'i' {
			s.prefix = idPrefixDi
			s.cutStart(2)
			return true
		}
	case 'k':
		if w[1] == 'e' {
			s.prefix = idPrefixKe
			s.cutStart(2)
			return true
		}
	case 't':
		if len(w) >= 3 && w[1] == 'e' && w[2] == 'r' {
			s.prefix = idPrefixDi
			s.cutStart(3)
			return true
		}
	case 'm', 'p':
		if w[1] != 'e' {
			return false
		}
		class := idPrefixDi
		if w[0] == 'p' {
			class = idPrefixKe
		}
		s.prefix = class
		var c2, c3 byte
		if len(w) > 2 {
			c2 = w[2]
		}
		if len(w) > 3 {
			c3 = w[3]
		}
		switch {
		case c2 == 'n' && c3 == 'g':
			s.cutStart(4)
		case c2 == 'n' && c3 == 'y' && len(w) > 4 && idIsVowel(w[4]):
			s.repl = 's'
			s.cutStart(4)
		case c2 == 'n':
			s.cutStart(3)
		case c2 == 'm':
			if len(w) > 3 && idIsVowel(w[3]) {
				s.repl = 'p'
			}
			s.cutStart(3)
		case w[0] == 'm':
			s.cutStart(2)
		default: // a bare "pe" is a second-order prefix
			s.prefix = idPrefixNone
			return false
		}
		return true
	}
	return false
}

// removeSecondOrderPrefix removes ber-, be- (before consonant + "er"), per-, pe-, and the
// irregular bel-/pel- of "belajar"/"pelajar".
func (s *idStem) removeSecondOrderPrefix() bool {
	w := s.form()
	if len(w) < 2 || w[1] != 'e' {
		return false
	}
	switch w[0] {
	case 'b':
		switch {
		case len(w) >= 7 && w[:7] == "belajar":
			s.cutStart(3)
		case len(w) >= 3 && w[2] == 'r':
			s.cutStart(3)
		case idKer(w[2:]):
			s.cutStart(2)
		default:
			return false
		}
		s.prefix = idPrefixBer
		return true
	case 'p':
		switch {
		case len(w) >= 7 && w[:7] == "pelajar":
			s.cutStart(3) // "pelajar" → "ajar" keeps the prefix class
		case len(w) >= 3 && w[2] == 'r':
			s.prefix = idPrefixPer
			s.cutStart(3)
		default:
			s.prefix = idPrefixPer
			s.cutStart(2)
		}
		return true
	}
	return false
}

// idKer reports whether w starts with a non-vowel character followed by "er" ("kerja" after
// "be" in "bekerja").
func idKer(w string) bool {
	if len(w) == 0 || idIsVowel(w[0]) {
		return false
	}
	n := 1
	if w[0] >= utf8.RuneSelf {
		_, n = utf8.DecodeRuneInString(w)
	}
	return len(w) >= n+2 && w[n] == 'e' && w[n+1] == 'r'
}

func idHasSuffix(w, suffix string) bool {
	return len(w) >= len(suffix) && w[len(w)-len(suffix):] == suffix
}
