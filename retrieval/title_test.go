package retrieval

import (
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/seeds"
)

// TestSeedTitles: the seeds' catalog titles the two texts that start with running text; the
// others keep their heading line.
func TestSeedTitles(t *testing.T) {
	want := map[string]string{
		"000_46b1cc380027ee1b.txt": "Usulan Perdamaian di Semenanjung Korea",
		"001_e92a7b7e7d9c023f.txt": "Kerjasama Korea Utara dengan Russia sebagai Upaya Win-Win Solution",
		"002_c095447da0f7cb9e.txt": "Putin Sebut Korea Utara Butuh Jaminan Keamanan Soal Denuklirisasi",
		"003_ce3fc14551f44ec4.txt": "Korut Akan Buka Perundingan Nuklir dengan AS Jika Trump Menang Pemilu",
		"004_9e8869e5b5bb319d.txt": "Krisis Nuklir Korea Utara, dari Kerangka Kerja 1994 ke Perundingan Enam Pihak",
	}
	docs, err := Load(seeds.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(want) {
		t.Fatalf("%d documents, want %d", len(docs), len(want))
	}
	for _, d := range docs {
		if d.Title != want[d.ID] {
			t.Errorf("%s: title\n got %q\nwant %q", d.ID, d.Title, want[d.ID])
		}
	}
	// Without the catalog, the titles derived from their first sentences.
	derived := map[string]string{
		"000_46b1cc380027ee1b.txt": "Membantu membangun kembali ekonomi Korea Utara…",
		"004_9e8869e5b5bb319d.txt": "Dalam rangka untuk meredakan ketegangan…",
	}
	for _, d := range docs {
		if w, ok := derived[d.ID]; ok {
			if got := deriveTitle(d.Text); got != w {
				t.Errorf("%s: derived title\n got %q\nwant %q", d.ID, got, w)
			}
		}
	}
}

func TestDeriveTitle(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"heading line", "Putin Sebut Korea Utara Butuh Jaminan\nVladivostok – Presiden Rusia bicara.", "Putin Sebut Korea Utara Butuh Jaminan"},
		{"numbered heading", "1. Latar Belakang\nTeks.", "1. Latar Belakang"},
		{"no heading: first sentence", "Korea Utara menguji rudal. Dunia cemas.\nTeks.", "Korea Utara menguji rudal"},
		{"a lone line is not a heading", "Korea Utara menguji rudal", "Korea Utara menguji rudal"},
		{"lower-case first line is not a heading", "kata pengantar\nTeks.", "kata pengantar"},
		{
			"long first sentence is cut at a word, not after a function word",
			"Membantu membangun kembali ekonomi Korea Utara dan memperbaiki kondisi hidup rakyatnya bisa memberikan insentif.",
			"Membantu membangun kembali ekonomi Korea Utara…",
		},
		{"cut at the last clause that fits", "Dalam rangka untuk meredakan ketegangan, pada bulan Oktober, Korut dan AS, menandatangani persetujuan.", "Dalam rangka untuk meredakan ketegangan, pada bulan Oktober…"},
		{"a clause of too few words is not a title", "Namun demikian, Korea Utara menolak semua tawaran perundingan yang diajukan oleh AS dan sekutunya.", "Namun demikian, Korea Utara menolak semua tawaran…"},
		{"cut at a dash", "Presiden Rusia Vladimir Putin di Vladivostok – pertemuan pertama dengan Kim Jong Un pada April 2019.", "Presiden Rusia Vladimir Putin di Vladivostok…"},
		{"English function words", "The agreement between the United States and North Korea of October 1994 in Geneva was signed.", "The agreement between the United States and North Korea…"},
		{"one very long word", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…"},
		{"sentence ending in a question mark", "Apa itu Track II?\nTeks.", "Apa itu Track II?"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := deriveTitle(tt.text)
			if got != tt.want {
				t.Errorf("deriveTitle(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > maxTitleRunes+1 && !isHeadingLine(got) {
				t.Errorf("title of %d characters", n)
			}
		})
	}
}
