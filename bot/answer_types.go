package bot

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/kutip/kutip/retrieval"
)

// Answer types in sentences: whether a sentence holds the kind of answer a question expects
// (a number, an amount of money, a date, a person, a place), and a count beside what it counts.

var monthsAndDays = setOf(
	"pebruari", "nopember", // older Indonesian spellings
	"januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober", "november", "desember",
	"january", "february", "march", "june", "july", "august", "october", "december",
	"senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"abad", "century", "dekade", "decade",
)

var weekdays = setOf("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

var currencies = setOf("dolar", "dollar", "dollars", "usd", "rupiah", "rp", "euro", "euros", "yuan", "won", "rubel", "ruble", "rubles", "yen", "pound", "pounds")

// isMonthTypo accepts a month name missing its last letter ("Oktobe"), a common typo in
// web text that quoting verbatim keeps.
func isMonthTypo(s string) bool {
	if len(s) < 5 {
		return false
	}
	for m := range monthsAndDays {
		if !weekdays[m] && len(m) == len(s)+1 && strings.HasPrefix(m, s) {
			return true
		}
	}
	return false
}

func isDayNumber(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && n <= 31
}

var numberWords = setOf("satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "puluh", "puluhan", "ratus", "ratusan", "ribu", "ribuan", "juta", "jutaan", "miliar", "triliun",
	"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "dozens")

// hasAnswerType reports whether a sentence holds an answer of the expected kind that the
// question itself does not already give.
func hasAnswerType(want, sentence string, stems map[string]bool, q *Question) bool {
	qwords := make(map[string]bool)
	for _, t := range retrieval.Tokenize(q.Text) {
		qwords[t.Norm] = true
	}
	owner := ""
	if want == typeVersion {
		owner = attributeOwner(q.Text, typeVersion)
	}
	toks := retrieval.Tokenize(sentence)
	for i, t := range toks {
		if qwords[t.Norm] {
			continue
		}
		switch want {
		case typeNumber:
			if (isNumberToken(t.Norm) || numberWords[t.Norm]) && !itemNumber(sentence, toks, i) {
				return true
			}
		case typeMoney:
			if currencies[t.Norm] || strings.HasPrefix(t.Text, "$") || strings.HasPrefix(t.Norm, "rp") && hasDigit(t.Norm) {
				return true
			}
		case typeDate:
			if isYearOrDate(t.Norm) || monthsAndDays[t.Norm] {
				return true
			}
		case typeYear:
			if isYearOrDate(t.Norm) {
				return true
			}
		case typeMonth:
			if (monthsAndDays[t.Norm] && !weekdays[t.Norm]) || strings.Count(t.Norm, "/") == 2 || isMonthTypo(t.Norm) {
				return true
			}
		case typeDay:
			// A full date, a weekday, or a day number beside a month name.
			if strings.Count(t.Norm, "/") == 2 || weekdays[t.Norm] {
				return true
			}
			if monthsAndDays[t.Norm] && ((i > 0 && isDayNumber(toks[i-1].Norm)) || (i+1 < len(toks) && isDayNumber(toks[i+1].Norm))) {
				return true
			}
		case typeKey:
			if _, ok := keyToken(t.Text); ok && keyPressed(sentence, toks, i) {
				return true
			}
		case typeVersion:
			// "2.100", "v1.2", "8": a number with a dot, or a number right after "version",
			// beside what the question asks the version of ("systemd 252", not "Debian
			// Reference (version 2.100)" for "which systemd version").
			if hasDigit(t.Norm) && !isYearOrDate(t.Norm) && (strings.Contains(t.Norm, ".") || i > 0 && (toks[i-1].Norm == "version" || toks[i-1].Norm == "versi")) &&
				(owner == "" || nearOwner(toks, i, q, owner)) {
				return true
			}
		case typeName:
			// A capitalised word the question does not give, within four words of one of its
			// content words: "organisasi internasional bernama KEDO".
			if i > 0 && startsUpper(t.Text) && !retrieval.IsStopwordAny(t.Norm) && !q.Query.MatchesWord(t.Norm) && nearContent(toks, i, q) {
				return true
			}
		case typeWho:
			// A capitalised word the question does not give, not a month ("Oktobe 1994").
			if i > 0 && startsUpper(t.Text) && !retrieval.IsStopwordAny(t.Norm) && !q.Query.MatchesWord(t.Norm) && !monthsAndDays[t.Norm] && !isMonthTypo(t.Norm) {
				return true
			}
		case typeWhere:
			// A place: a new capitalised word shortly after a locative preposition
			// ("di kota pelabuhan Vladivostok", "in Hanoi", "on the Status Bar"), not a day or
			// a month ("on Monday").
			if startsUpper(t.Text) && !q.Query.MatchesWord(t.Norm) && afterLocative(toks, i) && !monthsAndDays[t.Norm] && !isMonthTypo(t.Norm) {
				return true
			}
		}
	}
	// In documentation, where a thing is set or kept is a menu path ("Format - Karakter",
	// "Tools → Options") or a file path ("~/.config/kicad").
	if want == typeWhere {
		// (A menu path says where to do something: "Where do I set…", not "Where are … kept".)
		if a, b, ok := menuPath(sentence, toks, 0); ok && newWords(toks[a:b+1], qwords) && asksProcedure(q.Text) {
			return true
		}
		if filePath(sentence) != "" {
			return true
		}
	}
	return false
}

// newWords reports whether some of the tokens are not words of the question.
func newWords(toks []retrieval.Token, qwords map[string]bool) bool {
	for _, t := range toks {
		if !qwords[t.Norm] && !retrieval.IsStopwordAny(t.Norm) {
			return true
		}
	}
	return false
}

// isNumberToken reports whether a token is a number (not a year): it starts with a digit
// ("32", "0.2mm", "1.000,1"); a code with digits in it ("RS-274X", "IPv6") is none.
func isNumberToken(s string) bool {
	for _, r := range s {
		return unicode.IsDigit(r) && !isYearOrDate(s)
	}
	return false
}

// Separators of the items of a menu path: "Format - Karakter", "Tools > Options",
// "Preferences → Hotkeys".
var menuSeps = setOf("-", ">", "→", "›", "»", "->", "=>", "⇒")

// Words that may join the words of a menu item ("Ekspresi DAN Rentang Bernama", "Update PCB
// FROM Schematic").
var menuJoiners = setOf("dan", "and", "of", "from", "to", "for", "untuk", "di", "the", "&", "as", "sebagai", "with", "dengan")

// Verbs that open a menu path: the path is what follows them ("PILIH Format - Karakter").
var menuVerbs = setOf("pilih", "pilihlah", "memilih", "klik", "buka", "choose", "select", "click", "open", "go", "navigate")

// menuPath finds the first menu path from token from on: two or more items of capitalised
// words joined by a menu separator. It returns its first and last tokens.
func menuPath(text string, toks []retrieval.Token, from int) (a, b int, ok bool) {
	sep := func(j int) string { // "…" ends an item that opens a dialog: "Preferences… → Hotkeys"
		return strings.TrimSpace(strings.TrimLeft(text[toks[j].End:toks[j+1].Start], "…."))
	}
	item := func(j int) int { // the last token of the item starting at j
		for j+1 < len(toks) && sep(j) == "" {
			n := toks[j+1]
			switch {
			case startsUpper(n.Text) || hasDigit(n.Norm):
			case menuJoiners[n.Norm] && j+2 < len(toks) && strings.TrimSpace(text[n.End:toks[j+2].Start]) == "" && startsUpper(toks[j+2].Text):
				j++
			default:
				return j
			}
			j++
		}
		return j
	}
	for i := from; i < len(toks); i++ {
		if !startsUpper(toks[i].Text) {
			continue
		}
		end, items := item(i), 1
		for end+1 < len(toks) && menuSeps[sep(end)] && (startsUpper(toks[end+1].Text) || hasDigit(toks[end+1].Norm)) {
			end = item(end + 1)
			items++
		}
		if items >= 2 {
			start := i
			if menuVerbs[toks[start].Norm] && start < end && sep(start) == "" {
				start++
			}
			return start, end, true
		}
		i = end
	}
	return 0, 0, false
}

// filePath returns the first file path of a text ("/etc/nsswitch.conf", "~/.ssh/known_hosts",
// "%APPDATA%\kicad"), or "".
func filePath(text string) string {
	for _, f := range strings.Fields(text) {
		f = strings.Trim(f, "\"“”'‘’()[]<>,;:")
		f = strings.TrimRight(f, ".")
		if len(f) < 3 {
			continue
		}
		switch {
		case strings.HasPrefix(f, "~/"), strings.HasPrefix(f, "$HOME/"),
			strings.HasPrefix(f, "/") && strings.Count(f, "/") >= 2 && strings.IndexFunc(f, unicode.IsLetter) == 1,
			strings.HasPrefix(f, "%") && strings.Contains(f, "%\\"):
			return f
		}
	}
	return ""
}

var locatives = setOf("di", "ke", "dari", "in", "at", "to", "from", "near", "dekat", "on", "under", "inside", "within", "via", "lewat", "melalui", "into", "onto")

// afterLocative reports whether a locative preposition stands at most three words before toks[i].
func afterLocative(toks []retrieval.Token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if locatives[toks[j].Norm] {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func isYearOrDate(s string) bool {
	if strings.Count(s, "/") == 2 {
		return true
	}
	if len(s) == 4 && (strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) {
		return hasDigit(s) && strings.Trim(s, "0123456789") == ""
	}
	return false
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// numberNear reports whether a sentence has a number within three words of a word of the
// asked terms.
func numberNear(sentence string, asked []int, terms []weightedTerm, lang retrieval.Lang) bool {
	stems := make(map[string]bool)
	for _, i := range asked {
		for _, alt := range terms[i].term.Alts {
			for _, s := range alt {
				stems[s] = true
			}
		}
	}
	toks := retrieval.Tokenize(sentence)
	// A percentage asked for is a number written with "%" ("What PERCENTAGE…" — "30% of
	// codewords").
	for _, i := range asked {
		if percentNouns[terms[i].term.Source] && percentIn(sentence, toks) {
			return true
		}
	}
	var hits, nums []int
	for i, t := range toks {
		if (isNumberToken(t.Norm) || numberWords[t.Norm]) && !itemNumber(sentence, toks, i) {
			nums = append(nums, i)
		}
		for _, s := range retrieval.Stems(t.Text, lang) {
			if stems[s] {
				hits = append(hits, i)
				break
			}
		}
	}
	for _, h := range hits {
		for _, n := range nums {
			if d := h - n; d >= -3 && d <= 3 {
				return true
			}
		}
	}
	return false
}

var percentNouns = setOf("percent", "percentage", "persen", "persentase", "prosentase")

// percentIn reports whether a sentence has a number followed by "%".
func percentIn(sentence string, toks []retrieval.Token) bool {
	for _, t := range toks {
		if isNumberToken(t.Norm) && strings.HasPrefix(sentence[t.End:], "%") {
			return true
		}
	}
	return false
}

// itemNumber reports whether token i is the number of a list item ("5. Drag the graphic"), not
// a number the sentence states.
func itemNumber(sentence string, toks []retrieval.Token, i int) bool {
	if i != 0 || strings.TrimSpace(sentence[:toks[0].Start]) != "" {
		return false
	}
	rest := sentence[toks[0].End:]
	return strings.HasPrefix(rest, ". ") || strings.HasPrefix(rest, ") ")
}

// nearContent reports whether the thing a "name" question names ("nama KAPAL SELAM", "the name
// of the ORGANIZATION"; attributeOwner), or else one of the question's own content words, stands
// within four tokens of toks[i].
func nearContent(toks []retrieval.Token, i int, q *Question) bool {
	head := attributeOwner(q.Text, typeName)
	for j := max(0, i-4); j < len(toks) && j <= i+4; j++ {
		if j == i {
			continue
		}
		for _, t := range q.Query.Terms {
			if t.Kind != "word" || t.Context || isLight(t.Source) {
				continue
			}
			if head != "" && !strings.Contains(" "+t.Source+" ", " "+head+" ") {
				continue
			}
			if t.Matches(map[string]bool{retrieval.Stem(q.Index.Lang(), toks[j].Norm): true}) {
				return true
			}
		}
	}
	return false
}

// Modifier keys: alone they are keys of a shortcut ("hold Shift").
var modifierKeys = setOf("ctrl", "control", "alt", "shift", "cmd", "command", "option", "super", "meta", "fn")

// Words that say a key is pressed: "press Esc", "tekan tombol Enter", "the Tab key".
var pressWords = setOf("press", "pressing", "hit", "hold", "type", "tekan", "menekan", "tekanlah", "key", "keys", "tombol")

// keyPressed reports whether a key name at toks[i] is a key pressed, not a menu or a word that
// shares its name ("Insert - OLE Object", "Home page"): a modifier or function key, a key
// joined to another by "+" or "-" ("Ctrl+Enter", "Ctrl-R"), or one beside a word saying it is
// pressed.
func keyPressed(text string, toks []retrieval.Token, i int) bool {
	off, _ := keyToken(toks[i].Text)
	low := strings.ToLower(toks[i].Text[off:])
	if modifierKeys[low] || low != "" && low[0] == 'f' && len(low) <= 3 || keyCombo(low) {
		return true
	}
	combined := func(j int) bool { // toks[j] and toks[j+1] form a combination
		if j < 0 || j+1 >= len(toks) {
			return false
		}
		sep := strings.TrimSpace(text[toks[j].End:toks[j+1].Start])
		return (sep == "+" || sep == "-") && keyName(toks[j].Text) && keyName(toks[j+1].Text)
	}
	if combined(i-1) || combined(i) {
		return true
	}
	return i > 0 && pressWords[toks[i-1].Norm] || i+1 < len(toks) && pressWords[toks[i+1].Norm]
}

// Keys that make a keyboard shortcut.
var keyNames = setOf("ctrl", "control", "alt", "shift", "cmd", "command", "option", "esc", "escape", "enter",
	"tab", "insert", "ins", "delete", "del", "backspace", "home", "end", "pageup", "pagedown", "space", "spasi", "sysrq", "super", "meta", "fn")

// keyName reports whether a token names a key: a modifier or special key, F1–F24, or a
// combination written as one word ("Ctrl-R", "CommandCtrl").
func keyName(tok string) bool {
	_, ok := keyToken(tok)
	return ok
}

// keyToken reports whether a token names a key, and where in it the key's name starts: after a
// word glued to it, as in "CommandCtrl" or "PerintahCtrl" (the Mac and PC keys of one shortcut,
// run together in converted manuals), the name is the last capitalised part.
func keyToken(tok string) (int, bool) {
	low := strings.ToLower(tok)
	if keyNames[low] && startsUpper(tok) {
		return 0, true
	}
	if len(low) >= 2 && len(low) <= 3 && low[0] == 'f' && strings.Trim(low[1:], "0123456789") == "" {
		return 0, true
	}
	if keyCombo(low) && startsUpper(tok) {
		return 0, true
	}
	for k := len(tok) - 1; k > 0; k-- {
		if tok[k] >= 'A' && tok[k] <= 'Z' {
			if modifierKeys[strings.ToLower(tok[k:])] && tok[k-1] >= 'a' && tok[k-1] <= 'z' {
				return k, true
			}
			break
		}
	}
	return 0, false
}

// keyCombo reports whether a lower-cased word is a key combination written with hyphens or
// pluses, a modifier first: "ctrl-r", "ctrl-alt-del", "ctrl+shift+x".
func keyCombo(low string) bool {
	parts := strings.FieldsFunc(low, func(r rune) bool { return r == '-' || r == '+' })
	if len(parts) < 2 || !modifierKeys[parts[0]] {
		return false
	}
	last := parts[len(parts)-1]
	return len(last) <= 3 || keyNames[last]
}

// typedAnswer reports whether a sentence gives the kind of answer the question wants where it
// belongs: a count beside what it counts ("berapa TON" wants "500.000 ton"), a shortcut or a
// version beside one of the question's words, a shortcut as a combination or a key pressed
// (not a modifier held while clicking). Any sentence does when the question wants no type.
func (ev *evidence) typedAnswer(q *Question, text string, stems map[string]bool) bool {
	if ev.want == "" {
		return true
	}
	if !hasAnswerType(ev.want, text, stems, q) {
		return false
	}
	switch ev.want {
	case typeNumber, typeMoney:
		asked := askedTerms(q.Text, ev.terms)
		return len(asked) == 0 || numberNear(text, asked, ev.terms, ev.index.Lang())
	case typeKey:
		return stemsHoldFocus(ev.terms, stems) && hasShortcut(text)
	case typeVersion:
		return stemsHoldFocus(ev.terms, stems)
	}
	return true
}

// hasShortcut reports whether a text gives a shortcut: a combination of keys, a function key, or
// another key pressed, not only a modifier ("hold down Ctrl and double-click").
func hasShortcut(text string) bool {
	toks := retrieval.Tokenize(text)
	for i, t := range toks {
		off, ok := keyToken(t.Text)
		if !ok || !keyPressed(text, toks, i) {
			continue
		}
		low := strings.ToLower(t.Text[off:])
		if !modifierKeys[low] || i+1 < len(toks) && keyJoinedAny(text, toks, i) {
			return true
		}
	}
	return false
}

// keyJoinedAny reports whether token i is joined to the next by "+" or "-".
func keyJoinedAny(text string, toks []retrieval.Token, i int) bool {
	sep := strings.TrimSpace(text[toks[i].End:toks[i+1].Start])
	return sep == "+" || sep == "-"
}

// hasMenuPath reports whether a text holds a menu path with words the question does not give.
func hasMenuPath(text string, q *Question) bool {
	qwords := make(map[string]bool)
	for _, t := range retrieval.Tokenize(q.Text) {
		qwords[t.Norm] = true
	}
	toks := retrieval.Tokenize(text)
	a, b, ok := menuPath(text, toks, 0)
	return ok && newWords(toks[a:b+1], qwords)
}
