package retrieval

import (
	"strings"
)

// Questions typed in a chat are rarely written in standard Indonesian. This file brings the
// common chat forms back to the standard words the documents use before a question is analysed.
//
// The table and the rules below were written for Kutip from general knowledge of colloquial
// Indonesian (Jakarta-style informal speech and chat abbreviations, as described in any grammar
// of informal Indonesian); they are not copied from any list. Function words among them
// (gimana, gak, aja, dong, yg, dgn…) are stop words (see stopwords.go); the table here holds the
// content words and the chat spellings of function words whose standard form matters for
// translation.
//
// Three rules cover what a table cannot list:
//   - reduplication written with a 2: "usulan2" is "usulan-usulan";
//   - the colloquial verb suffix -in stands for -kan or -i: "sebutin" is "sebutkan",
//     "nyelesaiin" is "nyelesaikan";
//   - a bare nasal prefix stands for me(N)-: "nyelesaikan" is "menyelesaikan", "nyari" is
//     "mencari", "ngirim" is "mengirim", "ngitung" is "menghitung", "nulis" is "menulis",
//     "ngelindungi" is "melindungi", "ngecek" is "cek".
// (The colloquial passive ke- of "kepasang" needs no rule: the stemmer takes it as the prefix ke-.)
//
// The table only touches words the corpus lacks; the rules only words neither the corpus nor
// the Indonesian dictionary knows, and they pick the standard form whose stem the corpus knows,
// else one the dictionary knows (see Index.normalizeQuestion).

// colloquialID maps a chat spelling to its standard Indonesian form.
var colloquialID = map[string]string{
	// question and function words (also stop words; listed so translation sees the standard form)
	"gimana": "bagaimana", "gmn": "bagaimana", "gmana": "bagaimana", "ngapain": "mengapa",
	"knp": "kenapa", "napa": "kenapa", "brp": "berapa", "dmn": "di mana", "kpn": "kapan",
	"gak": "tidak", "nggak": "tidak", "ngga": "tidak", "ga": "tidak", "gk": "tidak", "tdk": "tidak",
	"enggak": "tidak", "ndak": "tidak", "kagak": "tidak",
	"aja": "saja", "doang": "saja", "udah": "sudah", "udh": "sudah", "dah": "sudah", "sdh": "sudah",
	"blm": "belum", "lg": "lagi", "jg": "juga", "bs": "bisa", "hrs": "harus",
	"yg": "yang", "dgn": "dengan", "utk": "untuk", "thd": "terhadap",
	"sm": "sama", "ama": "sama", "krn": "karena", "karna": "karena", "soalnya": "karena",
	"kalo": "kalau", "klo": "kalau", "kl": "kalau", "tp": "tapi", "trs": "terus", "dr": "dari",
	"pd": "pada", "dlm": "dalam", "sbg": "sebagai", "spt": "seperti", "kayak": "seperti",
	"kyk": "seperti", "gitu": "begitu", "gini": "begini", "emang": "memang",
	"emangnya": "memangnya", "bgt": "sangat", "banget": "sangat", "aj": "saja",
	"sy": "saya", "gue": "saya", "gw": "saya", "aku": "saya", "lu": "kamu", "lo": "kamu",
	"tau": "tahu", "tahu2": "tahu", "bisa2": "bisa",
	// content words
	"gede": "besar", "gedhe": "besar", "nemu": "menemukan", "bikin": "membuat", "bkn": "bukan",
	"pake": "pakai", "pakek": "pakai", "pencet": "tekan", "mencet": "menekan", "dipencet": "ditekan", "ngasih": "memberi", "dapet": "dapat", "dpt": "dapat", "liat": "lihat", "ngeliat": "melihat", "nyoba": "mencoba",
	"coba2": "coba", "benerin": "membetulkan", "bener": "benar", "beneran": "benar",
	"nyimpen": "menyimpan", "simpen": "simpan", "ilang": "hilang", "ngilang": "menghilang", "keliatan": "kelihatan", "liatin": "lihatkan",
	"kepake": "terpakai", "kebuka": "terbuka", "ketutup": "tertutup", "kehapus": "terhapus",
	"ngerti": "mengerti", "tdr": "tidur", "jln": "jalan", "jalanin": "jalankan", "pengen": "ingin",
	"pingin": "ingin", "mo": "mau", "mw": "mau", "skrg": "sekarang", "skr": "sekarang",
	"sekarang2": "sekarang", "trus": "terus", "td": "tadi", "kmrn": "kemarin", "bsk": "besok", "tgl": "tanggal", "thn": "tahun", "bln": "bulan", "jml": "jumlah",
	"msh": "masih", "sblm": "sebelum", "stlh": "setelah", "sesudahnya": "setelah", "cuman": "cuma",
	"apa2": "apa", "gampang": "mudah", "susah": "sulit", "duit": "uang", "kerjain": "kerjakan",
	"ganti2": "ganti", "nanya": "bertanya", "ngomong": "berbicara", "ngerjain": "mengerjakan", "masang": "memasang", "nginstal": "menginstal",
	"nginstall": "menginstal", "instal2": "instal",
}

