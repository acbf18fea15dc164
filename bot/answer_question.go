package bot

import (
	"strings"

	"github.com/kutip/kutip/retrieval"
)

// Question analysis: what a question asks for. Its frame words (light), the nouns that name
// the kind of answer, the terms its form puts in question, and the expected answer type.

// Question-frame words: they shape a question without naming what it is about, so their
// absence from the documents says little. General words of both languages, not tuned to any question.
var lightWords = setOf(
	// English
	"expect", "expects", "expected", "think", "thinks", "say", "says", "said", "tell", "told", "explain",
	"describe", "mean", "means", "meant", "happen", "happened", "happens", "do", "does", "did", "done",
	"role", "reason", "reasons", "way", "ways", "kind", "kinds", "type", "thing", "things", "want",
	"wants", "wanted", "get", "got", "make", "made", "according", "main", "first", "also", "one",
	"name", "called", "give", "gave", "given", "take", "took", "play", "plays", "played", "mention",
	"mentioned", "use", "used", "happen", "result", "purpose", "goal", "aim", "list", "listed", "lists",
	"described", "located", "locate", "shown", "show", "shows", "photo", "picture", "report", "reported",
	"topic", "topics", "besides", "stand",
	// Hedges and intensifiers: how sure or exact the asker wants it, not what it is about.
	"supposed", "allegedly", "reportedly", "apparently", "exactly", "actually", "really", "specifically",
	"sebenarnya", "persisnya", "tepatnya", "kira-kira", "konon", "katanya", "soal", "terkait", "mengenai",
	// "Where is the setting for…", "settingnya di mana": where a thing is set, not what.
	"setting", "settings", "settingnya", "setelannya", "pengaturannya",
	// Evaluations say what the asker wants, not what the question is about ("a GOOD recipe").
	"good", "best", "nice", "better", "enak", "bagus", "terbaik",
	// Indonesian
	"dimaksud", "maksud", "arti", "artinya", "jelaskan", "sebutkan", "menurut", "terjadi", "hal",
	"cara", "alasan", "sebab", "peran", "tujuan", "ingin", "mau", "dilakukan", "melakukan", "lakukan",
	"disebut", "menyebut", "dikatakan", "mengatakan", "pertama", "utama", "jenis", "macam", "bentuk",
	"kata", "apa", "saja", "lama", "jangka", "waktu", "long", "time", "period", "call", "calls",
	"caranya", "topik", "selain", "daftar", "sebut", "disebutkan", "foto", "gambar", "laporan", "dilaporkan",
	// Verbs that only say an event took place.
	"berlangsung", "diadakan", "digelar", "dilaksanakan", "diselenggarakan", "held", "hold", "occur",
	"occurred", "place", "took", "kalinya", "kali", "pertamanya",
	// The documents themselves: "yang disebut dalam dokumen", "according to the text".
	"dokumen", "document", "documents", "teks", "text", "texts", "artikel", "article", "articles", "tulisan",
)

// isLight reports whether a term is made only of question-frame words: words an answer need
// not repeat.
func isLight(source string) bool {
	for _, w := range strings.Fields(source) {
		if !lightWords[w] {
			return false
		}
	}
	return source != ""
}

// Nouns that name the kind of answer rather than its subject ("which COUNTRY", "kota mana"):
// they are answer types, not words the answer must repeat.
var typeNouns = setOf("country", "countries", "city", "cities", "place", "places", "year", "years", "date",
	"day", "month", "person", "people", "man", "woman", "name", "names", "kind", "type", "time", "number",
	"negara", "kota", "tempat", "tahun", "tanggal", "hari", "bulan", "orang", "tokoh", "nama", "jenis", "macam",
	"waktu", "nomor", "pihak", "siapa", "apa", "mana")

// Attribute nouns: what a question asks about a thing, which a document giving the answer names.
var attributeNouns = setOf("title", "judul", "capital", "salary", "gaji", "price", "harga", "headquarters",
	"markas", "religion", "agama", "language", "bahasa", "currency", "article", "pasal", "address", "alamat",
	"motto", "slogan", "score", "skor", "birthplace", "birthday", "nickname", "website", "color", "colour", "warna")

