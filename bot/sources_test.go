package bot

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/kutip/kutip/retrieval"
)

func TestSourcesList(t *testing.T) {
	ix := seedIndex(t)
	a := newSeedAssistant(t, Options{})
	for _, lang := range []Lang{LangID, LangEN} {
		r := a.Sources(lang)
		if r.Kind != KindSources || r.Lang != lang || len(r.Blocks) != 3 {
			t.Fatalf("%s: kind %s, lang %s, %d blocks", lang, r.Kind, r.Lang, len(r.Blocks))
		}
		var want []string
		total := 0
		for i, d := range ix.Documents() {
			n := len(ix.DocumentPassages(d.ID))
			total += n
			word := msg{"bagian", "passages"}.in(lang)
			want = append(want, fmt.Sprintf("%d. %s — %s (%d %s)", i+1, d.Title, d.ID, n, word))
		}
		if total != ix.Len() {
			t.Errorf("passage counts add up to %d, the index has %d", total, ix.Len())
		}
		list := Block(r.Blocks[1])
		var got strings.Builder
		for _, run := range list {
			got.WriteString(run.Text)
		}
		if d := diffLines(got.String(), strings.Join(want, "\n")); d != "" {
			t.Errorf("%s list (-got +want):\n%s", lang, d)
		}
		// Titles are the bold runs.
		var bold []string
		for _, run := range list {
			if run.Style == Bold {
				bold = append(bold, run.Text)
			}
		}
		if len(bold) != 5 || bold[2] != ix.Documents()[2].Title {
			t.Errorf("%s: bold runs %q, want the five titles", lang, bold)
		}
		head := map[Lang]string{LangID: "Dokumen (5):", LangEN: "Documents (5):"}[lang]
		if r.Blocks[0][0].Text != head || r.Blocks[2][0].Text != txtSourcesFoot.in(lang) {
			t.Errorf("%s: head %q, foot %q", lang, r.Blocks[0][0].Text, r.Blocks[2][0].Text)
		}
	}
}

func TestFindDoc(t *testing.T) {
	ix := seedIndex(t)
	docs := ix.Documents()
	tests := []struct {
		ref  string
		want int // -1: not found
	}{
		{"1", 0}, {"5", 4}, {" 3 ", 2},
		{"0", -1}, {"6", -1}, {"-1", -1}, {"+2", -1},
		{"9", -1},   // not a title word: "1994" in a title is no match
		{"002", 2},  // the start of 002_c095447da0f7cb9e.txt, not document 2
		{"004_", 4}, // a file name prefix
		{docs[1].ID, 1},
		{strings.ToUpper(docs[3].ID), 3},
		{"00", -1}, // the start of every file name: ambiguous
		{"win-win", 1},
		{"Jaminan Keamanan", 2},
		{"korea", -1}, // in several titles
		{"nothing like it", -1},
	}
	for _, tt := range tests {
		i, ok := findDoc(ix, tt.ref)
		if !ok {
			i = -1
		}
		if i != tt.want {
			t.Errorf("findDoc(%q) = %d, want %d", tt.ref, i, tt.want)
		}
	}
}