// colloquialWord returns the standard forms a chat word may stand for, best first, or nil
// when the word is not colloquial. known reports whether the corpus or the dictionary knows a
// standard word; the rules (not the table) offer only forms it knows.
func colloquialWord(w string, known func(string) bool) []string {
	if s, ok := colloquialID[w]; ok {
		return []string{s}
	}
	// Reduplication with a 2: "usulan2" → "usulan-usulan", "abu2nya" → "abu-abunya".
	if i := strings.IndexByte(w, '2'); i > 1 && isLetters(w[:i]) && (i == len(w)-1 || isLetters(w[i+1:])) {
		base := w[:i]
		return []string{base + "-" + base + w[i+1:]}
	}
	if !isLetters(w) || len(w) < 4 {
		return nil
	}
	// A particle or possessive after -in ("matiinnya", "kirimin-lah") stays after the standard form.
	for _, end := range []string{"nya", "lah", "kah", "ku", "mu"} {
		if b, ok := strings.CutSuffix(w, end); ok && strings.HasSuffix(b, "in") && len(b) > 5 {
			var out []string
			for _, f := range colloquialWord(b, func(c string) bool { return known(c + end) }) {
				out = append(out, f+end)
			}
			return out
		}
	}
	var out []string
	add := func(c string) {
		if c != w && known(c) {
			for _, o := range out {
				if o == c {
					return
				}
			}
			out = append(out, c)
		}
	}
	bases := []string{w}
	if strings.HasSuffix(w, "in") && len(w) > 5 {
		stem := w[:len(w)-2]
		// "nyelesaiin": the -in follows a vowel-final base ("selesai" + in).
		bases = append(bases, stem+"kan", stem+"i")
		if strings.HasSuffix(stem, "i") {
			bases = append(bases, stem[:len(stem)-1]+"kan")
		}
	}
	for i, b := range bases {
		if i > 0 {
			add(b)
		}
		for _, c := range nasalForms(b) {
			add(c)
		}
	}
	return out
}

// nasalForms gives the standard me(N)- forms of a word written with a bare nasal prefix:
// "nyari" → "menyari", "mencari"; "ngirim" → "mengirim"; "ngecek" → "mengecek", "cek"; "nulis" →
// "menulis".
func nasalForms(w string) []string {
	switch {
	case strings.HasPrefix(w, "nge") && len(w) > 5 && !isVowelByte(w[3]):
		return []string{"me" + w[3:], w[3:], "menge" + w[3:]}
	case strings.HasPrefix(w, "ng") && len(w) > 4 && isVowelByte(w[2]):
		return []string{"meng" + w[2:], "mengh" + w[2:]}
	case strings.HasPrefix(w, "ny") && len(w) > 4 && isVowelByte(w[2]):
		return []string{"meny" + w[2:], "menc" + w[2:]}
	case strings.HasPrefix(w, "n") && len(w) > 3 && isVowelByte(w[1]):
		return []string{"me" + w}
	case strings.HasPrefix(w, "m") && len(w) > 3 && isVowelByte(w[1]) && !strings.HasPrefix(w, "me"):
		return []string{"me" + w}
	}
	return nil
}

