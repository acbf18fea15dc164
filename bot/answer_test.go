package bot

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kutip/kutip/retrieval"
	"github.com/kutip/kutip/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// qaItem is one line of testdata/qa-dev.jsonl (the project's dev set).
type qaItem struct {
	ID         string   `json:"id"`
	Lang       Lang     `json:"lang"`
	Question   string   `json:"question"`
	Answerable bool     `json:"answerable"`
	Docs       []string `json:"docs"`
	Facts      []string `json:"facts"`
}

func readQAFile(t *testing.T, path string) []qaItem {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var items []qaItem
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var it qaItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		t.Fatalf("%s: no questions", path)
	}
	return items
}

// quotedRun is one quoted sentence of an answer: “sentence” [n].
var quotedRun = regexp.MustCompile(`^“(.+)” \[(\d+)\]$`)

// checkGrounded verifies an answer's shape: the frame, then only verbatim sentences of the
// documents, each cited, then the sources footer listing exactly the cited documents.
func checkGrounded(t *testing.T, r Reply) {
	t.Helper()
	ix := seedIndex(t)
	if len(r.Blocks) < 3 {
		t.Fatalf("answer has %d blocks:\n%s", len(r.Blocks), r.Text())
	}
	// An answer to a number, date, name or place question leads with the answering words in
	// bold: one run, verbatim from a quoted sentence, where it is bold too.
	var lead string
	blocks := r.Blocks
	if len(blocks[0]) == 1 && blocks[0][0].Style == Bold {
		lead = blocks[0][0].Text
		blocks = blocks[1:]
	}
	head := Block{{Text: txtAccording.in(r.Lang)}}
	if r.Lang == LangEN {
		head = append(head, Run{Text: " " + txtQuotesInID.en, Style: Italic})
	}
	if blockText(blocks[0]) != blockText(head) || len(blocks[0]) != len(head) {
		t.Errorf("head %+v, want %+v", blocks[0], head)
	}
	body := blocks[1 : len(blocks)-1]
	if r.Note != "" {
		body = body[:len(body)-1]
	}
	used := map[int]bool{}
	quoted := map[int][]string{}
	boldInQuote := false
	for _, blk := range body {
		// Runs of one quote (its bold span between plain runs) are merged first.
		var merged Block
		for _, run := range blk {
			if run.Style == Bold && lead != "" && run.Text == lead && len(merged) > 0 && merged[len(merged)-1].Style == Plain {
				merged[len(merged)-1].Text += run.Text
				boldInQuote = true
				continue
			}
			if n := len(merged); n > 0 && run.Style == Plain && merged[n-1].Style == Plain && run.Text != " " && merged[n-1].Text != " " {
				merged[n-1].Text += run.Text
				continue
			}
			merged = append(merged, run)
		}
		blk = merged
		for i, run := range blk {
			if i%2 == 1 {
				if run != (Run{Text: " "}) {
					t.Errorf("between quotes: %+v", run)
				}
				continue
			}
			m := quotedRun.FindStringSubmatch(run.Text)
			if m == nil || run.Style != Plain {
				t.Errorf("not a quoted sentence: %+v", run)
				continue
			}
			var n int
			fmt.Sscan(m[2], &n)
			if n < 1 || n > len(r.Citations) {
				t.Errorf("quote cites [%d], the answer has %d citations", n, len(r.Citations))
				continue
			}
			used[n] = true
			c := r.Citations[n-1]
			if !strings.Contains(docByID(ix, c.Doc).Text, m[1]) {
				t.Errorf("quoted sentence is not in %s verbatim: %q", c.Doc, m[1])
			}
			quoted[n] = append(quoted[n], m[1])
		}
	}
	if lead != "" && !boldInQuote {
		t.Errorf("the lead %q is not bold in a quote", lead)
	}
	var footer []string
	for i, c := range r.Citations {
		if c.N != i+1 || !used[c.N] {
			t.Errorf("citation %+v: numbered %d or never quoted", c, i+1)
		}
		if p := ix.Passage(c.Passage); p == nil || p.DocID != c.Doc {
			t.Errorf("citation %d: passage %q is not in %s", c.N, c.Passage, c.Doc)
		}
		// The quote is verbatim document text: the sentences quoted under [n], with the
		// document's own separator between adjacent ones and " … " between sentences apart.
		doc := docByID(ix, c.Doc).Text
		pieces := strings.Split(c.Quote, " … ")
		for _, piece := range pieces {
			if !strings.Contains(doc, piece) {
				t.Errorf("citation %d: quote piece %q is not verbatim in %s", c.N, piece, c.Doc)
			}
		}
		flat := strings.Join(strings.Fields(strings.Join(pieces, " ")), " ")
		if want := strings.Join(strings.Fields(strings.Join(quoted[c.N], " ")), " "); flat != want {
			t.Errorf("citation %d: quote %q, want the quoted sentences %q", c.N, c.Quote, want)
		}
		if c.Title != docByID(ix, c.Doc).Title {
			t.Errorf("citation %d: title %q", c.N, c.Title)
		}
		if p := ix.Passage(c.Passage); p != nil && c.Section != p.SectionPath() {
			t.Errorf("citation %d: section %q, its passage's %q", c.N, c.Section, p.SectionPath())
		}
		footer = append(footer, fmt.Sprintf("\n[%d] %s%s%s — %s", c.N, c.Doc, sectionPlace(c.Section), pagePlace(r.Lang, c.Page), c.Title))
	}
	wantFoot := txtSources.in(r.Lang) + strings.Join(footer, "")
	if got := blockText(r.Blocks[len(r.Blocks)-1-btoi(r.Note != "")]); got != wantFoot {
		t.Errorf("sources footer (-got +want):\n%s", diffLines(got, wantFoot))
	}
	// Every “…” span of the whole text is document text, whatever the blocks say.
	for _, span := range quotedSpans(r.Text()) {
		if !inSomeDocument(t, span) {
			t.Errorf("quoted span is in no document: %q", span)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// quotedSpans returns the text between each “ that opens a line or follows a space and the
// ” [n] that closes it.
var spanRE = regexp.MustCompile(`(?m)(?:^| )“(.+?)” \[\d+\]`)

func quotedSpans(text string) []string {
	var out []string
	for _, m := range spanRE.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}

func inSomeDocument(t *testing.T, s string) bool {
	for _, d := range seedIndex(t).Documents() {
		if strings.Contains(d.Text, s) {
			return true
		}
	}
	return false
}

func TestDevAnswers(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	for i, it := range readQAFile(t, "testdata/qa-dev.jsonl") {
		t.Run(it.ID, func(t *testing.T) {
			r := a.Handle(t.Context(), Request{ChatID: int64(i + 1), Text: it.Question})
			if r.Lang != it.Lang {
				t.Errorf("reply language %s, want %s", r.Lang, it.Lang)
			}
			if len(r.Passages) < 3 {
				t.Errorf("%d passages, want at least 3 (refused %v)", len(r.Passages), r.Refused)
			}
			if r.Mode != "extractive" {
				t.Errorf("mode %q", r.Mode)
			}
			if !it.Answerable {
				if !r.Refused || r.Kind != KindRefusal || len(r.Citations) != 0 {
					t.Fatalf("answered an unanswerable question:\n%s", r.Text())
				}
				if r.Blocks[0][0].Text != txtNotFound.in(it.Lang) {
					t.Errorf("refusal starts %q, want %q", r.Blocks[0][0].Text, txtNotFound.in(it.Lang))
				}
				return
			}
			if r.Refused || r.Kind != KindAnswer {
				t.Fatalf("refused:\n%s", r.Text())
			}
			if !citesAny(r, it.Docs) {
				t.Errorf("cites %+v, not the gold document %v", r.Citations, it.Docs)
			}
			for _, f := range it.Facts {
				if !strings.Contains(r.Text(), f) {
					t.Errorf("answer lacks the fact %q:\n%s", f, r.Text())
				}
			}
			checkGrounded(t, r)
		})
	}
}

// TestRefusalShape: a refusal says so in the asker's language; the closest passages, when
// shown, are labelled as not an answer and name their documents.
func TestRefusalShape(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	for i, q := range []string{"What is the capital of France?", "Siapa pemenang Piala Dunia 2022?", "When was Kim Jong Un born?", "Berapa jumlah penduduk Korea Utara?"} {
		r := a.Handle(t.Context(), Request{ChatID: int64(i + 1), Text: q})
		if !r.Refused {
			t.Errorf("%q answered:\n%s", q, r.Text())
			continue
		}
		if r.Blocks[0][0].Text != txtNotFound.in(r.Lang) || len(r.Citations) != 0 || len(r.Passages) < 3 {
			t.Errorf("%q: %q, %d citations, %d passages", q, r.Blocks[0][0].Text, len(r.Citations), len(r.Passages))
		}
		if strings.Contains(r.Text(), "“") && !strings.Contains(r.Text(), txtClosest.in(r.Lang)) {
			t.Errorf("%q: a refusal quotes without the 'closest passages' label:\n%s", q, r.Text())
		}
		if len(r.Blocks) > 1 {
			if r.Blocks[1][0] != (Run{Text: txtClosest.in(r.Lang), Style: Italic}) {
				t.Errorf("%q: second block %+v is not the closest-passages label", q, r.Blocks[1][0])
			}
			for _, run := range r.Blocks[1][1:] {
				if !strings.HasPrefix(run.Text, "\n• ") || !strings.Contains(run.Text, ".txt — ") {
					t.Errorf("%q: closest passage %q", q, run.Text)
				}
			}
		}
	}
}

func TestEnglishAskerGetsIndonesianNote(t *testing.T) {
	a := newSeedAssistant(t, Options{})
	en := a.Handle(t.Context(), Request{ChatID: 1, Text: "Where did Putin first meet Kim Jong Un?"})
	id := a.Handle(t.Context(), Request{ChatID: 2, Text: "Di mana Putin pertama kali bertemu Kim Jong Un?"})
	note := "(The quotes are in Indonesian, as the documents are.)"
	if !strings.HasPrefix(en.Text(), "Vladivostok\n\nAccording to the documents: "+note+"\n\n") {
		t.Errorf("English answer:\n%s", en.Text())
	}
	if !strings.HasPrefix(id.Text(), "Vladivostok\n\nMenurut dokumen:\n\n") || strings.Contains(id.Text(), "(The quotes") || strings.Contains(id.Text(), "(Kutipan") {
		t.Errorf("Indonesian answer:\n%s", id.Text())
	}
	// /lang en on an Indonesian question: English frame, the note, the same quotes.
	a.Handle(t.Context(), Request{ChatID: 3, Text: "/lang en"})
	forced := a.Handle(t.Context(), Request{ChatID: 3, Text: "Di mana Putin pertama kali bertemu Kim Jong Un?"})
	if forced.Lang != LangEN || !strings.Contains(forced.Text(), note) || quotedSpans(forced.Text())[0] != quotedSpans(id.Text())[0] {
		t.Errorf("/lang en:\n%s", forced.Text())
	}
	// Request.Lang (the command line's --lang) forces it too.
	forced = a.Ask(t.Context(), Request{ChatID: 4, Text: "Di mana Putin pertama kali bertemu Kim Jong Un?", Lang: LangEN})
	if forced.Lang != LangEN || !strings.Contains(forced.Text(), note) {
		t.Errorf("Request.Lang en:\n%s", forced.Text())
	}
}

func TestSnippet(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"pendek", 80, "pendek"},
		{"satu dua tiga empat lima", 12, "satu dua …"},
		{strings.Repeat("é", 50), 11, strings.Repeat("é", 5) + " …"}, // no word boundary: cut on a rune boundary
	}
	for _, tt := range tests {
		if got := snippet(tt.in, tt.n); got != tt.want {
			t.Errorf("snippet(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestGolden pins the plain text of a few replies. Run with -update after a deliberate change.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		req  Request
	}{
		{"answer_id", Request{Text: "Berapa ton minyak yang dijanjikan AS kepada Korea Utara setiap tahun dalam Persetujuan Kerangka Kerja?"}},
		{"answer_en", Request{Text: "What military technology does Kim want from Russia?"}},
		{"refusal_en", Request{Text: "How do I bake sourdough bread?"}},
		{"help_en", Request{Text: "/help", LangHint: "en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newSeedAssistant(t, Options{})
			tt.req.ChatID = 1
			got := a.Handle(t.Context(), tt.req).Text() + "\n"
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := diffLines(got, string(want)); d != "" {
				t.Errorf("%s (-got +want):\n%s", path, d)
			}
		})
	}
}

func TestQuoteNoteFollowsQuotedDocuments(t *testing.T) {
	seedDocs, err := retrieval.Load(seeds.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	manual, err := retrieval.Load(fstest.MapFS{"pump-manual.txt": {Data: []byte("# Pump manual\n\nThe impeller of the bilge pump must be cleaned every 200 operating hours. Use a soft brush and fresh water to clean the impeller.\n")}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.NewIndex(t.Context(), append(seedDocs, manual...), retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ix.Lang() != LangID {
		t.Fatalf("corpus language %q, want id (mostly Indonesian)", ix.Lang())
	}
	a := New(ix, Options{})
	en := a.Handle(t.Context(), Request{ChatID: 1, Text: "How often must the impeller of the bilge pump be cleaned?"})
	if !strings.Contains(en.Text(), "pump-manual.txt") || strings.Contains(en.Text(), "(The quotes are in Indonesian") {
		t.Errorf("English question answered from the English manual:\n%s", en.Text())
	}
	id := a.Handle(t.Context(), Request{ChatID: 2, Text: "Berapa jam sekali impeller pompa bilga harus dibersihkan?"})
	if strings.Contains(id.Text(), "Menurut dokumen:") && strings.Contains(id.Text(), "pump-manual.txt") && !strings.Contains(id.Text(), "(Kutipan dalam bahasa Inggris") {
		t.Errorf("Indonesian question answered from the English manual without the note:\n%s", id.Text())
	}
	// The Indonesian seeds quoted to an English asker still get the note.
	seed := a.Handle(t.Context(), Request{ChatID: 3, Text: "Where did Putin first meet Kim Jong Un?"})
	if !strings.Contains(seed.Text(), "(The quotes are in Indonesian, as the documents are.)") {
		t.Errorf("English question answered from the Indonesian seeds:\n%s", seed.Text())
	}
}
