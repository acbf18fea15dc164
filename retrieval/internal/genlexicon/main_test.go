package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The tests use a small dictionary in dictd format written on the fly: they never read /usr/share.

const sampleInfo = "English-Bahasa Indonesia FreeDict+WikDict dictionary\n\nMaintainer: Someone\n"

var sampleArticles = []string{
	"guarantee //ˌɡæɹənˈtiː// <n>\n1. garansi 2.\nanything that assures a certain outcome\n 3.\nwritten declaration\n2. penjamin\nperson who gives such a guarantee\n",
	"missile //ˈmɪsaɪl// <n>\nmisil, peluru kendali, rudal\nself-propelled, guidable projectile\n",
	"North Korea //noɹθ ˌkəˈɹi.ə// <pn>\nKorea Utara, Korut\na country in East Asia\n",
	"peace //piːs// <n>\n1. kedamaian, damai\nharmony\n2. damai, perdamaian\nstate of being free from war\n",
	"sanction //ˈsæŋkʃən// <v>\nsanksi\n",
	"steer /stˈɪə/ <v>\n[[kemudi|mengemudi(kan)]], mengendalikan\nto guide\n",
	"ness //nəs// <suffix>\ne- -an\nappended to adjectives\n",
	"Six-Party Talks /x/ <pn>\nperundingan enam pihak, pembicaraan yang sangat panjang sekali\ntalks\n",
	"excuse me /x/ <phraseologicalUnit>\npermisi, maaf!, bisa bahasa Inggris?\npolite\n",
}

// writeSample writes the sample as dictd files and returns their paths.
func writeSample(t *testing.T) (index, dict string) {
	t.Helper()
	dir := t.TempDir()
	var body bytes.Buffer
	var idx strings.Builder
	add := func(head, article string) {
		idx.WriteString(head + "\t" + encodeBase64Number(body.Len()) + "\t" + encodeBase64Number(len(article)) + "\n")
		body.WriteString(article)
	}
	add("00databaseinfo", sampleInfo)
	for _, a := range sampleArticles {
		add(strings.ToLower(strings.SplitN(a, " /", 2)[0]), a)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(body.Bytes())
	zw.Close()
	index, dict = filepath.Join(dir, "x.index"), filepath.Join(dir, "x.dict.dz")
	if err := os.WriteFile(index, []byte(idx.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dict, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return index, dict
}

func encodeBase64Number(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	if n == 0 {
		return "A"
	}
	var b []byte
	for ; n > 0; n /= 64 {
		b = append([]byte{alphabet[n%64]}, b...)
	}
	return string(b)
}

func TestDecodeBase64Number(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 415256, 1031223} {
		if got, err := decodeBase64Number(encodeBase64Number(n)); err != nil || got != n {
			t.Errorf("decode(encode(%d)) = %d, %v", n, got, err)
		}
	}
	if _, err := decodeBase64Number("a*b"); err == nil {
		t.Error("bad digit accepted")
	}
}

func TestParseEntry(t *testing.T) {
	tests := []struct {
		article string
		head    string
		pos     string
		senses  [][]string
	}{
		{sampleArticles[0], "guarantee", "n", [][]string{{"garansi"}, {"penjamin"}}},
		{sampleArticles[1], "missile", "n", [][]string{{"misil", "peluru kendali", "rudal"}}},
		{sampleArticles[2], "north korea", "pn", [][]string{{"korea utara", "korut"}}},
		{sampleArticles[4], "sanction", "v", [][]string{{"sanksi"}}},
		{sampleArticles[5], "steer", "v", [][]string{{"mengemudi", "mengendalikan"}}},
		{sampleArticles[7], "six-party talks", "pn", [][]string{{"perundingan enam pihak"}}},
		{sampleArticles[8], "excuse me", "phraseologicalUnit", [][]string{{"permisi"}}},
	}
	for _, tt := range tests {
		e, ok := parseEntry(tt.article)
		if !ok || e.headword != tt.head || e.pos != tt.pos || !slices.EqualFunc(e.senses, tt.senses, slices.Equal) {
			t.Errorf("parseEntry(%q) = %q %q %q %v, want %q %q %q", tt.article, e.headword, e.pos, e.senses, ok, tt.head, tt.pos, tt.senses)
		}
	}
	if _, ok := parseEntry(sampleArticles[6]); ok {
		t.Error("a suffix was kept")
	}
	if _, ok := parseEntry("lonely //x// <n>\n"); ok {
		t.Error("an article without translations was kept")
	}
}

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Six-Party Talks", []string{"six", "party", "talks"}},
		{"negara-negara", []string{"negara"}},
		{"Adam's apple", []string{"adam", "apple"}},
		{"coup d'état", []string{"coup", "détat"}},
	}
	for _, tt := range tests {
		if got := splitWords(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRun(t *testing.T) {
	index, dict := writeSample(t)
	dir := t.TempDir()
	copyright := filepath.Join(dir, "copyright")
	cr := "Format: https://example/\nUpstream-Name: FreeDict\n\nFiles: eng-deu/*\nCopyright: x\nLicense: GPL-3+\n\n" +
		"Files: eng-ind/*\nCopyright: 2000-2022 FreeDict contributors\nLicense: CC-BY-SA-3.0\n\n" +
		"License: CC-BY-SA-3.0\n Attribution-ShareAlike 3.0 Unported\n .\n Full text.\n\nLicense: GPL-3+\n GPL text\n"
	if err := os.WriteFile(copyright, []byte(cr), 0o644); err != nil {
		t.Fatal(err)
	}
	out, lic := filepath.Join(dir, "out.tsv.gz"), filepath.Join(dir, "LICENSE")
	// The real dictionary has ~10,000 headwords; the sample is tiny, so lower the sanity floor.
	defer func(n int) { minHeadwords = n }(minHeadwords)
	minHeadwords = 1
	if err := run(index, dict, copyright, out, lic); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(zr)
	want := "excus me\texcuse me\tpermisi\n" +
		"guarante\tguarantee\tgaransi|penjamin\n" +
		"missil\tmissile\tmisil|rudal|peluru kendali\n" +
		"north korea\tnorth korea\tkorut|korea utara\n" +
		"peac\tpeace\tdamai|kedamaian|perdamaian\n" +
		"sanction\tsanction\tsanksi\n" +
		"six parti talk\tsix party talks\tperundingan enam pihak\n" +
		"steer\tsteer\tmengemudi|mengendalikan\n"
	if string(text) != want {
		t.Errorf("table:\n%s\nwant:\n%s", text, want)
	}
	// Deterministic: a second run writes the same bytes.
	if err := run(index, dict, copyright, out, lic); err != nil {
		t.Fatal(err)
	}
	if second, _ := os.ReadFile(out); !bytes.Equal(first, second) {
		t.Error("two runs wrote different tables")
	}
	notice, err := os.ReadFile(lic)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Maintainer: Someone", "Files: eng-ind/*", "Attribution-ShareAlike 3.0 Unported", "Upstream-Name: FreeDict"} {
		if !bytes.Contains(notice, []byte(s)) {
			t.Errorf("licence file lacks %q", s)
		}
	}
	for _, s := range []string{"eng-deu", "GPL text"} {
		if bytes.Contains(notice, []byte(s)) {
			t.Errorf("licence file has unrelated %q", s)
		}
	}
}
