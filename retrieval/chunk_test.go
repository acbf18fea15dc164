package retrieval

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/kutip/kutip/seeds"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		// Indonesian.
		{"simple", "Putin puas. Kim pulang! Apa lagi? Tidak ada.", []string{"Putin puas.", "Kim pulang!", "Apa lagi?", "Tidak ada."}},
		{"AS inside a sentence", "Pertemuan dengan AS. Putin juga hadir.", []string{"Pertemuan dengan AS. Putin juga hadir."}},
		{"AS ending a sentence", "Korut berunding dengan AS. Namun Rusia menolak.", []string{"Korut berunding dengan AS.", "Namun Rusia menolak."}},
		{"titles", "Dr. Budi bertemu Prof. Ali di Jl. Merdeka No. 5 kemarin. Mereka berbincang.", []string{"Dr. Budi bertemu Prof. Ali di Jl. Merdeka No. 5 kemarin.", "Mereka berbincang."}},
		{"dll and dsb", "Senjata, amunisi, dll. dikirim. Rudal, kapal, dsb. Namun tidak semua.", []string{"Senjata, amunisi, dll. dikirim.", "Rudal, kapal, dsb.", "Namun tidak semua."}},
		{"numbers", "Sebanyak 500.000 ton minyak. Naik 3.5 persen dari 50.000 butir.", []string{"Sebanyak 500.000 ton minyak.", "Naik 3.5 persen dari 50.000 butir."}},
		{"date", "Pada Kamis (25/4/2019) pagi. Putin puas.", []string{"Pada Kamis (25/4/2019) pagi.", "Putin puas."}},
		{"domain", "Vladivostok, Teritorial.Com – Presiden Rusia datang. Lihat twitter.com/@WhiteHouse untuk foto.", []string{"Vladivostok, Teritorial.Com – Presiden Rusia datang.", "Lihat twitter.com/@WhiteHouse untuk foto."}},
		{"initial", "Pada 2001, setelah George W. Bush menjabat Presiden AS, dia bicara. Bush marah.", []string{"Pada 2001, setelah George W. Bush menjabat Presiden AS, dia bicara.", "Bush marah."}},
		{"ellipsis before lower case", "Dia ragu... lalu pergi. Kami tinggal.", []string{"Dia ragu... lalu pergi.", "Kami tinggal."}},
		{"ellipsis character", "Dia ragu… Kemudian pergi.", []string{"Dia ragu…", "Kemudian pergi."}},
		{"closing quote stays", "“Mereka aman. Itu saja. Kita berpikir,” kata Putin. Ia pulang.", []string{"“Mereka aman.", "Itu saja.", "Kita berpikir,” kata Putin.", "Ia pulang."}},
		{"closing quote after the point", "sebagai “poros kejahatan dan ancaman.” Bush mengatakan: “Negara seperti ini.’", []string{"sebagai “poros kejahatan dan ancaman.”", "Bush mengatakan: “Negara seperti ini.’"}},
		{"bracket after a quote", "putaran pertama “Six-Party Talks.” (Pembiraan Enam Pihak). Lalu selesai.", []string{"putaran pertama “Six-Party Talks.” (Pembiraan Enam Pihak).", "Lalu selesai."}},
		{"quote then lower case", "“Six-party Talks.” atau Pembicaraan Enam Pihak.", []string{"“Six-party Talks.” atau Pembicaraan Enam Pihak."}},
		{"straight quotes", `sanksi "yang terkait dengan rakyat". Pyongyang "menolak." Selesai.`, []string{`sanksi "yang terkait dengan rakyat".`, `Pyongyang "menolak."`, "Selesai."}},
		{"numbered heading", "6. Peran China dan Rusia sebagai Mediator", []string{"6. Peran China dan Rusia sebagai Mediator"}},
		{"paragraph lines", "Judul\nKalimat satu. Kalimat dua.\nKalimat tiga tanpa titik", []string{"Judul", "Kalimat satu.", "Kalimat dua.", "Kalimat tiga tanpa titik"}},
		{"year ends a sentence", "Perang berakhir pada 1953. Korut menolak.", []string{"Perang berakhir pada 1953.", "Korut menolak."}},

		// English.
		{"english titles", "Mr. Smith met Dr. Jones. They talked.", []string{"Mr. Smith met Dr. Jones.", "They talked."}},
		{"U.S. inside", "The U.S. Army left. Then it rained.", []string{"The U.S. Army left.", "Then it rained."}},
		{"U.S. at the end", "He lives in the U.S. The weather is fine.", []string{"He lives in the U.S.", "The weather is fine."}},
		{"english initial", "It was George W. Bush. He spoke.", []string{"It was George W. Bush.", "He spoke."}},
		{"english numbers and domain", "Prices rose 3.5 percent. Visit example.com today. It is free.", []string{"Prices rose 3.5 percent.", "Visit example.com today.", "It is free."}},
		{"question and exclamation", "Wait... what? No! Really.", []string{"Wait... what?", "No!", "Really."}},
		{"english quotes", `He said "stop." Then he left.`, []string{`He said "stop."`, "Then he left."}},
		{"brackets", "(This is an aside.) Next one.", []string{"(This is an aside.)", "Next one."}},
		{"etc. before lower case", "Tanks, guns, etc. were sent.", []string{"Tanks, guns, etc. were sent."}},

		// Odd input.
		{"empty", "", nil},
		{"blank lines and spaces", "  \n\n Satu.  Dua. \n", []string{"Satu.", "Dua."}},
		{"only marks", "...", []string{"..."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitSentences(tt.in)
			var texts []string
			for _, s := range got {
				texts = append(texts, s.Text)
				if s.Text != tt.in[s.Start:s.End] {
					t.Errorf("sentence %q has offsets [%d:%d] = %q", s.Text, s.Start, s.End, tt.in[s.Start:s.End])
				}
				if want := strings.Count(tt.in[:s.Start], "\n") + 1; s.Paragraph != want {
					t.Errorf("sentence %q: paragraph %d, want %d", s.Text, s.Paragraph, want)
				}
			}
			if !reflect.DeepEqual(texts, tt.want) {
				t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, texts, tt.want)
			}
		})
	}
}