func isVowelByte(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

func isLetters(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// normalizeQuestion rewrites the chat spellings of an Indonesian question into standard words
// (see colloquialWord), leaving every word the corpus knows, every number and every name
// (a capitalised word after the first) as it is.
func (ix *Index) normalizeQuestion(text string, lang Lang) string {
	if ix.opts.NoColloquial {
		return text
	}
	if lang == LangEN {
		return ix.normalizeEnglish(text)
	}
	if lang != LangID {
		return text
	}
	var b strings.Builder
	last := 0
	for i, t := range Tokenize(text) {
		w := t.Norm
		if isNumber(w) || (i > 0 && isCapitalized(t.Text)) || ix.inCorpus(w, LangID) {
			continue
		}
		var forms []string
		if s, ok := colloquialID[w]; ok {
			forms = []string{s}
		} else if !IsStopword(LangID, w) && !ix.knowsWord(w, LangID) {
			// Forms the corpus has first, then forms the dictionary has.
			forms = colloquialWord(w, func(c string) bool { return ix.inCorpus(c, LangID) })
			if len(forms) == 0 {
				forms = colloquialWord(w, func(c string) bool { return ix.knowsWord(c, LangID) })
			}
		}
		if len(forms) == 0 {
			continue
		}
		b.WriteString(text[last:t.Start])
		b.WriteString(forms[0])
		last = t.End
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// clippingsEN maps informal English clippings and chat spellings to the full words documents
// use (general knowledge of informal English; ambiguous ones such as "min", "mil", "sec" left
// out).
var clippingsEN = map[string]string{
	"ammo": "ammunition", "info": "information", "govt": "government", "gov": "government",
	"intl": "international", "approx": "approximately", "config": "configuration",
	"configs": "configurations", "admin": "administrator", "admins": "administrators",
	"app": "application", "apps": "applications", "docs": "documentation", "pic": "picture",
	"pics": "pictures", "pkg": "package", "pkgs": "packages", "repo": "repository",
	"repos": "repositories", "dir": "directory", "dirs": "directories", "env": "environment",
	"prefs": "preferences", "stats": "statistics", "tech": "technology", "ppl": "people",
	"cuz": "because", "coz": "because", "bc": "because", "yr": "year", "yrs": "years",
	"mins": "minutes", "hrs": "hours", "msg": "message", "msgs": "messages", "pwd": "password",
	"passwd": "password", "thru": "through", "tho": "though", "nuke": "nuclear weapon",
	"nukes": "nuclear weapons", "prez": "president", "dept": "department",
}

// normalizeEnglish rewrites the clippings of an English question (clippingsEN) that the corpus
// lacks: "How much ammo…" asks about ammunition.
func (ix *Index) normalizeEnglish(text string) string {
	var b strings.Builder
	last := 0
	for i, t := range Tokenize(text) {
		full, ok := clippingsEN[t.Norm]
		if !ok || (i > 0 && isCapitalized(t.Text)) || ix.inCorpus(t.Norm, LangEN) {
			continue
		}
		b.WriteString(text[last:t.Start])
		b.WriteString(full)
		last = t.End
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// inCorpus reports whether a word has stems and every one occurs in the corpus.
func (ix *Index) inCorpus(w string, lang Lang) bool {
	stems := Stems(w, lang)
	if len(stems) == 0 {
		return false
	}
	for _, s := range stems {
		if ix.bm25.docFreq(s) == 0 {
			return false
		}
	}
	return true
}

// knowsWord reports whether the corpus has a word (see inCorpus) or its stem is a root of the
// Indonesian dictionary: a standard form an English corpus lacks can still be translated.
func (ix *Index) knowsWord(w string, lang Lang) bool {
	if ix.inCorpus(w, lang) {
		return true
	}
	if stems := Stems(w, lang); lang == LangID && len(stems) == 1 {
		return currentMorphology().isRoot(stems[0])
	}
	return false
}