func TestSourcePages(t *testing.T) {
	ix := seedIndex(t)
	a := newSeedAssistant(t, Options{})
	doc := ix.Documents()[2]
	ps := ix.DocumentPassages(doc.ID)
	pages := (len(ps) + sourcePageSize - 1) / sourcePageSize
	if pages < 2 {
		t.Fatalf("document 3 has %d passages: too few to page", len(ps))
	}
	page := func(text string) Reply {
		t.Helper()
		r := a.Handle(t.Context(), Request{ChatID: 1, Text: text, LangHint: "en"})
		if r.Kind != KindSource || r.Source == nil {
			t.Fatalf("%s: kind %s, no page\n%s", text, r.Kind, r.Text())
		}
		return r
	}
	tests := []struct {
		text string
		page int
	}{
		{"/source 3", 1}, {"/source 3 1", 1}, {"/source 3 2", 2}, {"/source " + doc.ID + " 2", 2},
		{"/source 002 2", 2}, {"/source 3 999", pages}, {"/source 3 0", 1},
		{"/source 3 99999999999999999999", pages}, {"/source 3 -5", 1},
	}
	texts := map[int]string{}
	for _, tt := range tests {
		r := page(tt.text)
		want := SourcePage{Doc: doc.ID, Short: "3", Page: tt.page, Pages: pages}
		if *r.Source != want {
			t.Errorf("%s: page (-got +want)\n- %+v\n+ %+v", tt.text, *r.Source, want)
		}
		// The card, then the page's passages verbatim, numbered by their ordinal.
		first := (tt.page - 1) * sourcePageSize
		shown := ps[first:min(first+sourcePageSize, len(ps))]
		if len(r.Blocks) != 1+len(shown) {
			t.Fatalf("%s: %d blocks, want the card and %d passages", tt.text, len(r.Blocks), len(shown))
		}
		card := fmt.Sprintf("%s\n%s\nPage %d of %d · %d passages", doc.Title, doc.ID, tt.page, pages, len(ps))
		if got := blockText(r.Blocks[0]); got != card {
			t.Errorf("%s: card (-got +want)\n- %q\n+ %q", tt.text, got, card)
		}
		for i, p := range shown {
			want := Block{{Text: fmt.Sprintf("[%d] ", p.Ordinal), Style: Bold}, {Text: p.Text}}
			if !reflect.DeepEqual(r.Blocks[1+i], want) {
				t.Errorf("%s: block %d = %+v, want passage %s", tt.text, i+1, r.Blocks[1+i], p.ID)
			}
		}
		if prev, ok := texts[tt.page]; ok && prev != r.Text() {
			t.Errorf("%s: page %d differs from the same page asked otherwise", tt.text, tt.page)
		}
		texts[tt.page] = r.Text()
	}
	if texts[1] == texts[2] {
		t.Error("page 2 is page 1")
	}
	// Indonesian card.
	r := a.Handle(t.Context(), Request{ChatID: 2, Text: "/source 3 2"})
	if want := fmt.Sprintf("Halaman 2 dari %d · %d bagian", pages, len(ps)); !strings.Contains(r.Text(), want) {
		t.Errorf("Indonesian card lacks %q:\n%s", want, r.Text())
	}
}

// TestSourceCardMetadata: front matter's source, URL and date appear on the card.
func TestSourceCardMetadata(t *testing.T) {
	docs := []retrieval.Document{
		{ID: "a.md", Title: "Judul A", Source: "Koran", URL: "https://example.org/a", Date: "2024-01-02", Text: "Kalimat tentang nuklir. Kalimat kedua.", Lang: retrieval.LangID},
		{ID: "b.md", Title: "Judul B", Text: "Kalimat tentang damai.", Lang: retrieval.LangID},
	}
	ix, err := retrieval.NewIndex(t.Context(), docs, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := New(ix, Options{})
	r := a.SourcePage(t.Context(), Request{ChatID: 1, LangHint: "en"}, "a.md", 1)
	want := "Judul A\na.md\nsource: Koran\nurl: https://example.org/a\ndate: 2024-01-02\nPage 1 of 1 · 1 passages"
	if got := blockText(r.Blocks[0]); got != want {
		t.Errorf("card (-got +want):\n%s", diffLines(got, want))
	}
	r = a.SourcePage(t.Context(), Request{ChatID: 1, LangHint: "en"}, "b", 1)
	if got := blockText(r.Blocks[0]); got != "Judul B\nb.md\nPage 1 of 1 · 1 passages" {
		t.Errorf("card without metadata: %q", got)
	}
}

func blockText(b Block) string {
	var s strings.Builder
	for _, r := range b {
		s.WriteString(r.Text)
	}
	return s.String()
}

func TestQuote(t *testing.T) {
	ix := seedIndex(t)
	a := newSeedAssistant(t, Options{})
	tests := []struct {
		words string
		hint  string
		lang  Lang
		marks []string // every bold word, lower-cased, is one of these
	}{
		{"jaminan keamanan", "", LangID, []string{"jaminan", "keamanan"}},
		{"Vladivostok", "en", LangEN, []string{"vladivostok"}},
		{"kapal selam nuklir", "", LangID, []string{"kapal", "selam", "nuklir"}},
		{"500.000 ton", "", LangID, []string{"500.000", "ton"}},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			r := a.Handle(t.Context(), Request{ChatID: 1, Text: "/quote " + tt.words, LangHint: tt.hint})
			if r.Kind != KindQuote || r.Lang != tt.lang {
				t.Fatalf("kind %s lang %s:\n%s", r.Kind, r.Lang, r.Text())
			}
			if n := len(r.Citations); n == 0 || n > quoteResults || len(r.Blocks) != n+1 || len(r.Passages) != n {
				t.Fatalf("%d citations, %d blocks, %d passages", n, len(r.Blocks), len(r.Passages))
			}
			head := txtQuoteHead.f(tt.lang, tt.words)
			if !reflect.DeepEqual(r.Blocks[0], Block{{Text: head, Style: Bold}}) {
				t.Errorf("heading %+v, want %q", r.Blocks[0], head)
			}
			for i, c := range r.Citations {
				p := ix.Passage(c.Passage)
				if p == nil || c.N != i+1 || c.Doc != p.DocID || c.Quote != p.Text || c.Title != docByID(ix, p.DocID).Title {
					t.Fatalf("citation %+v does not match its passage", c)
				}
				blk := r.Blocks[i+1]
				prefix := fmt.Sprintf("[%d] ", i+1)
				trailer := fmt.Sprintf("\n— %s — %s, %s %d", p.DocID, c.Title, txtParagraph.in(tt.lang), p.Paragraph)
				if blk[0] != (Run{Text: prefix}) || blk[len(blk)-1] != (Run{Text: trailer, Style: Italic}) {
					t.Errorf("block %d frame: %+v … %+v, want %q … %q", i+1, blk[0], blk[len(blk)-1], prefix, trailer)
				}
				// Between them, the passage verbatim, with matches in bold.
				body := blk[1 : len(blk)-1]
				if got := blockText(body); got != p.Text {
					t.Errorf("block %d is not the passage verbatim:\n- %q\n+ %q", i+1, got, p.Text)
				}
				bolds := 0
				for _, run := range body {
					switch run.Style {
					case Bold:
						bolds++
						for _, w := range strings.Fields(strings.ToLower(run.Text)) {
							if !contains(tt.marks, w) {
								t.Errorf("bold %q in %s is none of %q", run.Text, p.ID, tt.marks)
							}
						}
					case Plain:
					default:
						t.Errorf("run %+v in a quote", run)
					}
				}
				if bolds == 0 {
					t.Errorf("passage %s has no match in bold", p.ID)
				}
			}
		})
	}
}

