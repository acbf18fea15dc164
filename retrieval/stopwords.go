package retrieval

import "strings"

// Stop words are the function words left out of indexes and out of a question's key terms.
// A question's key terms decide whether the documents answer it, so the lists include the
// question words themselves (apa, siapa, berapa…; what, who, how…), modal and aspect words,
// and negations, and leave out every content-bearing word, even a frequent one ("tahun",
// "negara", "nuklir", "orang", "hari"; "year", "country", "may" as in "May 1994").

// idStopwords are Indonesian function words: pronouns, demonstratives, prepositions,
// conjunctions, question words (with "cara", "caranya": "how to"), aspect and modal words,
// negations, particles, and the informal spellings and abbreviations common in chat (see
// colloquial.go).
var idStopwords = stopSet(`
aku saya daku kamu engkau kau anda dikau dia ia beliau kami kita kalian mereka
diri dirinya sendiri sendirinya

ini itu inilah itulah sini situ sana begini begitu beginilah begitulah demikian
demikianlah sedemikian tersebut berikut tadi

yang

di ke dari pada kepada daripada untuk bagi oleh dengan tanpa tentang mengenai perihal
terhadap akan antara dalam atas menurut sekitar melalui lewat menuju per sebagai demi
bersama beserta sejak semenjak hingga sampai selama via

dan atau ataupun maupun serta tetapi tapi namun melainkan sedangkan padahal sehingga
agar supaya karena karenanya sebab jika jikalau kalau apabila bila bilamana manakala
maka lalu kemudian bahwa bahwasanya walaupun meskipun meski walau kendati biarpun
sekalipun seandainya andaikan andaikata sambil seraya selagi sementara setelah sesudah
sebelum sebelumnya ketika tatkala seperti sebagaimana seolah seolah-olah seakan
seakan-akan bagai bagaikan laksana yaitu yakni ialah adalah merupakan jadi selain
kecuali termasuk misalnya entah selanjutnya

apa apakah apa-apa siapa siapakah mengapa mengapakah kenapa bagaimana bagaimanakah
berapa berapakah seberapa kapan kapankah mana manakah dimana dimanakah di_mana kemana
ke_mana darimana dari_mana bukankah adakah

ada adanya tiada

sudah telah sedang masih belum pernah sempat lagi juga pula pun saja sajalah hanya
hanyalah cuma sangat amat sekali terlalu paling lebih agak cukup makin semakin kian
bahkan malah malahan memang tentu tentunya mungkin barangkali kiranya justru hampir
kira-kira kini sekarang dulu dahulu nanti sering kadang kadang-kadang selalu

dapat bisa boleh harus mesti perlu ingin mau hendak

tidak tak bukan bukanlah tidaklah tidakkah jangan nggak gak enggak ndak

semua semuanya segala segenap seluruh seluruhnya setiap tiap masing-masing beberapa
banyak sebagian para sang si sesuatu suatu sebuah seorang seseorang lain lainnya
lain-lain

lah kah tah dong kok sih deh nah ya yah toh kan

yg dgn utk tdk krn sbg dll dsb dst dkk
gimana gmn gmana ngapain knp napa brp kpn ngga ga gk kagak aja aj doang udah udh dah sdh
blm lg jg bs hrs thd sm ama karna kalo klo kl tp trs dr pd dlm spt kayak kyk gitu gini emang
emangnya bgt banget sy gue gw lu lo tuh nih cara caranya
`)

// enStopwords is the Snowball project's English stop word list (snowballstem.org,
// algorithms/english/stop.txt), with its contractions also written without the apostrophe as
// the analyser sees them, plus question auxiliaries (can, will, shall, might, must), the
// quantity words of "how many/much" (SMART's list has them) and a few connectives. "us" (US)
// and "may" (the month) stay out, as Snowball advises.
var enStopwords = stopSet(`
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves what which who whom
this that these those am is are was were be been being have has had having do does did
doing would should could ought

i'm you're he's she's it's we're they're i've you've we've they've i'd you'd he'd she'd
we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't
haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't
mustn't let's that's who's what's here's there's when's where's why's how's

a an the and but if or because as until while of at by for with about against between
into through during before after above below to from up down in out on off over under
again further then once here there when where why how all any both each few more most
other some such no nor not only own same so than too very

im youre theyre ive youve weve theyve youd theyd youll theyll isnt arent wasnt werent
hasnt havent hadnt doesnt dont didnt wont wouldnt shant shouldnt cant couldnt mustnt
thats whos whats heres theres whens wheres whys hows

can will shall might must whose whether also many much
`)

// stopSet turns a whitespace-separated word list into a set; "_" stands for a space inside a
// multi-word entry such as "di mana".
func stopSet(words string) map[string]struct{} {
	set := make(map[string]struct{})
	for _, w := range strings.Fields(words) {
		set[strings.ReplaceAll(w, "_", " ")] = struct{}{}
	}
	return set
}

// IsStopword reports whether the lower-case word is a stop word of lang. Apostrophes may be
// straight or curly ("don't", "don’t"). A Lang other than LangID and LangEN uses both lists.
func IsStopword(lang Lang, word string) bool {
	switch lang {
	case LangID:
		return inStopSet(idStopwords, word)
	case LangEN:
		return inStopSet(enStopwords, word)
	default:
		return IsStopwordAny(word)
	}
}

// IsStopwordAny reports whether the lower-case word is a stop word in Indonesian or English,
// for text whose language is unknown or mixed. Beware that English "as" is also Indonesian
// "AS" (Amerika Serikat): prefer IsStopword when the language is known.
func IsStopwordAny(word string) bool {
	return inStopSet(idStopwords, word) || inStopSet(enStopwords, word)
}

func inStopSet(set map[string]struct{}, word string) bool {
	if _, ok := set[word]; ok {
		return true
	}
	if strings.Contains(word, "’") {
		_, ok := set[strings.ReplaceAll(word, "’", "'")]
		return ok
	}
	return false
}