// Measure nouns: a number answers them, stated beside them.
var measureNouns = setOf("population", "penduduk", "populasi", "umur", "usia", "age", "percent", "percentage",
	"persen", "height", "tinggi", "distance", "jarak", "casualties", "korban", "salary", "gaji", "wage",
	"income", "pendapatan", "budget", "anggaran", "price", "harga", "cost", "biaya", "length", "panjang",
	"width", "lebar", "timeout", "interval")

// Place nouns: "di KOTA mana", "ke NEGARA mana" ask where.
var placeNouns = setOf("kota", "negara", "tempat", "provinsi", "wilayah", "daerah", "pulau", "benua")

// questionWords ask: a type noun beside one names the kind of answer ("KOTA mana", "which CITY").
var questionWords = setOf("apa", "apakah", "mana", "manakah", "berapa", "berapakah", "siapa", "what", "which", "whose")

// Source nouns and citing verbs: a question asking for a source ("Which REFERENCE is CITED
// for…", "Siapa yang DIJADIKAN RUJUKAN…", "Who is CREDITED as the SOURCE of the photo?") is
// answered by a citation ("Cha (2024)", "(Santosa & Hadi, 2024)", "Sumber: …") that need not
// repeat them.
var (
	sourceNouns = setOf("source", "sources", "reference", "references", "citation", "rujukan", "referensi", "sumber", "sumbernya", "acuan")
	citingVerbs = setOf("cited", "credited", "quoted", "attributed", "referenced", "dijadikan", "dikutip", "dirujuk", "merujuk", "mengutip", "menjadi")
)

// typeNounsAsked returns the type nouns a question uses as the kind of answer it wants: beside
// a question word ("di kota mana", "tanggal berapa", "what year", "which countries"), and the
// source nouns and citing verbs of a question asking for a source.
func typeNounsAsked(text string) map[string]bool {
	toks := questionTokens(text)
	out := make(map[string]bool)
	asks, source := false, false
	for _, t := range toks {
		asks = asks || questionWords[t.Norm] || t.Norm == "who" || t.Norm == "whom"
		source = source || sourceNouns[t.Norm]
	}
	if asks && source {
		for _, t := range toks {
			if sourceNouns[t.Norm] || citingVerbs[t.Norm] {
				out[t.Norm] = true
			}
		}
	}
	for i, t := range toks {
		if !typeNouns[t.Norm] {
			continue
		}
		if i > 0 && questionWords[toks[i-1].Norm] || i+1 < len(toks) && questionWords[toks[i+1].Norm] {
			out[t.Norm] = true
		}
	}
	return out
}

// askedTerms finds the terms a question's form puts in question: what a count counts (after
// "how many/much" or "berapa"; type nouns skipped), what a "who" question says the person did
// or was (its first content word), else, in a when/where question, its last
// content word, the event asked about ("When was X BORN?"). It returns their indexes in terms.
func askedTerms(text string, terms []weightedTerm) []int {
	out, _ := askedTermsStrict(text, terms)
	return out
}

