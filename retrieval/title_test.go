package retrieval

import (
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/seeds"
)

func TestSeedTitles(t *testing.T) {
	want := map[string]string{
		"000_46b1cc380027ee1b.txt": "Membantu membangun kembali ekonomi Korea Utara dan memperbaiki kondisi hidup…",
		"001_e92a7b7e7d9c023f.txt": "Kerjasama Korea Utara dengan Russia sebagai Upaya Win-Win Solution",
		"002_c095447da0f7cb9e.txt": "Putin Sebut Korea Utara Butuh Jaminan Keamanan Soal Denuklirisasi",
		"003_ce3fc14551f44ec4.txt": "Korut Akan Buka Perundingan Nuklir dengan AS Jika Trump Menang Pemilu",
		"004_9e8869e5b5bb319d.txt": "Dalam rangka untuk meredakan ketegangan, pada bulan Oktobe 1994, Korut dan AS…",
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
			"long first sentence is cut at a word",
			"Membantu membangun kembali ekonomi Korea Utara dan memperbaiki kondisi hidup rakyatnya bisa memberikan insentif.",
			"Membantu membangun kembali ekonomi Korea Utara dan memperbaiki kondisi hidup…",
		},
		{"cut drops a trailing comma", "Dalam rangka untuk meredakan ketegangan, pada bulan Oktober 1994, Korut dan AS, menandatangani persetujuan.", "Dalam rangka untuk meredakan ketegangan, pada bulan Oktober 1994, Korut dan AS…"},
		{"one very long word", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…"},
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