func TestChunkWindows(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 7; i++ {
		fmt.Fprintf(&b, "Kalimat nomor %d di sini. ", i)
	}
	oneParagraph := strings.TrimSpace(b.String())
	tests := []struct {
		name string
		text string
		opts ChunkOptions
		want [][]int // sentence numbers (1-based) of each passage
	}{
		{"defaults, one paragraph", oneParagraph, DefaultChunkOptions, [][]int{{1, 2, 3}, {3, 4, 5}, {5, 6, 7}}},
		{"no overlap", oneParagraph, ChunkOptions{Sentences: 3}, [][]int{{1, 2, 3}, {4, 5, 6}, {7}}},
		{"overlap 2", oneParagraph, ChunkOptions{Sentences: 3, Overlap: 2}, [][]int{{1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 6}, {5, 6, 7}}},
		{"overlap too big", oneParagraph, ChunkOptions{Sentences: 2, Overlap: 5}, [][]int{{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}}},
		{"zero options", oneParagraph, ChunkOptions{}, [][]int{{1, 2, 3}, {4, 5, 6}, {7}}},
		{"max chars", oneParagraph, ChunkOptions{Sentences: 3, Overlap: 1, MaxChars: 60}, [][]int{{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}}},
		{"max chars below a sentence", oneParagraph, ChunkOptions{Sentences: 3, Overlap: 1, MaxChars: 10}, [][]int{{1}, {2}, {3}, {4}, {5}, {6}, {7}}},
		{"heading joins the next sentence", "Judul Bagian\nSatu. Dua. Tiga. Empat.", DefaultChunkOptions, [][]int{{1, 2, 3, 4}, {4, 5}}},
		{"heading at the end joins the previous sentence", "Satu. Dua.\nPenutup", DefaultChunkOptions, [][]int{{1, 2, 3}}},
		{"only a heading", "Judul", DefaultChunkOptions, [][]int{{1}}},
		{"short paragraphs are packed", "Satu.\nDua.\nTiga.\nEmpat.\nLima.\nEnam.", DefaultChunkOptions, [][]int{{1, 2, 3}, {4, 5, 6}}},
		{"a full paragraph starts a new stretch", "Satu. Dua.\nTiga. Empat. Lima.", DefaultChunkOptions, [][]int{{1, 2}, {3, 4, 5}}},
		{"a single sentence is packed with the next paragraph", "Satu.\nDua. Tiga. Empat.", DefaultChunkOptions, [][]int{{1, 2, 3}, {3, 4}}},
		{"a heading-like line starts a new stretch", "Satu. Dua.\nbagian dua\nTiga. Empat.", DefaultChunkOptions, [][]int{{1, 2}, {3, 4, 5}}},
		{"a heading starts a section", "Satu. Dua.\nBagian Dua\nTiga. Empat.", DefaultChunkOptions, [][]int{{1, 2}, {3, 4, 5}}},
		{"a last lone sentence joins the stretch before", "Satu. Dua. Tiga.\nEmpat.", DefaultChunkOptions, [][]int{{1, 2, 3}, {3, 4}}},
		{"empty", "", DefaultChunkOptions, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &Document{ID: "d.txt", Title: "T", Text: tt.text}
			sents := SplitSentences(tt.text)
			number := make(map[int]int) // sentence start → 1-based number
			for i, s := range sents {
				number[s.Start] = i + 1
			}
			var got [][]int
			for _, p := range Chunk(doc, tt.opts) {
				var nums []int
				for _, s := range p.Sentences {
					nums = append(nums, number[s.Start])
				}
				got = append(got, nums)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("passages (-got +want)\n- %v\n+ %v", got, tt.want)
			}
			checkPassages(t, doc, Chunk(doc, tt.opts), tt.opts)
		})
	}
}