// askedTermsStrict is askedTerms, also saying whether the terms are nouns an answer must
// stand beside: what a count counts, an attribute or a measure, a "who" question's role ("Who
// was the US PRESIDENT", "Siapa MENTERI Luar Negeri"). A when/where question's event and what a
// "who" question says the person did ("Who TAKES PART", "siapa yang NGASIH sanksi") are weaker
// cues: the answer often says them in other words.
func askedTermsStrict(text string, terms []weightedTerm) ([]int, bool) {
	toks := questionTokens(text)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Norm
	}
	asked := typeNounsAsked(text)
	content := func(w string) bool {
		return !retrieval.IsStopwordAny(w) && !typeNouns[w] && !isLight(w) && !isNumberWord(w) && !asked[w]
	}
	var heads []string
	strict := true
	take := func(from, step int) {
		for j, n := from, 0; j >= 0 && j < len(words) && n < 2; j += step {
			w := words[j]
			if typeNouns[w] || w == "many" || w == "much" || w == "banyak" {
				continue
			}
			if !content(w) {
				// "rounds OF ammunition": a function word may join the counted noun to its
				// complement; anything else ends the phrase.
				if n > 0 && (w == "of" || w == "dari") {
					continue
				}
				if n > 0 {
					break
				}
				continue
			}
			if toks[j].Text != "" && startsUpper(toks[j].Text) && j > 0 {
				break // a name: the subject, not the head
			}
			heads = append(heads, w)
			n++
		}
	}
	wh := false
	for i, w := range words {
		// "What/which X" names a category the answer need not repeat ("which newspaper" →
		// "The Japan Times"); a count names what is counted, which it must.
		switch w {
		case "what", "which", "apa", "apakah":
			// An attribute ("what TITLE", "which ARTICLE", "apa AGAMA") is stated with its noun
			// when the documents give it, unlike a category ("which newspaper").
			j := i + 1
			for j < len(words) && retrieval.IsStopwordAny(words[j]) {
				j++ // "what was THE title"
			}
			if j < len(words) && attributeNouns[words[j]] {
				heads = append(heads, words[j])
			} else if i > 0 && w == "apa" && attributeNouns[words[i-1]] {
				heads = append(heads, words[i-1])
			}
		case "jumlah", "number", "amount":
			// "jumlah korban", "the number of casualties": what is counted follows.
			take(i+1, 1)
		case "berapa", "berapakah":
			if i+1 < len(words) && (words[i+1] == "lama" || words[i+1] == "lamanya") {
				break // a duration: "dalam sepuluh tahun" need not name the thing
			}
			take(i+1, 1)
		case "how":
			if i+1 < len(words) && (words[i+1] == "many" || words[i+1] == "much") {
				take(i+2, 1)
			}
		default:
			// A measure is what a number answers ("the POPULATION of", "GAJI presiden").
			if measureNouns[w] {
				heads = append(heads, w)
			}
		case "who", "whom", "siapa", "siapakah":
			// "Who LED the delegation", "Siapa MENTERI Luar Negeri Rusia": the person stands
			// beside what the question says they did or were, a role often capitalised.
			// English puts the head of a phrase last ("the US PRESIDENT", "the Russian foreign
			// MINISTER"), Indonesian first ("MENTERI Luar Negeri Rusia"). At the end ("Menlu
			// Rusia siapa?"), it is the phrase before it.
			from := i + 1
			for k := 0; k < 2 && len(heads) == 0; k, from = k+1, 0 {
				for j := from; j < len(words); j++ {
					if !content(words[j]) {
						continue
					}
					end := j
					for w == "who" || w == "whom" {
						if end+1 >= len(words) || !content(words[end+1]) {
							break
						}
						end++
					}
					heads = append(heads, words[end])
					// A role, not a deed: after a copula in English ("Who WAS the US
					// president", not "Who LED", "Who DID Putin meet"), right after "siapa" in
					// Indonesian ("Siapa MENTERI…", not "siapa YANG ngasih"); never a verb.
					strict = k == 0 && !isVerbID(words[end]) && !strings.HasSuffix(words[end], "ed")
					if w == "who" || w == "whom" {
						// Only a copula, articles and names between ("Who WAS THE US president"),
						// not an auxiliary ("Who DID Putin meet") nor a preposition ("Who was IN
						// charge").
						copula := j > i+1
						for k, x := range words[i+1 : j] {
							copula = copula && (whoCopulas[x] || startsUpper(toks[i+1+k].Text))
						}
						strict = strict && copula
					} else {
						strict = strict && j == i+1
					}
					break
				}
			}
		case "when", "where", "kapan", "dimana":
			wh = true
		case "mana":
			wh = wh || (i > 0 && words[i-1] == "di")
		}
		if len(heads) > 0 {
			break
		}
	}
	if len(heads) == 0 && wh {
		strict = false // the event of a when/where question
		for j := len(toks) - 1; j >= 0; j-- {
			if content(words[j]) && !startsUpper(toks[j].Text) {
				heads = append(heads, words[j])
				break
			}
		}
	}
	var out []int
	for i, t := range terms {
		if t.term.Context {
			continue
		}
		for _, h := range heads {
			for _, f := range strings.Fields(t.term.Source) {
				if f == h || strings.Contains(f, h) && strings.Contains(f, "-") {
					out = append(out, i)
				}
			}
		}
	}
	return out, strict
}

func isNumberWord(w string) bool { return numberWords[w] || hasDigit(w) }

