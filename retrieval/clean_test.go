package retrieval

import (
	"io/fs"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kutip/kutip/seeds"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Spaces, line endings, control characters, NFC.
		{"no-break spaces", "Jakarta,\u00a0VIVA\u00a0–\u00a0Mantan", "Jakarta, VIVA – Mantan"},
		{"unicode spaces and tabs", "a\u2003b\u202fc\u3000d\te", "a b c d e"},
		{"collapse and trim", "  A   b  \n\n\n   C  ", "A b\n\nC"},
		{"line endings", "A\r\nB\rC\u2028D\u2029E\fF", "A\nB\nC\nD\nE\nF"},
		{"control and zero-width characters", "a\x00b\x07c\u200bd\ufeffe\u00adf\u0085g", "abcdefg"},
		{"NFC", "Caf\u0065\u0301 d\u0065\u0301j\u00e0", "Caf\u00e9 d\u00e9j\u00e0"},
		{"invalid UTF-8 becomes U+FFFD", "a\xffb", "a\ufffdb"},
		{"empty", "", ""},
		{"only spaces", " \u00a0\n\t\n", ""},

		// Mojibake.
		{"double-encoded no-break space", "Korea\u00c2\u00a0Utara", "Korea Utara"},
		{"lone Â line", "Â\nKerjasama Korea Utara\nTeks.", "Kerjasama Korea Utara\nTeks."},
		{"Â at line end", "menguntungkan Korea Utara.Â\nHal kedua.", "menguntungkan Korea Utara.\nHal kedua."},
		{"Â before a space", "kataÂ kata", "kata kata"},
		{"Â inside a word stays", "ÂGE and CÂ x", "ÂGE and CÂ x"},
		{"Latin-1 letters", "cafÃ© naÃ¯ve", "café naïve"},
		{"Windows-1252 quotes", "â€œkutipâ€\u009d itâ€™s â€“ ok â€¦", "“kutip” it’s – ok …"},
		{"encoded twice", "cafÃƒÂ©", "café"},
		{"real accents stay", "naïve café — “quoted” São Paulo Ã la", "naïve café — “quoted” São Paulo Ã la"},

		// Verbatim text.
		{"curly quotes and typos stay", "“Mereka (Korut) hanya membutuhkan jaminan,” kata Putin, memilki peran.", "“Mereka (Korut) hanya membutuhkan jaminan,” kata Putin, memilki peran."},

		// Boilerplate.
		{"share", "Teks.\n\nShare.\n", "Teks."},
		{"comments are closed", "Teks.\n\nComments are closed.", "Teks."},
		{"next page", "Teks.\n\nHalaman Selanjutnya\nHalaman Selanjutnya", "Teks."},
		{"lone counter", "Judul Berita\n\n0\n\nTeks.", "Judul Berita\n\nTeks."},
		{"numbers inside text stay", "Sebanyak\n\n2019 orang datang.", "Sebanyak\n\n2019 orang datang."},
		{"baca juga", "Teks satu.\nBaca juga: Korut Uji Rudal Lagi\nTeks dua.", "Teks satu.\nTeks dua."},
		{"photo credit with bullet", "Teks satu.\n\nPhoto :\n  • Business Insider\n\nTeks dua.", "Teks satu.\n\nTeks dua."},
		{"source credit with bullet", "Teks satu.\nSumber :\n  • twitter.com/@WhiteHouse\n\nTeks dua.", "Teks satu.\n\nTeks dua."},
		{"short credit", "Teks satu.\nFoto: Reuters/Kim Hong-Ji\nTeks dua.", "Teks satu.\nTeks dua."},
		{"a sentence after Sumber stays", "Sumber: data ini berasal dari laporan tahunan kementerian yang terbit pada 2020 dan 2021.", "Sumber: data ini berasal dari laporan tahunan kementerian yang terbit pada 2020 dan 2021."},
		{"bullets not under a credit stay", "Daftar:\n• satu\n• dua", "Daftar:\n• satu\n• dua"},
		{"caption marker", "Pertemuan Kim dan Trump di Hanoi, 27 Februari 2019. (Foto ilustrasi)\nTeks.", "Pertemuan Kim dan Trump di Hanoi, 27 Februari 2019.\nTeks."},
		{"caption credit marker", "Kim Jong Un di Pyongyang. (Foto: AP)", "Kim Jong Un di Pyongyang."},
		{"caption above a photo label", "Judul Berita\n\nTeks satu.\n\nVIVA Militer: Kim Jong-un dan Donald Trump\n\nPhoto :\n  • Business Insider\nTeks dua.", "Judul Berita\n\nTeks satu.\n\nTeks dua."},
		{
			"related headlines on a news page",
			"Korut Akan Buka Perundingan Nuklir dengan AS\n\nTeks satu.\n\nPresiden Ukraina Bagikan Video Tentara Rusia Bakar Tentara Korut yang Tewas\n\nTeks dua.\n\nPhoto :\n  • Business Insider\nTumbalkan Puluhan Ribu Tentaranya, Korut Terima Lusinan Jet Canggih Rusia\n\nTeks tiga.\n\nHalaman Selanjutnya",
			"Korut Akan Buka Perundingan Nuklir dengan AS\n\nTeks satu.\n\nTeks dua.\n\nTeks tiga.",
		},
		{
			"section headings of an essay stay",
			"Kerjasama Korea Utara dengan Russia\nTeks satu.\nSolusi yang bisa Digagas untuk Mewujudkan Perdamaian Dunia\nTeks dua.",
			"Kerjasama Korea Utara dengan Russia\nTeks satu.\nSolusi yang bisa Digagas untuk Mewujudkan Perdamaian Dunia\nTeks dua.",
		},
		{
			"numbered headings on a news page stay",
			"Judul Berita Utama\n\nTeks satu.\n\n6. Peran China Dan Rusia\n\nTeks dua.\n\nShare.",
			"Judul Berita Utama\n\nTeks satu.\n\n6. Peran China Dan Rusia\n\nTeks dua.",
		},
		{"sentence-like lines on a news page stay", "Judul Berita\n\nTeks satu.\n\nPutin mengaku puas atas hasil pembicaraan tersebut\n\nShare.", "Judul Berita\n\nTeks satu.\n\nPutin mengaku puas atas hasil pembicaraan tersebut"},
		{"trailing reference heading", "Teks satu.\nReferensi", "Teks satu."},
		{"reference heading inside stays", "Referensi\nTeks satu.", "Referensi\nTeks satu."},

		// Hard-wrapped lines.
		{"wrapped lines", "Korea Utara menjual senjata\nkecil kepada Rusia,\ndan membeli teknologi.\nKalimat baru.", "Korea Utara menjual senjata kecil kepada Rusia, dan membeli teknologi.\nKalimat baru."},
		{"headings are not joined", "Judul\nTeks.", "Judul\nTeks."},
		{"blank lines between list items go", "Daftar:\n\n  • satu\n\n  • dua\n\nTeks.", "Daftar:\n\n• satu\n• dua\n\nTeks."},
		{"list item continuation", "  • The manual configuration is respected. In other\n    words, nothing intrusive.\n  • Next", "• The manual configuration is respected. In other words, nothing intrusive.\n• Next"},
		{"code keeps its spaces", "Run:\n\n    apt-get  install\n      x  y\n\nDone.", "Run:\n\n    apt-get  install\n      x  y\n\nDone."},
		{"fenced code keeps its spaces", "Run:\n```\na   b\n```", "Run:\n```\na   b\n```"},
		{"prompt lines stay lines", "Type:\n\n$ cd  dir\n$ ls\n\nDone.", "Type:\n\n$ cd  dir\n$ ls\n\nDone."},
		{"table keeps its spaces", "| a  | b |\n|----|---|\n| 1  | 2 |", "| a  | b |\n|----|---|\n| 1  | 2 |"},
		{"rules become blank lines", "Satu.\n\n━━━━━━\n\nDua.\n\n---\nTiga.", "Satu.\n\nDua.\n\nTiga."},
		{"markdown heading marks stay", "# Judul\n\nTeks.", "# Judul\n\nTeks."},
		{"setext underline stays", "Judul\n=====\n\nTeks.", "Judul\n=====\n\nTeks."},
		{
			"hard-wrapped paragraphs are joined",
			"The Debian package management system, when used properly, offers the user to\ninstall consistent sets of binary packages to the system from the archive.\nCurrently, there are 68980 packages available for the amd64 architecture.\n\nThe Debian archive is offered by many remote mirror sites for access through\nHTTP and FTP methods. It is also available as CD-ROM/DVD for the users who\nwant it. A short line.\nAnother paragraph line that is short.\n\nDebian is a volunteer organization which builds consistent distributions of\npre-compiled binary packages of free software and distributes them from its\narchive.",
			"The Debian package management system, when used properly, offers the user to install consistent sets of binary packages to the system from the archive. Currently, there are 68980 packages available for the amd64 architecture.\n\nThe Debian archive is offered by many remote mirror sites for access through HTTP and FTP methods. It is also available as CD-ROM/DVD for the users who want it. A short line.\nAnother paragraph line that is short.\n\nDebian is a volunteer organization which builds consistent distributions of pre-compiled binary packages of free software and distributes them from its archive.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCleanSeeds checks the boilerplate of the seed documents goes and their content stays.
func TestCleanSeeds(t *testing.T) {
	gone := map[string][]string{
		"001_e92a7b7e7d9c023f.txt": {"Â", "Referensi"},
		"002_c095447da0f7cb9e.txt": {"Share.", "Comments are closed.", "\n0\n"},
		"003_ce3fc14551f44ec4.txt": {
			"Sumber :", "twitter.com/@WhiteHouse", "Photo :", "Business Insider", "(Foto ilustrasi)",
			"VIVA Militer: Kim Jong-un dan Donald Trump", "Halaman Selanjutnya",
			"Presiden Ukraina Bagikan Video Tentara Rusia Bakar Tentara Korut yang Tewas",
			"Tumbalkan Puluhan Ribu Tentaranya, Korut Terima Lusinan Jet Canggih Rusia",
			"Puluhan Tentara Korut Mati dalam Pertempuran Kursk",
		},
	}
	stay := map[string][]string{
		"000_46b1cc380027ee1b.txt": {"6. Peran China dan Rusia sebagai Mediator\n", "9. Peningkatan Keterlibatan Track II Diplomacy\n"},
		"001_e92a7b7e7d9c023f.txt": {"Kerjasama Korea Utara dengan Russia sebagai Upaya Win-Win Solution\n", "\nKwan (2024)", "\nSolusi yang bisa Digagas untuk Mewujudkan Perdamaian Dunia\n", "terancam – tidak"},
		"002_c095447da0f7cb9e.txt": {"Putin Sebut Korea Utara Butuh Jaminan Keamanan Soal Denuklirisasi\n", "“Mereka (Korut)", "Kim,seperti"},
		"003_ce3fc14551f44ec4.txt": {"Korut Akan Buka Perundingan Nuklir dengan AS Jika Trump Menang Pemilu\n", "di Hanoi, Vietnam, 27 Februari 2019.\n", "Jakarta, VIVA – Mantan", "Kim Jong Un tahun 2019", "tanpa pembicaraan"},
		"004_9e8869e5b5bb319d.txt": {"“Six-Party Talks.” (Pembiraan Enam Pihak)\n", "Oktobe 1994", "dunia.’\n"},
	}
	names, err := fs.Glob(seeds.FS, "*.txt")
	if err != nil || len(names) != 5 {
		t.Fatalf("seeds: %v %v", names, err)
	}
	for _, name := range names {
		raw, err := fs.ReadFile(seeds.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		got := Clean(string(raw))
		checkCleanForm(t, got)
		for _, s := range gone[name] {
			if strings.Contains(got, s) {
				t.Errorf("%s: cleaned text still has %q", name, s)
			}
		}
		for _, s := range stay[name] {
			if !strings.Contains(got, s) {
				t.Errorf("%s: cleaned text lost %q", name, s)
			}
		}
		// Every line of running text (it ends a sentence) is kept whole.
		for _, line := range strings.Split(string(raw), "\n") {
			line = strings.Join(strings.Fields(strings.ReplaceAll(line, "Â", "")), " ")
			if strings.HasSuffix(line, ".") && len(line) > 60 && !strings.Contains(got, line) {
				t.Errorf("%s: cleaned text lost the line %q", name, line)
			}
		}
	}
}

// checkCleanForm checks the form Clean promises: valid UTF-8 in NFC, blocks separated by single
// blank lines, paragraphs trimmed with single spaces (tables and code aside), no control
// characters.
func checkCleanForm(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("not valid UTF-8: %q", s)
	}
	if !norm.NFC.IsNormalString(s) {
		t.Errorf("not NFC: %q", s)
	}
	if s == "" {
		return
	}
	if strings.Contains(s, "\n\n\n") || strings.HasPrefix(s, "\n") || strings.HasSuffix(s, "\n") {
		t.Errorf("more than one blank line, or one at an end: %q", s)
	}
	lines := splitTextLines(s)
	verbatim := make([]bool, len(lines))
	for _, b := range parseBlocks(lines) {
		if b.kind == blockTable || b.kind == blockCode {
			for j := b.first; j <= b.last; j++ {
				verbatim[j] = true
			}
		}
	}
	for i, l := range lines {
		line := l.text
		if line != "" && !verbatim[i] && (strings.TrimSpace(line) != line || strings.Contains(line, "  ")) {
			t.Errorf("badly formed line %q in %q", line, s)
		}
		for _, r := range line {
			if unicode.IsControl(r) || (unicode.IsSpace(r) && r != ' ') {
				t.Errorf("character %U in line %q", r, line)
			}
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"", "Â", "Â\nÂ ", "a\u00c2\u00a0b", "cafÃ©", "â€œxâ€\u009d", "Ã", "â€", "ð\u009f\u0098", "\xff\xfe",
		"Share.\n\n0\n\nPhoto :\n • x\nJudul Panjang Sekali Ini\n\nTeks.",
		"Judul\n\nTeks satu.\n\nBerita Lain Yang Menarik Sekali\n\nHalaman Selanjutnya",
		"Teks (Foto ilustrasi)\n(Foto ilustrasi)\nReferensi\nReferensi",
		"a\r\n\r\nb\u2028c\tz\u200b", "e\u0301\u0301 \u0041\u030a",
	} {
		f.Add(s)
	}
	if raw, err := fs.ReadFile(seeds.FS, "003_ce3fc14551f44ec4.txt"); err == nil {
		f.Add(string(raw))
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Clean(in)
		checkCleanForm(t, got)
		if again := Clean(got); again != got {
			t.Errorf("Clean is not idempotent:\n once %q\ntwice %q", got, again)
		}
	})
}
