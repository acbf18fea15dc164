package bot

import (
	"strings"
	"sync"

	"github.com/kutip/kutip/retrieval"
)

// The answerer's own word knowledge: everyday verbs and nouns of questions that the general
// dictionary does not link to the Indonesian words documents use ("allow" ↔ mengizinkan,
// "need" ↔ membutuhkan, "urged" ↔ didorong), and Indonesian words a question and a document use
// for the same thing (butuh ↔ perlu). They only widen how the evidence matches the quoted
// sentences; retrieval and its ranking do not see them. Written for Kutip from general knowledge
// of both languages, not from any question set.

// answerWordsEN maps an English word (its base form; "take part" a phrase) to Indonesian words
// that say it.
var answerWordsEN = map[string][]string{
	// having, needing, allowing
	"need": {"butuh", "membutuhkan", "perlu", "memerlukan", "kebutuhan"}, "require": {"butuh", "membutuhkan", "perlu", "memerlukan", "syarat"},
	"allow": {"izin", "mengizinkan", "membolehkan", "memperbolehkan", "memungkinkan"}, "permit": {"izin", "mengizinkan"},
	"let": {"izin", "mengizinkan", "membiarkan"}, "own": {"memiliki", "milik"}, "possess": {"memiliki"},
	"lack": {"kurang", "kekurangan", "tanpa"}, "shortage": {"kekurangan"}, "shortfall": {"kekurangan"},
	// saying
	"admit": {"mengakui", "pengakuan"}, "acknowledge": {"mengakui"}, "deny": {"membantah", "menyangkal", "bantahan"},
	"claim": {"mengklaim", "menyatakan", "klaim"}, "state": {"menyatakan", "pernyataan"}, "announce": {"mengumumkan", "pengumuman"},
	"spell out": {"menjelaskan", "merinci"}, "specify": {"menjelaskan", "merinci", "menyebutkan"}, "clarify": {"menjelaskan"},
	"warn": {"memperingatkan", "peringatan"}, "promise": {"berjanji", "janji", "menjanjikan"}, "pledge": {"berjanji", "janji"},
	"cite": {"mengutip", "merujuk", "rujukan", "dilansir"}, "quote": {"mengutip", "kutipan"}, "credit": {"sumber"},
	"source": {"sumber", "dilansir"}, "reference": {"rujukan", "referensi", "sumber"}, "interview": {"wawancara", "diwawancarai"},
	"ask": {"meminta", "bertanya", "permintaan"}, "demand": {"menuntut", "tuntutan", "meminta"}, "call for": {"menyerukan", "meminta"},
	"accuse": {"menuduh", "tuduhan"}, "blame": {"menyalahkan"}, "criticize": {"mengkritik", "kritik"}, "criticise": {"mengkritik", "kritik"},
	"respond": {"menanggapi", "tanggapan", "merespons"}, "react": {"bereaksi", "reaksi", "menanggapi"}, "reply": {"menjawab", "membalas"},
	"label": {"menjuluki", "julukan", "menyebut"}, "dub": {"menjuluki", "julukan"}, "brand": {"menjuluki", "menyebut"},
	// urging, helping, opposing
	"urge": {"mendorong", "mendesak", "didorong", "desakan"}, "encourage": {"mendorong", "menganjurkan", "didorong"},
	"push": {"mendorong", "mendesak"}, "press": {"mendesak", "menekan", "tekanan"}, "persuade": {"membujuk", "meyakinkan"},
	"support": {"mendukung", "dukungan"}, "back": {"mendukung", "dukungan"}, "help": {"membantu", "bantuan"}, "assist": {"membantu", "bantuan"},
	"aid": {"bantuan", "membantu"}, "oppose": {"menentang", "menolak"}, "refuse": {"menolak", "penolakan"}, "reject": {"menolak", "penolakan"},
	"protect": {"melindungi", "perlindungan"}, "guarantee": {"jaminan", "menjamin"}, "assurance": {"jaminan"}, "ensure": {"memastikan", "menjamin"},
	"mediate": {"mediator", "menengahi"}, "mediator": {"penengah", "perantara"},
	// getting, giving, trading
	"gain": {"memperoleh", "mendapat", "mendapatkan", "keuntungan", "manfaat"}, "benefit": {"manfaat", "keuntungan", "menguntungkan"},
	"obtain": {"memperoleh", "mendapatkan"}, "receive": {"menerima", "mendapat", "mendapatkan"}, "acquire": {"memperoleh", "mendapatkan"},
	"provide": {"menyediakan", "memberikan", "memasok", "penyediaan"}, "supply": {"memasok", "pasokan", "menyediakan"},
	"offer": {"menawarkan", "tawaran"}, "sell": {"menjual", "penjualan"}, "buy": {"membeli", "pembelian"}, "pay": {"membayar", "pembayaran"},
	"trade": {"perdagangan", "dagang"}, "exchange": {"imbalan", "pertukaran", "menukar"}, "compensation": {"kompensasi", "imbalan"},
	"assign": {"menugaskan", "memberikan", "peran"}, "impose": {"menjatuhkan", "memberlakukan", "mengenakan"},
	"penalise": {"sanksi", "menghukum", "menjatuhkan"}, "penalize": {"sanksi", "menghukum", "menjatuhkan"}, "punish": {"menghukum", "hukuman", "sanksi"},
	// going, meeting
	"travel": {"perjalanan", "bepergian", "berangkat"}, "arrive": {"tiba", "datang", "kedatangan"}, "visit": {"kunjungan", "mengunjungi", "berkunjung"},
	"meet": {"bertemu", "pertemuan", "menemui"}, "return": {"kembali", "mengembalikan"}, "go back": {"kembali"},
	"leave": {"meninggalkan", "keluar"}, "withdraw": {"mengundurkan", "menarik", "keluar"}, "quit": {"keluar", "mengundurkan"},
	"join": {"bergabung", "ikut"}, "take part": {"ikut", "berpartisipasi", "terlibat", "peserta"}, "participate": {"ikut", "berpartisipasi", "terlibat", "peserta"},
	"participant": {"peserta", "pihak"}, "involve": {"melibatkan", "terlibat"}, "attend": {"menghadiri", "hadir"},
	// making, starting, ending
	"create": {"membuat", "menciptakan", "membentuk", "pembentukan", "mewujudkan"}, "build": {"membangun", "pembangunan", "mendirikan"},
	"establish": {"mendirikan", "membentuk", "pembentukan"}, "set up": {"mendirikan", "membentuk", "pembentukan"},
	"develop": {"mengembangkan", "pengembangan"}, "launch": {"meluncurkan", "peluncuran"}, "produce": {"memproduksi", "menghasilkan", "produksi"},
	"start": {"memulai", "dimulai", "mulai"}, "begin": {"memulai", "dimulai", "mulai"}, "resume": {"melanjutkan", "membuka kembali"},
	"stop": {"menghentikan", "berhenti", "menyetop"}, "halt": {"menghentikan", "berhenti", "gencatan"}, "end": {"mengakhiri", "berakhir"},
	"cut off": {"menghentikan", "memutus", "menyetop"}, "suspend": {"menangguhkan", "menghentikan"}, "abandon": {"meninggalkan", "membongkar", "melepaskan"},
	"give up": {"meninggalkan", "melepaskan", "membongkar"}, "dismantle": {"membongkar"}, "continue": {"melanjutkan", "terus"},
	"release": {"merilis", "dirilis", "melepaskan", "menerbitkan"}, "publish": {"menerbitkan", "diterbitkan", "dimuat"},
	"run": {"memuat", "dimuat", "menjalankan"}, "print": {"mencetak", "dimuat"}, "write": {"menulis", "tulisan"},
	"plan": {"rencana", "merencanakan", "berencana"}, "intend": {"berniat", "bermaksud"}, "aim": {"bertujuan", "tujuan"},
	"hope": {"berharap", "harapan"}, "fear": {"takut", "khawatir", "kekhawatiran"}, "believe": {"percaya", "meyakini", "yakin"},
	// conflict and politics
	"threaten": {"mengancam", "ancaman"}, "attack": {"serangan", "menyerang"}, "invade": {"menyerbu", "invasi"},
	"kill": {"membunuh", "tewas", "terbunuh"}, "die": {"tewas", "meninggal", "gugur"}, "fight": {"bertempur", "pertempuran", "berperang"},
	"win": {"menang", "memenangkan", "kemenangan", "terpilih"}, "lose": {"kalah", "kehilangan"}, "elect": {"terpilih", "memilih", "pemilihan"},
	"re-elect": {"terpilih kembali"}, "lead": {"memimpin", "pemimpin"}, "control": {"mengendalikan", "mengontrol", "menguasai", "kendali"},
	"in charge": {"mengendalikan", "memimpin", "bertanggung jawab"}, "run by": {"dikendalikan", "dipimpin"},
	"violate": {"melanggar", "pelanggaran"}, "breach": {"melanggar", "pelanggaran"}, "comply": {"mematuhi", "patuh"},
	"deploy": {"mengerahkan", "menempatkan", "ditempatkan"}, "station": {"ditempatkan", "menempatkan"},
	"reduce": {"mengurangi", "pengurangan", "menurunkan"}, "scale back": {"mengurangi", "pengurangan"}, "increase": {"meningkatkan", "peningkatan", "menambah"},
	"ease": {"meredakan", "mengurangi"}, "strengthen": {"memperkuat", "penguatan"}, "tighten": {"memperketat"}, "expand": {"memperluas", "perluasan"},
	"improve": {"memperbaiki", "meningkatkan", "perbaikan"}, "solve": {"menyelesaikan", "solusi", "penyelesaian"}, "resolve": {"menyelesaikan", "penyelesaian"},
	"block": {"memblokir", "menghalangi"}, "veto": {"memveto", "veto"}, "negotiate": {"berunding", "perundingan", "negosiasi"},
	"deal with": {"menghadapi", "menangani"}, "face": {"menghadapi"}, "handle": {"menangani"}, "cause": {"menyebabkan", "penyebab", "karena"},
	// nouns
	"target": {"sasaran", "target", "tujuan"}, "issue": {"masalah", "isu", "persoalan"}, "problem": {"masalah", "persoalan"},
	"challenge": {"tantangan"}, "threat": {"ancaman"}, "condition": {"syarat", "kondisi"}, "requirement": {"syarat", "persyaratan"},
	"outcome": {"hasil"}, "consequence": {"akibat", "dampak", "konsekuensi"}, "impact": {"dampak", "pengaruh"}, "effect": {"dampak", "pengaruh", "efek"},
	"advantage": {"keuntungan", "manfaat"}, "leverage": {"daya tawar", "pengaruh"}, "bargaining": {"daya tawar"},
	"justification": {"alasan", "dalih"}, "pretext": {"dalih", "alasan"}, "excuse": {"dalih", "alasan"},
	"position": {"jabatan", "posisi"}, "background": {"latar belakang", "mantan"}, "job": {"jabatan", "pekerjaan"},
	"order": {"tatanan", "perintah"}, "stability": {"stabilitas", "stabil"}, "security": {"keamanan"}, "safety": {"keamanan", "keselamatan"},
	"troops": {"tentara", "pasukan", "prajurit"}, "soldier": {"tentara", "prajurit", "pasukan"}, "army": {"tentara", "angkatan darat"},
	"weapon": {"senjata", "persenjataan"}, "arms": {"senjata", "persenjataan"}, "ammunition": {"amunisi", "peluru"}, "round": {"butir", "putaran"},
	"missile": {"rudal"}, "battle": {"pertempuran"}, "war": {"perang", "peperangan"}, "peace": {"perdamaian", "damai"},
	"talks": {"perundingan", "pembicaraan", "negosiasi"}, "negotiation": {"perundingan", "negosiasi"},
	"agreement": {"perjanjian", "persetujuan", "kesepakatan"}, "deal": {"kesepakatan", "perjanjian"}, "treaty": {"traktat", "perjanjian"},
	"summit": {"pertemuan puncak", "ktt"}, "meeting": {"pertemuan"}, "election": {"pemilu", "pemilihan"}, "vote": {"pemungutan suara", "memilih"},
	"newspaper": {"surat kabar", "koran", "harian"}, "outlet": {"media"}, "piece": {"artikel", "tulisan"}, "partner": {"mitra", "sekutu"},
	"ally": {"sekutu"}, "enemy": {"musuh"}, "neighbour": {"tetangga"}, "neighbor": {"tetangga"}, "fuel": {"minyak", "bahan bakar"},
	"shipment": {"pasokan", "pengiriman"}, "step": {"langkah"}, "measure": {"langkah", "tindakan"}, "solution": {"solusi", "penyelesaian"},
	"statement": {"pernyataan"}, "joint": {"bersama", "gabungan"}, "leader": {"pemimpin", "kepala negara"},
	"trilateral": {"trilateral", "tiga negara", "tiga pihak"}, "bilateral": {"bilateral", "dua negara"},
	"proposal": {"usulan", "proposal"}, "suggestion": {"saran", "usulan"}, "inspector": {"inspektur", "pengawas"},
}