// Expected answer types, read off the question words.
const (
	typeNumber  = "number" // berapa, how many
	typeMoney   = "money"  // biaya, harga, how much money
	typeDate    = "date"   // kapan, when: any date expression
	typeDay     = "day"    // tanggal berapa, what date, which day: a day, not just a year
	typeYear    = "year"   // tahun berapa, what year
	typeMonth   = "month"  // bulan apa, what month: a month name
	typeWho     = "who"
	typeName    = "name"    // apa nama, what is the name of: a proper name beside the thing named
	typeKey     = "key"     // keyboard shortcut, tombol pintasan: a key combination
	typeVersion = "version" // which version, versi berapa: a version number
	typeWhere   = "where"
)

// answerType reads what kind of answer a question expects from its question words. The first
// cue wins, except that a more specific cue (money, day, year) refines a general one.
func answerType(text string) string {
	toks := questionTokens(text)
	norm := make([]string, len(toks))
	for i, t := range toks {
		norm[i] = t.Norm
	}
	at := func(i int) string {
		if i >= 0 && i < len(norm) {
			return norm[i]
		}
		return ""
	}
	found := ""
	set := func(t string) {
		switch {
		case found == "":
			found = t
		case found == typeNumber && t == typeMoney,
			(found == typeDate || found == typeNumber || found == typeYear) && (t == typeDay || t == typeYear || t == typeMonth),
			found == typeMonth && t == typeDay:
			found = t
		}
	}
	for i, w := range norm {
		prev, next := at(i-1), at(i+1)
		switch w {
		case "berapa", "berapakah":
			switch prev {
			case "tahun":
				set(typeYear)
			case "tanggal", "hari", "bulan":
				set(typeDay)
			default:
				set(typeNumber)
			}
		case "how":
			if next == "many" || next == "much" || next == "long" || next == "old" {
				set(typeNumber)
			}
		case "biaya", "harga", "ongkos", "cost", "costs", "price", "money", "uang", "dana", "funding", "paid", "pay", "dibayar", "membayar":
			if found == typeNumber || prev == "how" || prev == "what" || prev == "which" || next == "berapa" || at(i+2) == "berapa" || prev == "much" {
				set(typeMoney)
			}
		case "number", "nomor":
			// "What is the NUMBER of the resolution", "the number of casualties", "nomor berapa".
			if prev == "the" && next == "of" || next == "berapa" || prev == "what" || prev == "which" {
				set(typeNumber)
			}
		case "level", "tingkat", "value", "nilai", "length", "panjang", "size", "ukuran", "width", "lebar", "timeout":
			// "What uranium enrichment LEVEL", "what default UMASK VALUE", "nilai … berapa": a
			// measure.
			if prev == "what" || prev == "which" || at(i-2) == "what" || at(i-3) == "what" || next == "berapa" {
				set(typeNumber)
			}
		case "population", "penduduk", "populasi", "jumlah", "amount", "umur", "usia", "age", "percent",
			"percentage", "persen", "height", "tinggi", "distance", "jarak", "casualties", "korban":
			set(typeNumber)
		case "salary", "gaji", "wage", "income", "pendapatan", "budget", "anggaran", "worth":
			set(typeMoney)
		case "kapan", "kapankah":
			set(typeDate)
		case "when":
			// "When did…", "…released when?"; not a clause ("When I drag a graphic, how long…",
			// "…read when a package gives trouble?").
			if asksWh(norm, i) {
				set(typeDate)
			}
		case "year", "tahun":
			if prev == "what" || prev == "which" || next == "berapa" {
				set(typeYear)
			}
		case "date", "day", "tanggal", "hari":
			if prev == "what" || prev == "which" || prev == "exact" || next == "berapa" || next == "apa" {
				set(typeDay)
			}
		case "month", "bulan":
			if prev == "what" || prev == "which" || next == "apa" || next == "berapa" {
				set(typeMonth)
			}
		case "model", "brand", "merek", "merk":
			// "What MODEL of fighter jets", "merek apa": a proper name.
			if prev == "what" || prev == "which" || next == "apa" {
				set(typeName)
			}
		case "nama", "namanya", "name", "called", "disebut", "dinamakan", "bernama":
			// "apa nama X", "what was the name of X", "what is X called": a proper name.
			if prev == "apa" || prev == "what" || prev == "the" || next == "apa" || next == "of" || w == "called" || w == "dinamakan" || w == "bernama" || w == "namanya" && next == "apa" {
				set(typeName)
			}
		case "siapa", "siapakah", "who", "whom":
			set(typeWho)
		case "where":
			// "Where are…", "where to…"; not a relative clause ("the text where my cursor is").
			if asksWh(norm, i) {
				set(typeWhere)
			}
		case "dimana", "dimanakah":
			set(typeWhere)
		case "mana":
			// "di mana", "ke mana", "di kota mana", "negara mana".
			if prev == "di" || prev == "ke" || prev == "dari" || placeNouns[prev] && locatives[at(i-2)] {
				set(typeWhere)
			}
		case "shortcut", "shortcuts", "pintasan", "pintas", "hotkey", "keystroke":
			// A keyboard shortcut asked for ("What's the keyboard SHORTCUT…", "SHORTCUT buat…",
			// "Apa tombol PINTASAN…"), not merely mentioned: near the question's start.
			if i <= 4 || questionWords[prev] {
				set(typeKey)
			}
		case "version", "versions", "versi":
			if prev == "what" || prev == "which" || at(i-2) == "what" || at(i-2) == "which" || at(i-3) == "what" || at(i-3) == "which" || next == "berapa" || next == "apa" || prev == "minimum" || prev == "minimal" {
				set(typeVersion)
			}
		}
	}
	return found
}

