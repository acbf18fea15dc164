package retrieval

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// readLines reads a UTF-8 text file into its lines, without line terminators.
func readLines(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestStemIndonesianSnowballVocabulary compares every word of Snowball's Indonesian test
// vocabulary (testdata/snowball-indonesian, from snowballstem/snowball-data) with the output
// of Snowball's own stemmer.
func TestStemIndonesianSnowballVocabulary(t *testing.T) {
	dir := filepath.Join("testdata", "snowball-indonesian")
	voc := readLines(t, filepath.Join(dir, "voc.txt"))
	want := readLines(t, filepath.Join(dir, "output.txt"))
	if len(voc) != len(want) {
		t.Fatalf("voc.txt has %d lines, output.txt %d", len(voc), len(want))
	}
	const maxShown = 20
	mismatches := 0
	for i, w := range voc {
		got := StemIndonesian(w)
		if got == want[i] {
			continue
		}
		mismatches++
		if mismatches <= maxShown {
			t.Errorf("StemIndonesian(%q) = %q, want %q", w, got, want[i])
		}
	}
	t.Logf("%d/%d match", len(voc)-mismatches, len(voc))
	if mismatches > maxShown {
		t.Errorf("... and %d more mismatches", mismatches-maxShown)
	}
}

func TestStemIndonesian(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"too few vowels", "buku", "buku"},
		{"empty", "", ""},
		{"particle", "bukukah", "buku"},
		{"particle then possessive", "bukunyalah", "buku"},
		{"possessive", "rumahnya", "rumah"},
		{"di-", "dibaca", "baca"},
		{"ter-", "terbaca", "baca"},
		{"meng-", "mengambil", "ambil"},
		{"meny- vowel becomes s", "menyapu", "sapu"},
		{"mem- vowel becomes p", "memukul", "pukul"},
		{"mem- consonant", "membaca", "baca"},
		{"peny- vowel becomes s", "penyelidikan", "selidik"},
		{"pem- vowel becomes p", "pemukul", "pukul"},
		{"ber-", "bermain", "main"},
		{"be- before consonant+er", "bekerja", "kerja"},
		{"belajar", "belajar", "ajar"},
		{"pelajaran", "pelajaran", "ajar"},
		{"first and second order prefix with suffix", "memperbaiki", "baik"},
		{"ke-an", "kemerdekaan", "merdeka"},
		{"ke- forbids -kan, -an still goes", "kemasukan", "masuk"},
		{"di- forbids -an", "dimakan", "makan"},
		{"-i not after s", "mengakhiri", "akhir"},
		{"-i kept after s", "menyantuni", "santun"},
		{"-kan", "mendengarkan", "dengar"},
		{"meng- does not restore a dropped k (no dictionary)", "mengembangkan", "embang"},
		{"per-", "perbaikan", "baik"},
		{"nuklir untouched", "nuklir", "nuklir"},
		{"non-ASCII kept", "bérkata", "bérkata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StemIndonesian(tt.in); got != tt.want {
				t.Errorf("StemIndonesian(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStemIndonesianAllocations(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = StemIndonesian("mengembangkannya") }); n != 0 {
		t.Errorf("StemIndonesian allocates %v times for a plain prefix, want 0", n)
	}
}

func BenchmarkStemIndonesian(b *testing.B) {
	voc := readLines(b, filepath.Join("testdata", "snowball-indonesian", "voc.txt"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = StemIndonesian(voc[i%len(voc)])
	}
}

func FuzzStemIndonesian(f *testing.F) {
	for _, s := range []string{
		"", "a", "memperbaiki", "menyapu", "pemukulan", "bekerja", "belajarlah",
		"menyé", "beñer", "mem\xffaiu", "pe\u00e9rkaan", "kepadanya",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := StemIndonesian(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Errorf("StemIndonesian(%q) = %q, not valid UTF-8", in, out)
		}
		if len(out) > len(in) {
			t.Errorf("StemIndonesian(%q) = %q, longer than its input", in, out)
		}
	})
}