// answerWordsID are groups of Indonesian words a question and a document use for the same thing.
var answerWordsID = [][]string{
	{"butuh", "perlu"}, {"izin", "boleh"}, {"tewas", "meninggal", "gugur", "terbunuh"}, {"dorong", "desak"},
	{"sasaran", "target"}, {"manfaat", "untung"}, {"rujukan", "referensi", "sumber"}, {"pemilu", "pemilihan"},
	{"runding", "bicara", "negosiasi"}, {"janji", "sepakat", "setuju"}, {"masalah", "persoalan", "isu"},
	{"akibat", "dampak"}, {"syarat", "ketentuan"}, {"jabat", "posisi"}, {"tentara", "pasukan", "prajurit"},
	{"senjata", "persenjataan"}, {"amunisi", "peluru"}, {"kendali", "kontrol", "kuasa"}, {"jual", "pasok"},
	{"pimpin", "ketua"}, {"hentikan", "setop"}, {"dalih", "alasan"}, {"koran", "surat kabar", "harian"},
}

var answerWords struct {
	once sync.Once
	en   map[string][][]string // English stem (or stems of a phrase, space-joined) → Indonesian stem phrases
	id   map[string][][]string // Indonesian stem → stems of the other words of its group
}

// loadAnswerWords stems the tables once.
func loadAnswerWords() {
	answerWords.once.Do(func() {
		stemPhrase := func(lang retrieval.Lang, s string) []string {
			var out []string
			for _, w := range strings.Fields(s) {
				out = append(out, retrieval.Stem(lang, w))
			}
			return out
		}
		answerWords.en = make(map[string][][]string, len(answerWordsEN))
		for en, ids := range answerWordsEN {
			key := strings.Join(stemPhrase(retrieval.LangEN, en), " ")
			for _, id := range ids {
				answerWords.en[key] = append(answerWords.en[key], stemPhrase(retrieval.LangID, id))
			}
		}
		answerWords.id = make(map[string][][]string)
		for _, g := range answerWordsID {
			for _, w := range g {
				key := strings.Join(stemPhrase(retrieval.LangID, w), " ")
				for _, o := range g {
					if o != w {
						answerWords.id[key] = append(answerWords.id[key], stemPhrase(retrieval.LangID, o))
					}
				}
			}
		}
	})
}