// Auxiliaries that follow a question word that asks ("when DID", "where ARE").
var whAuxiliaries = setOf("is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "will", "would",
	"has", "have", "had", "must", "may", "might", "shall", "to", "exactly", "s")

// asksWh reports whether the English "when" or "where" at norm[i] asks (followed by an
// auxiliary, or closing the question) rather than opening a clause.
func asksWh(norm []string, i int) bool {
	return i == len(norm)-1 || whAuxiliaries[norm[i+1]]
}

// questionForm is what a question's wording says about the shape of its answer.
type questionForm struct {
	list   bool // "apa saja", "sebutkan", "list", "what are the steps": the items, in order
	after  bool // "what did X do after Y": what follows Y
	why    bool // "mengapa", "why": the clause giving the reason
	define bool // "apa itu X", "what is X", "who is X": the sentence that introduces X
}

var (
	listCues   = setOf("sebutkan", "list", "langkah", "steps", "daftar", "apa-apa", "siapa-siapa")
	afterCues  = setOf("after", "afterwards", "setelah", "sesudah", "usai", "pasca", "kemudian", "then", "next", "selanjutnya")
	howToCues  = setOf("cara", "caranya", "gimana", "bagaimanakah", "langkah-langkah", "prosedur")
	whyCues    = setOf("why", "mengapa", "kenapa", "alasan", "sebabnya")
	defineCues = setOf("itu", "is", "are", "was", "adalah", "dimaksud", "mean", "means", "stand", "artinya")
)

// formOf reads a question's form from its words.
func formOf(text string) questionForm {
	toks := questionTokens(text)
	var f questionForm
	content := 0
	for i, t := range toks {
		w := t.Norm
		prev := ""
		if i > 0 {
			prev = toks[i-1].Norm
		}
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1].Norm
		}
		switch {
		case listCues[w], w == "saja" && questionWords[prev], w == "what" && next == "are":
			f.list = true
		case howToCues[w], w == "how" && (next == "do" || next == "can" || next == "to" || next == "should" || next == "would"):
			// "Gimana cara…", "How do I…": the steps, in order.
			f.list = true
		case afterCues[w]:
			f.after = true
		case whyCues[w]:
			f.why = true
		}
		if !retrieval.IsStopwordAny(w) && !lightWords[w] && !questionWords[w] {
			content++
		}
	}
	// "Apa itu X?", "What is X?", "Siapa X?", "Who is X?": a short question about one thing.
	if len(toks) > 1 && content <= 3 && !f.list {
		first, second := toks[0].Norm, toks[1].Norm
		switch first {
		case "apa", "apakah", "what", "who", "siapa", "siapakah":
			if defineCues[second] || first == "siapa" || first == "siapakah" {
				f.define = true
			}
		}
	}
	return f
}

