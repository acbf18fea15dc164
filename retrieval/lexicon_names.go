package retrieval

// lexName is one row of the names table: the English and the Indonesian forms of one name or
// term, the usual form first. Translate offers every form on the other side, in this order.
type lexName struct {
	en []string
	id []string
	// The Lexicon fills these in its copy: enWords and idWords are the forms as lexWords splits
	// them; enDistinct is en without forms that stem alike ("negotiations" after "negotiation").
	enWords, idWords []string
	enDistinct       []string
	// rootsOnly files the Indonesian forms by their stem only when a form is its own stem
	// (the rows of lexTech; see there).
	rootsOnly bool
}

// lexNames is general knowledge FreeDict lacks or gets wrong for news and politics: names and
// abbreviations of countries, places and international bodies as Indonesian writes them
// ("Korut", "AS", "PBB"), treaties and negotiation formats, and the vocabulary of diplomacy,
// security and nuclear arms. Its rows win over the dictionary. English forms are matched
// stemmed (so "sanctions" finds "sanction"), Indonesian forms as written and stemmed.
// Acronyms that both languages write alike (IAEA, NPT, NATO) need no row: they pass through.
var lexNames = []lexName{
	// Countries, regions and places.
	{en: []string{"north korea", "dprk", "democratic people's republic of korea"}, id: []string{"korea utara", "korut", "dprk", "republik rakyat demokratik korea"}},
	{en: []string{"south korea", "republic of korea", "rok"}, id: []string{"korea selatan", "korsel"}},
	{en: []string{"korea"}, id: []string{"korea"}},
	{en: []string{"korean peninsula"}, id: []string{"semenanjung korea"}},
	{en: []string{"united states", "united states of america", "us", "usa", "america"}, id: []string{"amerika serikat", "as", "amerika"}},
	{en: []string{"china", "people's republic of china", "prc"}, id: []string{"china", "tiongkok", "cina", "rrt", "rrc"}},
	{en: []string{"taiwan"}, id: []string{"taiwan"}},
	{en: []string{"russia", "russian federation"}, id: []string{"rusia"}},
	{en: []string{"soviet union", "ussr"}, id: []string{"uni soviet"}},
	{en: []string{"japan"}, id: []string{"jepang"}},
	{en: []string{"ukraine"}, id: []string{"ukraina"}},
	{en: []string{"iran"}, id: []string{"iran"}},
	{en: []string{"iraq"}, id: []string{"irak"}},
	{en: []string{"syria"}, id: []string{"suriah"}},
	{en: []string{"israel"}, id: []string{"israel"}},
	{en: []string{"india"}, id: []string{"india"}},
	{en: []string{"pakistan"}, id: []string{"pakistan"}},
	{en: []string{"vietnam", "viet nam"}, id: []string{"vietnam"}},
	{en: []string{"philippines"}, id: []string{"filipina"}},
	{en: []string{"singapore"}, id: []string{"singapura"}},
	{en: []string{"indonesia"}, id: []string{"indonesia"}},
	{en: []string{"germany"}, id: []string{"jerman"}},
	{en: []string{"france"}, id: []string{"prancis", "perancis"}},
	{en: []string{"united kingdom", "uk", "britain", "great britain"}, id: []string{"inggris", "britania raya"}},
	{en: []string{"europe"}, id: []string{"eropa"}},
	{en: []string{"asia"}, id: []string{"asia"}},
	{en: []string{"east asia"}, id: []string{"asia timur"}},
	{en: []string{"northeast asia"}, id: []string{"asia timur laut"}},
	{en: []string{"southeast asia"}, id: []string{"asia tenggara"}},
	{en: []string{"middle east"}, id: []string{"timur tengah"}},
	// Capitals stand for their governments in news writing ("Pyongyang rejected…"), so each
	// capital's row also offers its country.
	{en: []string{"pyongyang"}, id: []string{"pyongyang", "korea utara", "korut"}},
	{en: []string{"seoul"}, id: []string{"seoul", "korea selatan", "korsel"}},
	{en: []string{"beijing"}, id: []string{"beijing", "china", "tiongkok"}},
	{en: []string{"moscow"}, id: []string{"moskow", "moskwa", "rusia"}},
	{en: []string{"washington"}, id: []string{"washington", "amerika serikat", "as"}},
	{en: []string{"tokyo"}, id: []string{"tokyo", "jepang"}},
	{en: []string{"white house"}, id: []string{"gedung putih", "amerika serikat"}},
	{en: []string{"pentagon"}, id: []string{"pentagon"}},
	{en: []string{"kremlin"}, id: []string{"kremlin", "rusia"}},
	{en: []string{"demilitarized zone", "demilitarised zone", "dmz"}, id: []string{"zona demiliterisasi", "dmz"}},

	// International bodies.
	{en: []string{"united nations", "un"}, id: []string{"pbb", "perserikatan bangsa-bangsa"}},
	{en: []string{"security council", "un security council"}, id: []string{"dewan keamanan", "dk pbb", "dewan keamanan pbb"}},
	{en: []string{"general assembly"}, id: []string{"majelis umum"}},
	{en: []string{"international atomic energy agency"}, id: []string{"iaea", "badan energi atom internasional", "badan tenaga atom internasional"}},
	{en: []string{"european union", "eu"}, id: []string{"uni eropa"}},
	{en: []string{"international monetary fund", "imf"}, id: []string{"imf", "dana moneter internasional"}},
	{en: []string{"world bank"}, id: []string{"bank dunia"}},

	// Treaties, agreements and negotiation formats.
	{en: []string{"six-party talks"}, id: []string{"perundingan enam pihak", "six-party talks", "pembicaraan enam pihak"}},
	{en: []string{"agreed framework"}, id: []string{"persetujuan kerangka kerja", "agreed framework"}},
	{en: []string{"non-proliferation treaty", "nuclear non-proliferation treaty", "treaty on the non-proliferation of nuclear weapons"}, id: []string{"npt", "traktat non-proliferasi", "perjanjian non-proliferasi"}},
	{en: []string{"peace treaty", "peace agreement"}, id: []string{"perjanjian damai", "perjanjian perdamaian", "persetujuan damai"}},
	{en: []string{"armistice", "armistice agreement"}, id: []string{"gencatan senjata", "perjanjian gencatan senjata"}},
	{en: []string{"ceasefire", "cease-fire", "truce"}, id: []string{"gencatan senjata"}},
	{en: []string{"korean war"}, id: []string{"perang korea"}},
	{en: []string{"cold war"}, id: []string{"perang dingin"}},
	{en: []string{"world war"}, id: []string{"perang dunia"}},

	// Diplomacy.
	{en: []string{"talks", "negotiation", "negotiations"}, id: []string{"perundingan", "negosiasi", "pembicaraan"}},
	{en: []string{"negotiate"}, id: []string{"berunding", "negosiasi", "merundingkan", "perundingan"}},
	{en: []string{"dialogue", "dialog"}, id: []string{"dialog", "pembicaraan"}},
	{en: []string{"diplomacy"}, id: []string{"diplomasi"}},
	{en: []string{"diplomatic"}, id: []string{"diplomatik"}},
	{en: []string{"diplomat"}, id: []string{"diplomat"}},
	{en: []string{"summit"}, id: []string{"ktt", "konferensi tingkat tinggi", "pertemuan puncak"}},
	{en: []string{"meet", "meeting"}, id: []string{"pertemuan", "bertemu"}},
	{en: []string{"mediator", "intermediary"}, id: []string{"mediator", "penengah", "perantara"}},
	{en: []string{"mediate", "mediation"}, id: []string{"mediasi", "menengahi", "penengah"}},
	{en: []string{"representative", "envoy"}, id: []string{"perwakilan", "wakil", "utusan"}},
	{en: []string{"delegation"}, id: []string{"delegasi"}},
	{en: []string{"agreement", "accord"}, id: []string{"perjanjian", "kesepakatan", "persetujuan"}},
	{en: []string{"deal"}, id: []string{"kesepakatan", "perjanjian"}},
	{en: []string{"treaty"}, id: []string{"perjanjian", "traktat"}},
	{en: []string{"framework"}, id: []string{"kerangka kerja", "kerangka"}},
	{en: []string{"guarantee", "assurance"}, id: []string{"jaminan", "menjamin"}},
	{en: []string{"security guarantee", "security assurance"}, id: []string{"jaminan keamanan"}},
	{en: []string{"security"}, id: []string{"keamanan"}},
	{en: []string{"cooperation", "cooperate", "collaboration"}, id: []string{"kerja sama", "kerjasama", "bekerja sama"}},
	{en: []string{"relations", "ties"}, id: []string{"hubungan"}},
	{en: []string{"normalization", "normalisation"}, id: []string{"normalisasi"}},
	{en: []string{"sign", "signed", "signing"}, id: []string{"menandatangani", "penandatanganan", "tanda tangan"}},
	{en: []string{"win", "won", "victory"}, id: []string{"menang", "kemenangan", "memenangkan"}},
	{en: []string{"lift", "lifted", "lifting"}, id: []string{"mencabut", "pencabutan", "mengangkat", "lift"}},
	{en: []string{"ease", "eased", "easing"}, id: []string{"melonggarkan", "pelonggaran", "meredakan"}},
	{en: []string{"step", "steps"}, id: []string{"langkah", "tahap", "tahapan"}},
	{en: []string{"gradual", "gradually", "phased", "step-by-step"}, id: []string{"bertahap", "secara bertahap"}},
	{en: []string{"leverage"}, id: []string{"pengaruh", "daya tawar", "leverage"}},
	{en: []string{"program", "programme"}, id: []string{"program"}},
	{en: []string{"proposal", "propose"}, id: []string{"usulan", "usul", "mengusulkan", "proposal"}},
	{en: []string{"solution"}, id: []string{"solusi", "penyelesaian"}},
	{en: []string{"sanction", "sanctions"}, id: []string{"sanksi"}},
	{en: []string{"incentive"}, id: []string{"insentif", "imbalan"}},
	{en: []string{"compensation"}, id: []string{"kompensasi", "imbalan", "ganti rugi"}},
	{en: []string{"aid", "assistance"}, id: []string{"bantuan"}},
	{en: []string{"ally", "allies"}, id: []string{"sekutu"}},
	{en: []string{"alliance"}, id: []string{"aliansi", "persekutuan"}},
	{en: []string{"sovereignty"}, id: []string{"kedaulatan"}},
	{en: []string{"foreign policy"}, id: []string{"kebijakan luar negeri"}},
	{en: []string{"foreign minister"}, id: []string{"menteri luar negeri", "menlu"}},
	{en: []string{"prime minister"}, id: []string{"perdana menteri"}},
	{en: []string{"president"}, id: []string{"presiden"}},
	{en: []string{"leader"}, id: []string{"pemimpin"}},
	{en: []string{"government"}, id: []string{"pemerintah"}},
	{en: []string{"regime"}, id: []string{"rezim", "rejim"}},
	{en: []string{"election"}, id: []string{"pemilu", "pemilihan umum", "pemilihan"}},
	{en: []string{"elected"}, id: []string{"terpilih"}},
	{en: []string{"state sponsor of terrorism"}, id: []string{"negara sponsor terorisme"}},
	{en: []string{"terrorism"}, id: []string{"terorisme"}},
	{en: []string{"human rights"}, id: []string{"hak asasi manusia", "ham"}},
	{en: []string{"reunification", "unification"}, id: []string{"reunifikasi", "penyatuan"}},

	// Security, military and nuclear arms.
	{en: []string{"nuclear"}, id: []string{"nuklir"}},
	{en: []string{"atomic"}, id: []string{"atom", "nuklir"}},
	{en: []string{"nuclear weapon", "nuclear weapons", "nuclear arms"}, id: []string{"senjata nuklir"}},
	{en: []string{"nuclear program", "nuclear programme"}, id: []string{"program nuklir"}},
	{en: []string{"nuclear test"}, id: []string{"uji coba nuklir", "uji nuklir"}},
	{en: []string{"nuclear crisis"}, id: []string{"krisis nuklir"}},
	{en: []string{"weapons of mass destruction"}, id: []string{"senjata pemusnah massal"}},
	{en: []string{"denuclearization", "denuclearisation", "denuclearize", "denuclearise"}, id: []string{"denuklirisasi"}},
	{en: []string{"non-proliferation", "nonproliferation"}, id: []string{"non-proliferasi", "nonproliferasi"}},
	{en: []string{"proliferation"}, id: []string{"proliferasi", "penyebaran"}},
	{en: []string{"nuclear-free zone", "nuclear-weapon-free zone"}, id: []string{"zona bebas nuklir", "zona bebas senjata nuklir"}},
	{en: []string{"enrichment", "uranium enrichment"}, id: []string{"pengayaan uranium", "pengayaan"}},
	{en: []string{"uranium"}, id: []string{"uranium"}},
	{en: []string{"plutonium"}, id: []string{"plutonium"}},
	{en: []string{"reactor"}, id: []string{"reaktor"}},
	{en: []string{"light water reactor", "light-water reactor"}, id: []string{"reaktor air ringan"}},
	{en: []string{"inspection"}, id: []string{"inspeksi", "pemeriksaan"}},
	{en: []string{"inspector"}, id: []string{"inspektur", "pengawas"}},
	{en: []string{"missile"}, id: []string{"rudal", "misil", "peluru kendali"}},
	{en: []string{"ballistic"}, id: []string{"balistik"}},
	{en: []string{"ballistic missile"}, id: []string{"rudal balistik"}},
	{en: []string{"intercontinental ballistic missile", "icbm"}, id: []string{"rudal balistik antarbenua", "rudal balistik antar benua", "icbm"}},
	{en: []string{"intercontinental"}, id: []string{"antarbenua", "antar benua"}},
	{en: []string{"warhead"}, id: []string{"hulu ledak"}},
	{en: []string{"submarine"}, id: []string{"kapal selam"}},
	{en: []string{"satellite"}, id: []string{"satelit"}},
	{en: []string{"weapon", "weapons", "arms"}, id: []string{"senjata", "persenjataan"}},
	{en: []string{"ammunition", "munitions"}, id: []string{"amunisi"}},
	{en: []string{"military"}, id: []string{"militer"}},
	{en: []string{"troops", "soldiers", "forces"}, id: []string{"tentara", "pasukan", "prajurit"}},
	{en: []string{"military exercise", "military exercises", "military drills"}, id: []string{"latihan militer"}},
	{en: []string{"defense", "defence"}, id: []string{"pertahanan"}},
	{en: []string{"deterrence", "deterrent"}, id: []string{"penangkalan", "efek gentar", "daya tangkal"}},
	{en: []string{"threat"}, id: []string{"ancaman"}},
	{en: []string{"tension", "tensions"}, id: []string{"ketegangan"}},
	{en: []string{"stability"}, id: []string{"stabilitas", "kestabilan"}},
	{en: []string{"peace"}, id: []string{"perdamaian", "damai", "kedamaian"}},
	{en: []string{"peaceful"}, id: []string{"damai"}},
	{en: []string{"war"}, id: []string{"perang"}},
	{en: []string{"conflict"}, id: []string{"konflik"}},
	{en: []string{"crisis"}, id: []string{"krisis"}},
	{en: []string{"invasion", "invade"}, id: []string{"invasi", "serangan", "menyerang"}},
	{en: []string{"withdraw", "withdrawal", "withdrew", "withdrawn"}, id: []string{"mundur", "menarik diri", "mengundurkan diri", "penarikan"}},
	// Common words of news and analysis that FreeDict lacks or translates only in another sense.
	{en: []string{"analyst", "analysts"}, id: []string{"analis", "pengamat"}},
	{en: []string{"observer", "observers"}, id: []string{"pengamat", "peninjau"}},
	{en: []string{"expert", "experts"}, id: []string{"pakar", "ahli"}},
	{en: []string{"news agency", "wire service"}, id: []string{"kantor berita"}},
	{en: []string{"area", "areas", "field", "fields", "sector", "sectors"}, id: []string{"bidang", "sektor", "kawasan", "wilayah"}},
	{en: []string{"round of talks", "rounds of talks"}, id: []string{"putaran", "babak"}},
	{en: []string{"round", "rounds"}, id: []string{"putaran", "babak", "butir"}}, // of talks; of ammunition
	{en: []string{"control", "controls", "controlled", "controlling"}, id: []string{"mengendalikan", "dikendalikan", "kendali", "mengontrol", "dikontrol", "kontrol"}},
	{en: []string{"headquarters"}, id: []string{"markas", "markas besar", "kantor pusat"}},
	{en: []string{"dismantle"}, id: []string{"membongkar", "pembongkaran"}},
	{en: []string{"freeze"}, id: []string{"membekukan", "pembekuan", "beku"}},
	{en: []string{"test", "testing"}, id: []string{"uji coba", "uji", "pengujian"}},
	{en: []string{"expel", "expelled", "deport", "deported", "deportation"}, id: []string{"mengusir", "pengusiran", "mendeportasi", "deportasi"}},
	{en: []string{"launch"}, id: []string{"peluncuran", "meluncurkan"}},

	// Economy.
	{en: []string{"economy", "economic"}, id: []string{"ekonomi"}},
	{en: []string{"investment"}, id: []string{"investasi"}},
	{en: []string{"trade"}, id: []string{"perdagangan"}},
	{en: []string{"infrastructure"}, id: []string{"infrastruktur"}},
	{en: []string{"oil", "fuel oil", "heavy fuel oil"}, id: []string{"minyak", "bahan bakar minyak"}},
	{en: []string{"energy"}, id: []string{"energi"}},
}

// lexPersons are public figures, written as the lexicon splits words ("jong-un" is "jong un").
// Translate passes them through unchanged, as it does any name the dictionary does not know;
// they are listed because their words mean something else on their own: "trump" is a card
// game's "truf" in the dictionary, "bush" a shrub, and "un" in "Kim Jong Un" the United Nations.
// People whose names are common words in the news too ("Moon", "Rice") are left out.
var lexPersons = []string{
	"trump", "donald trump", "bush", "george bush", "george w bush", "carter", "jimmy carter",
	"clinton", "bill clinton", "obama", "barack obama", "biden", "joe biden", "pompeo", "mike pompeo",
	"kim", "kim jong un", "jong un", "kim jong il", "jong il", "kim il sung", "kim yo jong",
	"moon jae in", "yoon suk yeol", "lee jae myung", "park geun hye",
	"putin", "vladimir putin", "lavrov", "sergei lavrov", "xi jinping", "shinzo abe", "fumio kishida",
}