// withAnswerWords returns the question's terms with the answerer's own alternatives added to
// its words (never its names or numbers), for documents in Indonesian. The terms are copied;
// the query is not changed.
func withAnswerWords(terms []retrieval.QueryTerm, qlang, docLang retrieval.Lang) []retrieval.QueryTerm {
	if docLang != retrieval.LangID {
		return terms
	}
	loadAnswerWords()
	table := answerWords.id
	if qlang == retrieval.LangEN {
		table = answerWords.en
	}
	var out []retrieval.QueryTerm
	for i, t := range terms {
		if t.Kind != "word" {
			continue
		}
		var stems []string
		for _, w := range strings.Fields(t.Source) {
			stems = append(stems, retrieval.Stem(qlang, w))
		}
		alts := table[strings.Join(stems, " ")]
		if len(alts) == 0 && len(stems) > 1 {
			// A phrase the table lacks: its head word ("military technology" → none, "takes part").
			alts = table[stems[len(stems)-1]]
		}
		if len(alts) == 0 {
			continue
		}
		if out == nil {
			out = append([]retrieval.QueryTerm(nil), terms...)
		}
		nt := t
		nt.Translated = nt.Translated || qlang != docLang
		nt.Alts = append([][]string(nil), t.Alts...)
		if len(t.Weights) > 0 {
			// Keep the weights of the alternatives there; the new ones weigh 1.
			nt.Weights = append([]float64(nil), t.Weights...)
			for len(nt.Weights) < len(nt.Alts) {
				nt.Weights = append(nt.Weights, 1)
			}
		}
		for _, a := range alts {
			dup := false
			for _, b := range nt.Alts {
				dup = dup || strings.Join(a, " ") == strings.Join(b, " ")
			}
			if !dup {
				nt.Alts = append(nt.Alts, a)
			}
		}
		out[i] = nt
	}
	if out == nil {
		return terms
	}
	return out
}
