package bot

import (
	"strings"
	"unicode"

	"github.com/abadojack/whatlanggo"

	"github.com/kutip/kutip/retrieval"
)

// Language detection: whatlanggo restricted to Indonesian and English, plus a vote of function
// words, which is what decides short questions; a client's hint decides only when the text is
// too short to tell.

var idEnOnly = whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{whatlanggo.Ind: true, whatlanggo.Eng: true}}

// detection is the outcome of reading a question's language.
type detection struct {
	Lang Lang
	// Sure is false when the text was too short or mixed to tell and a fallback decided.
	Sure bool
	// Foreign is set when the text is clearly in neither language (another script, or Javanese…).
	Foreign bool
}

// detectLang reads the language of a question; fallback decides when the text cannot tell.
func detectLang(text string, fallback Lang) detection {
	toks := retrieval.Tokenize(text)
	letters, latin := 0, 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.Is(unicode.Latin, r) {
				latin++
			}
		}
	}
	if letters == 0 {
		return detection{Lang: fallback}
	}
	if latin*2 < letters {
		return detection{Lang: fallback, Foreign: true}
	}
	idVotes, enVotes, jvVotes := 0, 0, 0
	for _, t := range toks {
		if markerJV[t.Norm] {
			jvVotes++
		}
		if retrieval.IsStopword(retrieval.LangID, t.Norm) {
			idVotes++
		}
		if retrieval.IsStopword(retrieval.LangEN, t.Norm) {
			enVotes++
		}
		if markerID[t.Norm] {
			idVotes += 2
		}
		if markerEN[t.Norm] {
			enVotes += 2
		}
	}
	// Javanese shares Indonesian's script, names and many words, and whatlanggo rarely calls it
	// reliably: its own function words tell it.
	if jvVotes >= 2 && jvVotes >= idVotes && jvVotes > enVotes {
		return detection{Lang: fallback, Foreign: true}
	}
	words := len(toks)
	if words < 3 && idVotes == enVotes {
		return detection{Lang: fallback}
	}
	// Whatlanggo's trigram profiles help on longer text with few function words.
	info := whatlanggo.DetectWithOptions(text, idEnOnly)
	var trigram Lang
	if info.Confidence > 0.2 && words >= 4 {
		if info.Lang == whatlanggo.Eng {
			trigram = LangEN
		} else if info.Lang == whatlanggo.Ind {
			trigram = LangID
		}
	}
	switch {
	case idVotes > enVotes+1 || (idVotes > enVotes && trigram != LangEN):
		return detection{Lang: LangID, Sure: true}
	case enVotes > idVotes+1 || (enVotes > idVotes && trigram != LangID):
		return detection{Lang: LangEN, Sure: true}
	case trigram != "":
		return detection{Lang: trigram, Sure: true, Foreign: idVotes+enVotes == 0 && looksForeign(text)}
	}
	return detection{Lang: fallback, Foreign: idVotes+enVotes == 0 && words >= 3 && looksForeign(text)}
}

// looksForeign asks whatlanggo, unrestricted, whether a text is confidently in a third language.
func looksForeign(text string) bool {
	info := whatlanggo.Detect(text)
	switch info.Lang {
	case whatlanggo.Ind, whatlanggo.Eng:
		return false
	}
	return info.Confidence > 0.5 && info.IsReliable()
}

// Words that mark a language strongly: question words and the commonest verbs and particles.
var (
	markerID = setOf("apa", "apakah", "siapa", "mengapa", "kenapa", "bagaimana", "berapa", "kapan", "dimana", "yang", "dengan", "tidak", "adalah", "dan", "untuk", "dari", "ini", "itu", "sebutkan", "jelaskan", "menurut", "tentang", "soal")
	// markerJV are Javanese function words that are not Indonesian (ngoko and krama).
	markerJV = setOf("sing", "saka", "sapa", "opo", "piye", "kepiye", "pripun", "saiki", "karo", "ora", "iki", "kuwi", "iku", "arep", "ngerti", "babagan", "isih", "wis", "durung", "ning", "neng", "menyang", "marang", "lan", "kudu", "dadi", "mung", "wae", "kowe", "sampeyan", "panjenengan", "menapa", "punika", "badhe", "mboten", "dereng", "sampun", "kados", "nggih", "carane", "nggawe", "lor", "kidul", "wetan", "kulon")
	markerEN = setOf("what", "who", "why", "how", "when", "where", "which", "the", "is", "are", "does", "did", "do", "of", "and", "to", "about", "tell", "explain", "according")
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// hintLang turns a client's language code ("en-US", "id") into a reply language, or "".
func hintLang(code string) Lang {
	code = strings.ToLower(strings.TrimSpace(code))
	switch {
	case strings.HasPrefix(code, "id"), strings.HasPrefix(code, "in"), strings.HasPrefix(code, "ms"), strings.HasPrefix(code, "jv"), strings.HasPrefix(code, "su"):
		return LangID
	case code != "":
		return LangEN
	}
	return ""
}

// DetectLang reads the language of a text, Indonesian or English; fallback decides when the
// text is too short or mixed to tell.
func DetectLang(text string, fallback Lang) Lang { return detectLang(text, fallback).Lang }