func TestChunkSeeds(t *testing.T) {
	docs, err := Load(seeds.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for i := range docs {
		doc := &docs[i]
		ps := Chunk(doc, DefaultChunkOptions)
		checkPassages(t, doc, ps, DefaultChunkOptions)
		if again := Chunk(doc, DefaultChunkOptions); !reflect.DeepEqual(ps, again) {
			t.Errorf("%s: Chunk is not stable", doc.ID)
		}
		for _, p := range ps {
			if p.Title != doc.Title {
				t.Errorf("%s: title %q, want %q", p.ID, p.Title, doc.Title)
			}
			if len(p.Text) > DefaultChunkOptions.MaxChars && len(p.Sentences) > 1 {
				t.Errorf("%s: %d bytes in %d sentences", p.ID, len(p.Text), len(p.Sentences))
			}
			alone := true // the only passage of its section
			for _, q := range ps {
				alone = alone && (q.ID == p.ID || q.SectionPath() != p.SectionPath())
			}
			if len(p.Sentences) == 1 && !alone {
				t.Errorf("%s: a passage of one sentence: %q", p.ID, p.Text)
			}
		}
		// Consecutive passages share whole sentences only: a suffix of one is a prefix of the next.
		for j := 1; j < len(ps); j++ {
			prev, cur := ps[j-1], ps[j]
			var shared []Sentence
			for _, s := range cur.Sentences {
				if s.Start < prev.End {
					shared = append(shared, s)
				}
			}
			if n := len(shared); n > 0 && (n > len(prev.Sentences) || !reflect.DeepEqual(shared, prev.Sentences[len(prev.Sentences)-n:])) {
				t.Errorf("%s and %s overlap by part of a sentence", prev.ID, cur.ID)
			}
		}
		total += len(ps)
	}
	if total != 30 {
		t.Errorf("%d passages for the seeds, want 30", total)
	}
}

// checkPassages checks what Chunk promises: IDs "<doc>#<n>" in order, Text == doc.Text[Start:End],
// sentences in bounds and in order, every sentence and every non-space byte of the text in a passage.
func checkPassages(t *testing.T, doc *Document, ps []Passage, opts ChunkOptions) {
	t.Helper()
	covered := make([]bool, len(doc.Text))
	for i, p := range ps {
		if want := fmt.Sprintf("%s#%d", doc.ID, i+1); p.ID != want || p.Ordinal != i+1 || p.DocID != doc.ID {
			t.Errorf("passage %d: ID %q ordinal %d doc %q, want %q", i, p.ID, p.Ordinal, p.DocID, want)
		}
		if p.Start < 0 || p.End > len(doc.Text) || p.Start >= p.End {
			t.Errorf("%s: bad offsets [%d:%d] in %d bytes", p.ID, p.Start, p.End, len(doc.Text))
			continue
		}
		if p.Text != doc.Text[p.Start:p.End] {
			t.Errorf("%s: Text %q is not doc.Text[%d:%d]", p.ID, p.Text, p.Start, p.End)
		}
		if len(p.Sentences) == 0 || p.Sentences[0].Start != p.Start || p.Sentences[len(p.Sentences)-1].End != p.End {
			t.Errorf("%s: sentences do not span the passage", p.ID)
		}
		if len(p.Sentences) > 0 && p.Paragraph != p.Sentences[0].Paragraph {
			t.Errorf("%s: paragraph %d, first sentence's %d", p.ID, p.Paragraph, p.Sentences[0].Paragraph)
		}
		for j, s := range p.Sentences {
			if s.Start < p.Start || s.End > p.End || s.Text != doc.Text[s.Start:s.End] || (j > 0 && s.Start < p.Sentences[j-1].End) {
				t.Errorf("%s: bad sentence %+v", p.ID, s)
			}
		}
		for k := p.Start; k < p.End; k++ {
			covered[k] = true
		}
		if i > 0 && p.Start < ps[i-1].Start {
			t.Errorf("%s starts before %s", p.ID, ps[i-1].ID)
		}
	}
	// Heading lines are in no passage; they are the passages' sections.
	lines := splitTextLines(doc.Text)
	for _, b := range parseBlocks(lines) {
		if b.kind == blockHeading {
			for j := lines[b.first].start; j < lines[b.last].end; j++ {
				covered[j] = true
			}
		}
	}
	for _, p := range ps {
		if len(p.Text) > DefaultChunkOptions.HardMaxChars && len(p.Text) > opts.MaxChars {
			t.Errorf("%s: %d bytes, over the hard cap", p.ID, len(p.Text))
		}
	}
	for k, r := range doc.Text {
		if !covered[k] && !unicode.IsSpace(r) {
			t.Errorf("byte %d (%q) of %s is in no passage", k, r, doc.ID)
			break
		}
	}
	for _, s := range SplitSentences(doc.Text) {
		found := false
		for _, p := range ps {
			found = found || (p.Start <= s.Start && s.End <= p.End)
		}
		if !found && !covered[s.Start] || (!found && len(s.Text) <= DefaultChunkOptions.HardMaxChars && !inHeading(lines, s)) {
			t.Errorf("sentence %q of %s is in no passage", s.Text, doc.ID)
		}
	}
}

func FuzzChunk(f *testing.F) {
	f.Add("Satu. Dua. Tiga. Empat.", 3, 1, 700)
	f.Add("Judul\nSatu. Dua.\n\nTiga! “Empat.” (Lima.) Enam…", 2, 1, 20)
	f.Add("George W. Bush. U.S. Army. 500.000 ton. dll. Dan", 1, 0, 0)
	f.Add(" \n. .\n\xff. A", 3, 5, -1)
	f.Add("", 0, 0, 0)
	// Debian Reference (Indonesian), a shell line wrapped into a list item: once a one-line
	// "table" whose header gave no sentence, and a slice out of range.
	f.Add("  • paksa untuk mengembalikan sukses dengan menambahi baris bermasalah dengan \"\n    || true\"", 3, 1, 700)
	f.Add("Teks.\n\n||\n| a | b |\n|---|---|\n| 1 | 2 |", 3, 1, 700)
	f.Add("┌─┐\n│ │\n└─┘\nteks", 3, 1, 700)
	f.Fuzz(func(t *testing.T, text string, sentences, overlap, maxChars int) {
		opts := ChunkOptions{Sentences: sentences % 10, Overlap: overlap % 10, MaxChars: maxChars % 2000}
		for _, doc := range []*Document{{ID: "raw.txt", Text: text}, {ID: "clean.txt", Text: Clean(text)}} {
			checkPassages(t, doc, Chunk(doc, opts), opts)
		}
	})
}

// inHeading reports whether a sentence lies in a heading line (or a table or code block, which
// SplitSentences cuts at other places than Chunk does).
func inHeading(lines []textLine, s Sentence) bool {
	for _, b := range parseBlocks(lines) {
		if lines[b.first].start <= s.Start && s.End <= lines[b.last].end {
			return b.kind != blockPara
		}
	}
	return false
}