func TestHighlight(t *testing.T) {
	ix := seedIndex(t)
	q := ix.Query("jaminan keamanan Kim Jong Un", LangID)
	text := "Putin bertemu Kim Jong Un dan bicara soal jaminan keamanan, “jaminan” yang kuat."
	got := Highlight(text, q)
	want := []Run{
		{Text: "Putin bertemu "}, {Text: "Kim Jong Un", Style: Bold}, {Text: " dan bicara soal "},
		{Text: "jaminan keamanan", Style: Bold}, {Text: ", “"}, {Text: "jaminan", Style: Bold}, {Text: "” yang kuat."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Highlight (-got +want):\n- %+v\n+ %+v", got, want)
	}
	if got := Highlight("tidak ada apa-apa di sini", q); !reflect.DeepEqual(got, []Run{{Text: "tidak ada apa-apa di sini"}}) {
		t.Errorf("no match: %+v", got)
	}
	if got := Highlight("", q); got != nil {
		t.Errorf("empty text: %+v", got)
	}
}

func TestPassagesByID(t *testing.T) {
	ix := seedIndex(t)
	a := newSeedAssistant(t, Options{})
	p1, p2 := ix.DocumentPassages(ix.Documents()[0].ID)[0], ix.DocumentPassages(ix.Documents()[4].ID)[1]
	r := a.Passages(LangEN, []string{p1.ID, "gone#9", p2.ID})
	if r.Kind != KindQuote || len(r.Blocks) != 3 || blockText(r.Blocks[0]) != txtPassagesHead.en {
		t.Fatalf("Passages: kind %s, %d blocks:\n%s", r.Kind, len(r.Blocks), r.Text())
	}
	for i, p := range []*retrieval.Passage{p1, p2} {
		want := Block{{Text: p.Text}, {Text: fmt.Sprintf("\n— %s — %s, paragraph %d", p.DocID, p.Title, p.Paragraph), Style: Italic}}
		if p.Title == "" {
			want[1].Text = fmt.Sprintf("\n— %s — %s, paragraph %d", p.DocID, docByID(ix, p.DocID).Title, p.Paragraph)
		}
		if !reflect.DeepEqual(r.Blocks[i+1], want) {
			t.Errorf("block %d (-got +want):\n- %+v\n+ %+v", i+1, r.Blocks[i+1], want)
		}
	}
	if r := a.Passages(LangID, []string{"gone#1"}); r.Text() != txtExpired.id {
		t.Errorf("unknown passages: %q", r.Text())
	}
	if r := a.Passages(LangEN, nil); r.Text() != txtExpired.en {
		t.Errorf("no passages: %q", r.Text())
	}
}

// structuredAssistant is an assistant over one document with numbered sections.
func structuredAssistant(t *testing.T) *Assistant {
	t.Helper()
	text := retrieval.Clean("Panduan Administrasi\n\n3. Paket\n\nSistem paket Debian mengelola perangkat lunak yang terpasang di komputer.\n\n" +
		"3.1. Dasar-dasar\n\nSetiap paket memiliki nama, versi dan daftar ketergantungan.\n\n" +
		"3.2. Memasang paket\n\nGunakan apt install untuk memasang paket baru dari arsip. Perintah ini memerlukan hak akses root.\n\n" +
		"4. Jaringan\n\nJaringan diatur lewat berkas interfaces.")
	docs := []retrieval.Document{{ID: "panduan.txt", Title: "Panduan Administrasi", Text: text, Lang: retrieval.LangID}}
	ix, err := retrieval.NewIndex(t.Context(), docs, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return New(ix, Options{})
}

func TestSourceSection(t *testing.T) {
	a := structuredAssistant(t)
	tests := []struct {
		name, cmd string
		want      []string // in the reply, in order
		not       string
	}{
		{"dotted number", "/source 1 3.2", []string{"panduan.txt", "§ 3 Paket › 3.2 Memasang paket", "apt install"}, "Jaringan diatur"},
		{"file name and number with §", "/source panduan.txt §3.1", []string{"§ 3 Paket › 3.1 Dasar-dasar", "daftar ketergantungan"}, "apt install"},
		{"heading words", "/source 1 § jaringan", []string{"§ 4 Jaringan", "berkas interfaces"}, "apt install"},
		{"a section and its subsections", "/source 1 §3", []string{"§ 3 Paket", "Sistem paket", "§ 3 Paket › 3.1 Dasar-dasar", "§ 3 Paket › 3.2 Memasang paket"}, "Jaringan diatur"},
		{"no such section", "/source 1 9.9", []string{"9.9", "panduan.txt"}, "apt install"},
		{"a plain number is still a page", "/source 1 2", []string{"Halaman 2 dari 2"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.Handle(t.Context(), Request{ChatID: 1, Text: tt.cmd})
			text := r.Text()
			at := 0
			for _, w := range tt.want {
				i := strings.Index(text[at:], w)
				if i < 0 {
					t.Fatalf("%s: %q missing (in order) from:\n%s", tt.cmd, w, text)
				}
				at += i + len(w)
			}
			if tt.not != "" && strings.Contains(text, tt.not) {
				t.Errorf("%s: %q shown:\n%s", tt.cmd, tt.not, text)
			}
		})
	}
}

func TestCitationsNameTheSection(t *testing.T) {
	a := structuredAssistant(t)
	r := a.Handle(t.Context(), Request{ChatID: 1, Text: "Bagaimana cara memasang paket baru?"})
	if r.Refused || len(r.Citations) == 0 {
		t.Fatalf("refused:\n%s", r.Text())
	}
	if c := r.Citations[0]; c.Section != "3 Paket › 3.2 Memasang paket" || !strings.Contains(r.Text(), "[1] panduan.txt › 3 Paket › 3.2 Memasang paket — Panduan Administrasi") {
		t.Errorf("citation %+v in:\n%s", c, r.Text())
	}
	q := a.Handle(t.Context(), Request{ChatID: 2, Text: "/quote apt install"})
	if !strings.Contains(q.Text(), "— panduan.txt › 3 Paket › 3.2 Memasang paket — Panduan Administrasi") || q.Citations[0].Section == "" {
		t.Errorf("/quote does not name the section:\n%s", q.Text())
	}
	p := a.Passages(LangID, []string{q.Citations[0].Passage})
	if !strings.Contains(p.Text(), "panduan.txt › 3 Paket › 3.2 Memasang paket") {
		t.Errorf("Sources button does not name the section:\n%s", p.Text())
	}
}