// English auxiliaries: in a question, the subject follows them and then its verb ("How DID Kim
// Jong Un TRAVEL", "What role DOES the article ASSIGN").
var auxiliaries = setOf("do", "does", "did", "will", "would", "can", "could", "should", "shall", "may",
	"might", "must", "has", "have", "had")

// whoCopulas are copulas and articles: what may stand between "who" and a role ("Who was the president").
var whoCopulas = setOf("is", "are", "was", "were", "the", "a", "an", "currently", "now", "then")

// Indonesian verbal prefixes: a word carrying one that the dictionary-checked stemmer removes
// is a verb ("MENANDATANGANI", "DIWAWANCARAI", "BERTEMU", "TERPILIH"; not "diplomat", "menteri").
var verbPrefixes = []string{"me", "di", "ber", "ter"}

// predicateTerms finds the terms naming the question's predicate: what it says happened or was
// done ("signed", "travel", "admit", "ditandatangani", "membutuhkan"). An answer states that
// very relation between the question's things; a window that holds the things but not the
// predicate may only mention them (a trap: "How did Kim TRAVEL to Vladivostok?" against the
// sentence saying they met there). English: a past participle, or the first content word after
// an auxiliary and its subject; Indonesian: a word with a verbal prefix. Frame words ("held",
// "disebut"), names and the word asked about are not predicates. It returns indexes in terms.
func predicateTerms(text string, terms []weightedTerm) []int {
	toks := questionTokens(text)
	preds := make(map[string]bool)
	content := func(i int) bool {
		w := toks[i].Norm
		return !retrieval.IsStopwordAny(w) && !lightWords[w] && !typeNouns[w] && !questionWords[w] && !isNumberWord(w) && !hasDigit(w)
	}
	afterAux := false
	for i, t := range toks {
		w := t.Norm
		if auxiliaries[w] {
			afterAux = true
			continue
		}
		if !content(i) || i > 0 && startsUpper(t.Text) {
			continue
		}
		switch {
		case isVerbID(w):
			preds[w] = true
		case len(w) > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
			preds[w] = true
		case afterAux && !strings.HasSuffix(w, "ly"):
			// The subject's lower-case words come before the verb: the verb is the last content
			// word of the run that follows the auxiliary.
			j := i
			for j+1 < len(toks) && content(j+1) && !startsUpper(toks[j+1].Text) {
				j++
			}
			preds[toks[j].Norm] = true
			afterAux = false
		}
	}
	var out []int
	for i, t := range terms {
		if t.term.Context || t.term.Kind != "word" || t.light {
			continue
		}
		for _, f := range strings.Fields(t.term.Source) {
			if preds[f] {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// isVerbID reports whether a lower-case word reads as an Indonesian verb: a verbal prefix the
// dictionary-checked stemmer removes.
func isVerbID(w string) bool {
	for _, p := range verbPrefixes {
		if strings.HasPrefix(w, p) && len(w) > len(p)+2 {
			st := retrieval.Stem(retrieval.LangID, w)
			return st != w && len(st) <= len(w)-len(p) && !strings.HasPrefix(st, p)
		}
	}
	return false
}

// chatQuestionWords are chat spellings of question words ("brp detik?", "knp", "sapa"): the
// question's form is read with their standard forms.
var chatQuestionWords = map[string]string{
	"brp": "berapa", "brapa": "berapa", "berapaan": "berapa", "knp": "kenapa", "napa": "kenapa",
	"kpn": "kapan", "kapn": "kapan", "dmn": "dimana", "dmana": "dimana", "sapa": "siapa", "spa": "siapa",
	"gmn": "bagaimana", "gmana": "bagaimana", "gimana": "bagaimana", "apaan": "apa", "yg": "yang",
	"aja": "saja", "ap": "apa",
}

// questionTokens tokenises a question for its analysis, chat spellings of question words
// replaced by their standard forms.
func questionTokens(text string) []retrieval.Token {
	toks := retrieval.Tokenize(text)
	for i, t := range toks {
		if std, ok := chatQuestionWords[t.Norm]; ok {
			toks[i].Norm = std
		}
	}
	return toks
}
