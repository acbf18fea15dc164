package bot

import (
	"slices"
	"testing"

	"github.com/kutip/kutip/retrieval"
)

func TestAnswerType(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"berapa counts", "Berapa ton minyak yang dijanjikan AS?", typeNumber},
		{"how many", "How many rounds of ammunition did North Korea sell?", typeNumber},
		{"money refines number", "Berapa biaya proyek itu?", typeMoney},
		{"kapan", "Kapan Persetujuan Kerangka Kerja ditandatangani?", typeDate},
		{"what year", "In what year was the Agreed Framework signed?", typeYear},
		{"tahun berapa", "Tahun berapa perundingan dimulai?", typeYear},
		{"tanggal berapa", "Tanggal berapa Putin bertemu Kim?", typeDay},
		{"what month", "What month did the talks start?", typeMonth},
		{"siapa", "Siapa yang mengendalikan Grup Wagner?", typeWho},
		{"where", "Where did Putin first meet Kim Jong Un?", typeWhere},
		{"di mana", "Di mana putaran pertama diadakan?", typeWhere},
		{"kota mana is not where without a locative", "Kota mana yang dipilih?", ""},
		{"apa nama", "Apa nama kapal selam nuklir yang direncanakan Korut?", typeName},
		{"the name of", "What was the name of the international organization?", typeName},
		{"di kota mana", "Di kota mana Persetujuan Kerangka Kerja ditandatangani?", typeWhere},
		{"negara mana is which country, not where", "Tiga negara mana yang dijuluki Bush sebagai poros kejahatan?", ""},
		{"a keyboard shortcut", "What's the keyboard shortcut to dock the Navigator?", typeKey},
		{"shortcut asked", "Shortcut buat bikin teks jadi subskrip di Writer apa?", typeKey},
		{"a shortcut mentioned, not asked", "Dialog buat ngatur menu, toolbar sama tombol pintasan dibuka dari menu apa?", ""},
		{"which version", "Which version of the TWAIN standard must a scanner support?", typeVersion},
		{"which X version", "Which systemd version ships with Debian Bookworm?", typeVersion},
		{"no cue", "Apa isi Persetujuan Kerangka Kerja?", ""},
		{"the number of a thing", "What is the number of the UN Security Council resolution?", typeNumber},
		{"a number named, not asked", "Apa nomor telepon kantor itu dan alamatnya?", ""},
		{"what X level", "What uranium enrichment level did North Korea admit to?", typeNumber},
		{"which versions", "Which Internet Explorer versions are supported?", typeVersion},
		{"a chat spelling of berapa", "default timeout menu GRUB brp detik?", typeNumber},
		{"what value", "What default UMASK value is set?", typeNumber},
		{"what model", "What model of fighter jets did North Korea receive?", typeName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := answerType(tt.in); got != tt.want {
				t.Errorf("answerType(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAskedTerms(t *testing.T) {
	ix := seedIndex(t)
	tests := []struct {
		name, in string
		want     []string // sources of the asked terms
	}{
		{"a count names what it counts", "Berapa ton minyak yang dijanjikan AS?", []string{"ton", "minyak"}},
		{"how many", "How many rounds of ammunition did North Korea sell?", []string{"rounds", "ammunition"}},
		{"an attribute", "What was the title of the article?", []string{"title"}},
		{"when asks about its event", "When was Kim Jong Un born?", []string{"born"}},
		{"a category is not asked", "Which newspaper published the column?", nil},
		{"a duration need not name its thing", "Berapa lama perundingan berlangsung?", nil},
		{"who: what the person did", "Who painted the Mona Lisa?", []string{"painted"}},
		{"who: the head of an English phrase is last", "Who was the US president when the Agreed Framework was signed?", []string{"president"}},
		{"siapa: the head of an Indonesian phrase is first", "Siapa Menteri Luar Negeri Rusia?", []string{"menteri luar negeri"}},
		{"siapa at the end", "Menlu Rusia siapa?", []string{"menlu"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := ix.Query(tt.in, detectLang(tt.in, LangID).Lang)
			terms := weighTerms(ix, tt.in, q.Terms)
			var got []string
			for _, i := range askedTerms(tt.in, terms) {
				got = append(got, terms[i].term.Source)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("askedTerms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsLight(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"role", true}, {"dilakukan", true}, {"held", true}, {"what happened", false},
		{"minyak", false}, {"", false}, {"main reason", true},
	}
	for _, tt := range tests {
		if got := isLight(tt.in); got != tt.want {
			t.Errorf("isLight(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTypeNounsAskedSource(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Siapa yang dijadikan rujukan soal penjualan amunisi?", []string{"dijadikan", "rujukan"}},
		{"Who is credited as the source of the photo?", []string{"credited", "source"}},
		{"Which reference is cited for the joint statement?", []string{"cited", "reference"}},
		{"Where is the source code of the package?", nil}, // no who/which/what: "source" is the subject
	}
	for _, tt := range tests {
		var got []string
		for w := range typeNounsAsked(tt.in) {
			got = append(got, w)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("typeNounsAsked(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPredicateTerms(t *testing.T) {
	ix := seedIndex(t)
	tests := []struct {
		name, in string
		want     []string // sources of the predicate terms
	}{
		{"the verb after an auxiliary and its subject", "How did Kim Jong Un travel to Vladivostok?", []string{"travel"}},
		{"an adverb skipped", "What uranium enrichment level did North Korea allegedly admit to?", []string{"admit"}},
		{"a lower-case subject before the verb", "What does the default template contain?", []string{"contain"}},
		{"a participle", "Who was the US president when the Agreed Framework was signed?", []string{"signed"}},
		{"an Indonesian verb by its prefix", "Apa yang dibutuhkan Korut dari Rusia?", []string{"dibutuhkan"}},
		{"Indonesian nouns that look prefixed are not verbs", "Siapa diplomat yang menjadi menteri?", []string{"menjadi"}},
		{"frame verbs are not predicates", "Kapan perundingan itu diadakan?", nil},
		{"no verb", "Apa itu NPT?", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := ix.Query(tt.in, detectLang(tt.in, LangID).Lang)
			terms := weighTerms(ix, tt.in, q.Terms)
			var got []string
			for _, i := range predicateTerms(tt.in, terms) {
				got = append(got, terms[i].term.Source)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("predicateTerms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWithAnswerWords(t *testing.T) {
	ix := seedIndex(t)
	tests := []struct {
		name, q, term, sentence string
		want                    bool
	}{
		{"an English verb the dictionary lacks", "What did North Korea allow in return?", "allow", "Korut mengizinkan IAEA melakukan inspeksi.", true},
		{"need", "Why does North Korea need Russian technology?", "need", "Korea Utara sangat membutuhkan teknologi militer Rusia.", true},
		{"a phrase", "Who takes part in Track II diplomacy?", "takes part", "Diplomasi ini melibatkan akademisi yang ikut serta.", true},
		{"Indonesian words for the same thing", "Apa yang dibutuhkan Korut?", "dibutuhkan", "Ini memerlukan kerja sama.", true},
		{"no link where there is none", "What did North Korea allow in return?", "allow", "Korut menolak inspeksi.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lang := detectLang(tt.q, LangID).Lang
			q := ix.Query(tt.q, lang)
			terms := withAnswerWords(q.Terms, q.Lang, retrieval.LangID)
			stems := ix.StemSet(tt.sentence)
			found := false
			for _, term := range terms {
				if term.Source == tt.term {
					found = true
					if got := term.Matches(stems); got != tt.want {
						t.Errorf("%q matches %q: %v, want %v (alts %v)", tt.term, tt.sentence, got, tt.want, term.Alts)
					}
				}
			}
			if !found {
				t.Fatalf("no term %q in %q", tt.term, tt.q)
			}
		})
	}
}

func TestIsCode(t *testing.T) {
	for w, want := range map[string]bool{"arm64": true, "i386": true, "ext4": true, "x86-64": true, "500v": false, "64bit": false, "2023": false, "debian": false, "amd 64": false} {
		if got := isCode(w); got != want {
			t.Errorf("isCode(%q) = %v, want %v", w, got, want)
		}
	}
}
