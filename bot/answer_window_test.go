package bot

import (
	"strings"
	"testing"

	"github.com/kutip/kutip/retrieval"
)

func TestNeighbours(t *testing.T) {
	p := &retrieval.Passage{Sentences: []retrieval.Sentence{
		{Text: "A.", Start: 0, End: 2, Paragraph: 0},
		{Text: "B.", Start: 3, End: 5, Paragraph: 1},
		{Text: "C.", Start: 6, End: 8, Paragraph: 1},
		{Text: "D.", Start: 9, End: 11, Paragraph: 1},
	}}
	tests := []struct {
		name string
		at   int
		want string
	}{
		{"both sides in its paragraph", 2, "B.D."},
		{"not across a paragraph", 1, "C."},
		{"alone in its paragraph", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			for _, s := range neighbours(&candidate{sent: p.Sentences[tt.at], passage: p}) {
				got += s.Text
			}
			if got != tt.want {
				t.Errorf("neighbours = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExtendQuote(t *testing.T) {
	doc := "One. Two.\nThree. Four."
	sent := func(text string, start int) *candidate {
		return &candidate{sent: retrieval.Sentence{Text: text, Start: start, End: start + len(text)}}
	}
	tests := []struct {
		name, quote string
		prevEnd     int
		c           *candidate
		want        string
	}{
		{"first sentence", "", 0, sent("One.", 0), "One."},
		{"the next one keeps the document's separator", "Two.", 9, sent("Three.", 10), "Two.\nThree."},
		{"sentences apart", "One.", 4, sent("Four.", 17), "One. … Four."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extendQuote(&Citation{Quote: tt.quote}, tt.prevEnd, tt.c, doc); got != tt.want {
				t.Errorf("extendQuote = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormOf(t *testing.T) {
	tests := []struct {
		in   string
		want questionForm
	}{
		{"Apa saja solusi yang diusulkan?", questionForm{list: true}},
		{"List the steps to install a package.", questionForm{list: true}},
		{"What are the proposed solutions?", questionForm{list: true}},
		{"Gimana cara hapus tabel di Writer?", questionForm{list: true}},
		{"How do I reconfigure locales?", questionForm{list: true}},
		{"How many rounds of ammunition?", questionForm{}},
		{"What did North Korea do after the US stopped supplying oil?", questionForm{after: true}},
		{"Mengapa Korea Utara membutuhkan teknologi Rusia?", questionForm{why: true}},
		{"Apa itu NPT?", questionForm{define: true}},
		{"Who is Putin?", questionForm{define: true}},
		{"Siapa Ri Il Gyu?", questionForm{define: true}},
		{"Where did Putin first meet Kim Jong Un?", questionForm{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := formOf(tt.in); got != tt.want {
				t.Errorf("formOf = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSentenceShapes(t *testing.T) {
	tests := []struct {
		s                      string
		item, heading, because bool
	}{
		{"• Install the package.", true, false, false},
		{"3. Peningkatan Keterlibatan Track II Diplomacy", true, true, false},
		{"b) the second option", true, true, false},
		{"│showmanual │list manually installed packages │", true, true, false},
		{"Solusi yang bisa Digagas untuk Mewujudkan Perdamaian Dunia", false, true, false},
		{"Korea Utara membutuhkan teknologi Rusia karena rudalnya bisa bertahan.", false, false, true},
		{"2003 was a hard year.", false, false, false},
	}
	for _, tt := range tests {
		if got := looksLikeItem(tt.s); got != tt.item {
			t.Errorf("looksLikeItem(%q) = %v", tt.s, got)
		}
		if got := looksLikeHeading(tt.s); got != tt.heading {
			t.Errorf("looksLikeHeading(%q) = %v", tt.s, got)
		}
		if got := givesReason(tt.s); got != tt.because {
			t.Errorf("givesReason(%q) = %v", tt.s, got)
		}
	}
}

// TestAnswerWindows asks questions whose answer is not the sentence that best matches their
// words, and checks the quote holds it.
func TestAnswerWindows(t *testing.T) {
	tests := []struct{ name, q, want string }{
		{"who is X: the sentence introducing X", "Who is Putin?", "Presiden Rusia Vladimir Putin"},
		{"after Y: what follows Y", "What did North Korea do after the US stopped supplying oil?", "mendeportasi inspektur IAEA"},
		{"a heading: what is under it", "Apa saja solusi yang bisa digagas untuk mewujudkan perdamaian dunia?", "dimulai dari Washington"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newSeedAssistant(t, Options{})
			r := a.Ask(t.Context(), Request{ChatID: 1, Text: tt.q})
			if r.Refused || !strings.Contains(r.Text(), tt.want) {
				t.Errorf("%q: want %q in the answer:\n%s", tt.q, tt.want, r.Text())
			}
		})
	}
}

// TestTableRowWithHeader: a row far down a table is quoted with the table's header rows.
func TestTableRowWithHeader(t *testing.T) {
	var b strings.Builder
	b.WriteString("Keys\n\nThe magic keys rescue a frozen system.\n\n| key | action of the kernel |\n|---|---|\n")
	words := []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu"}
	for _, w := range words {
		b.WriteString("| SysRq-" + w + " | the kernel does the " + w + " thing to every mounted filesystem |\n")
	}
	b.WriteString("| SysRq-s | sync all mounted filesystems at once |\n")
	doc := retrieval.Document{ID: "keys.txt", Title: "Keys", Text: b.String()}
	ix, err := retrieval.NewIndex(t.Context(), []retrieval.Document{doc}, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := New(ix, Options{})
	r := a.Ask(t.Context(), Request{ChatID: 1, Text: "What does the SysRq-s key do?", Lang: LangEN})
	if r.Refused || !strings.Contains(r.Text(), "sync all mounted filesystems at once") {
		t.Fatalf("answer:\n%s", r.Text())
	}
	if !strings.Contains(r.Text(), "key | action of the kernel") {
		t.Errorf("the row is quoted without its table's header:\n%s", r.Text())
	}
}

func TestAsksProcedure(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"Gimana cara hapus tabel di Writer?", true},
		{"How do I reconfigure locales?", true},
		{"Which command changes the default editor?", true},
		{"Dialog Legenda di bagan dibuka lewat menu apa?", true},
		{"Where do I set the rotation angle?", true},
		{"Bagaimana mengubah judul dokumen?", true},
		{"I want a core dump. What do I type in the shell first?", true},
		{"Kalo mau bikin pranala ke sel, apa yg harus dilakuin dulu?", true},
		{"What does the KIPRJMOD variable resolve to?", false},
		{"What port does imaps use?", false},
		{"Where was the first round held?", false},
		{"How many files can GerbView show?", false},
	}
	for _, tt := range tests {
		if got := asksProcedure(tt.q); got != tt.want {
			t.Errorf("asksProcedure(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// testRun makes a docRun of sentences, each a paragraph unless it starts with "+" (it goes on
// the paragraph before).
func testRun(at int, texts ...string) docRun {
	p := &retrieval.Passage{ID: "d#1", DocID: "d", Ordinal: 1}
	run := docRun{at: at}
	para, pos := 0, 0
	for _, s := range texts {
		if strings.HasPrefix(s, "+") {
			s = s[1:]
		} else {
			para++
		}
		run.sents = append(run.sents, following{retrieval.Sentence{Text: s, Start: pos, End: pos + len(s), Paragraph: para}, p})
		pos += len(s) + 1
	}
	return run
}

func joinRun(fs []following) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.sent.Text)
	}
	return strings.Join(out, " | ")
}

func TestProcedureWindows(t *testing.T) {
	noFocus := func(string) bool { return false }
	tests := []struct {
		name string
		run  docRun
		got  func(r docRun) []following
		want string
	}{
		{"a step: the whole list with its lead-in",
			testRun(3, "Title", "To edit a legend:", "1. Double-click the chart.", "2. Choose Format - Legend.", "+This opens the Legend dialog.", "3. Click OK.", "Related Topics"),
			func(r docRun) []following { return r.list(r.at) },
			"To edit a legend: | 1. Double-click the chart. | 2. Choose Format - Legend. | This opens the Legend dialog. | 3. Click OK."},
		{"what goes on a step is in the list",
			testRun(4, "Title", "To edit a legend:", "1. Double-click the chart.", "2. Choose Format - Legend.", "+This opens the Legend dialog.", "3. Click OK."),
			func(r docRun) []following {
				if !r.inList(r.at) {
					return nil
				}
				return r.list(r.at)
			},
			"To edit a legend: | 1. Double-click the chart. | 2. Choose Format - Legend. | This opens the Legend dialog. | 3. Click OK."},
		{"ahead: the steps a few sentences on",
			testRun(0, "When you open a dialog, LibreOffice shows your working directory.", "+To change this directory:", "1. Choose Tools - Options - Paths.", "2. Click My Documents.", "You can also do this for images."),
			func(r docRun) []following { return r.ahead(r.at, noFocus) },
			"To change this directory: | 1. Choose Tools - Options - Paths. | 2. Click My Documents."},
		{"ahead: a command announced by the following",
			testRun(0, "Setting a default text editor", "Debian comes with many editors.", "You can change it by the following.", "$ sudo update-alternatives --config editor", "Then log in again."),
			func(r docRun) []following { return r.ahead(r.at, noFocus) },
			"You can change it by the following. | $ sudo update-alternatives --config editor"},
		{"ahead stops at another heading",
			testRun(0, "Changing the title.", "Some utilities show titles.", "Printing", "1. Choose File - Print."),
			func(r docRun) []following { return r.ahead(r.at, noFocus) },
			""},
		{"ahead crosses a heading holding the question's words",
			testRun(0, "Changing the title.", "Some utilities show titles.", "How to change the title", "1. Choose File - Properties."),
			func(r docRun) []following {
				return r.ahead(r.at, func(s string) bool { return strings.Contains(s, "title") })
			},
			"1. Choose File - Properties."},
		{"the best sentence announces a command",
			testRun(0, "The following prevents bash from beeping.", "$ echo \"set bell-style none\" >> ~/.inputrc", "Another tip."),
			func(r docRun) []following { return r.block(r.at + 1) },
			"$ echo \"set bell-style none\" >> ~/.inputrc"},
		{"table rows after a row",
			testRun(0, "│Ctrl-S │halt output│", "│Ctrl-Q │reactivate output│", "Other text."),
			func(r docRun) []following { return r.rows(r.at + 1) },
			"│Ctrl-Q │reactivate output│"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinRun(tt.got(tt.run)); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAnnouncesBlock(t *testing.T) {
	tests := []struct {
		s, next string
		want    bool
	}{
		{"Configure it as:", "# dpkg-reconfigure locales", true},
		{"You check the real host name with the following.", "$ host smtp.example.org", true},
		{"Lakukan salah satu langkah berikut.", "• Pilih Format - Karakter.", true},
		{"The following packages are useful.", "They are small.", false},
		{"Debian is stable.", "$ uname -a", false},
	}
	for _, tt := range tests {
		if got := testRun(0, tt.s, tt.next).announcesBlock(0); got != tt.want {
			t.Errorf("announcesBlock(%q, %q) = %v, want %v", tt.s, tt.next, got, tt.want)
		}
	}
}

func TestSectionHeadingsAreNoSteps(t *testing.T) {
	run := testRun(0, "1.4.7. Setting a default text editor", "Debian comes with many editors.", "You can change it by the following.", "$ sudo update-alternatives --config editor")
	if run.step(0) {
		t.Errorf("a numbered section heading is taken for a step")
	}
	if got := joinRun(run.ahead(0, func(string) bool { return false })); got != "You can change it by the following. | $ sudo update-alternatives --config editor" {
		t.Errorf("ahead = %q", got)
	}
	// A command right after the best sentence is its procedure.
	run = testRun(0, "You can shutdown the system from the commandline.", "# shutdown -h now", "Other text.")
	if got := joinRun(run.ahead(0, func(string) bool { return false })); got != "# shutdown -h now" {
		t.Errorf("ahead = %q", got)
	}
	// An indented paragraph between two numbered steps goes on the first.
	run = testRun(2, "To edit a legend:", "1. Double-click the chart.", "A gray border appears around the chart.", "2. Choose Format - Legend.", "Ikon Catatan")
	if got := joinRun(run.list(1)); got != "To edit a legend: | 1. Double-click the chart. | A gray border appears around the chart. | 2. Choose Format - Legend." {
		t.Errorf("list = %q", got)
	}
	for s, want := range map[string]bool{"penguin  ALL=(ALL) NOPASSWD:ALL": true, "Related Topics": false, "It is done.": false} {
		if got := looksLikeConfig(s); got != want {
			t.Errorf("looksLikeConfig(%q) = %v", s, got)
		}
	}
	if !asksProcedure("What's the command to shut the system down?") {
		t.Errorf("asksProcedure misses \"what's the command\"")
	}
}

func TestParallel(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"Pemindai harus mendukung standar TWAIN.", "Pemindai harus mendukung standar SANE.", true},
		{"Low: 7% of codewords can be restored.", "Medium: 15% of codewords can be restored.", true},
		{"Pemindai harus mendukung standar TWAIN.", "Pemindai harus mendukung standar TWAIN.", false},
		{"The cat sat on the mat.", "A dog ran in the park.", false},
	} {
		if got := parallel(tt.a, tt.b); got != tt.want {
			t.Errorf("parallel(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

func TestProcedureAroundNotes(t *testing.T) {
	focus := func(s string) bool { return strings.Contains(s, "Filter") }
	// A note label inside the section does not end the search for the steps.
	run := testRun(0, "You can distribute XML filters as packages.", "Saving a Filter as a Package", "Ikon Catatan", "The dialog needs an open text document.", "1. Choose Tools - XML Filter Settings.", "2. Click Save as Package.")
	if got := joinRun(run.ahead(0, focus)); got != "1. Choose Tools - XML Filter Settings. | 2. Click Save as Package." {
		t.Errorf("ahead = %q", got)
	}
	// The best sentence is a note after the procedure: the steps before it.
	run = testRun(4, "Updating a style", "1. Choose View - Styles.", "2. Click the style.", "note", "Only manually formatted attributes are added.")
	if got := joinRun(run.behind(4)); got != "1. Choose View - Styles. | 2. Click the style." {
		t.Errorf("behind = %q", got)
	}
	for s, want := range map[string]bool{"Ikon Catatan": true, "[Note] Note": true, "note": true, "Printing": false} {
		if got := admonition(s); got != want {
			t.Errorf("admonition(%q) = %v", s, got)
		}
	}
}

func TestRunIndex(t *testing.T) {
	run := testRun(0, "3.5. Importing a project", "KiCad imports other tools' files.", "Currently the following types are supported:", "*.sch, *.brd Eagle 6.x or newer", "*.csa, *.cpa CADSTAR archive format", "To import a project, choose it.")
	k := run.index(run.slice(1, 2))
	if k != 2 || !run.announcesBlock(k) {
		t.Fatalf("index = %d, announces %v", k, run.announcesBlock(k))
	}
	if got := joinRun(run.block(k + 1)); got != "*.sch, *.brd Eagle 6.x or newer | *.csa, *.cpa CADSTAR archive format" {
		t.Errorf("block = %q", got)
	}
}

func TestInstructions(t *testing.T) {
	for s, want := range map[string]bool{
		"Run \"depmod -a\" to fix it.":                 true,
		"Jalankan \"depmod -a\" untuk memperbaikinya.": true,
		"Klik OK.":              true,
		"The run ends here.":    false,
		"Modules may not load.": false,
	} {
		if got := instruction(s); got != want {
			t.Errorf("instruction(%q) = %v", s, got)
		}
	}
	// A section number split off as a sentence of its own is no step.
	if run := testRun(0, "2.7.2.", "Paket dari sumber arsip campuran"); run.step(0) {
		t.Errorf("a bare number is taken for a step")
	}
}

// TestShortcutInTheSection: "shortcut buat buka tesaurus" is answered by the step giving the
// shortcut under the thesaurus heading, though the step does not repeat the question's words.
func TestShortcutInTheSection(t *testing.T) {
	doc := retrieval.Document{ID: "thesaurus.txt", Title: "Tesaurus", Text: "Tesaurus\n\nBuka tesaurus lewat menu atau shortcut untuk mencari sinonim.\n\n1. Klik kata yang ingin Anda cari.\n\n2. Pilih Perkakas - Bahasa - Kamus, atau tekan Ctrl+F7.\n\n3. Klik entri di daftar Alternatif.\n\nAwalnya, tesaurus menggunakan bahasa kata yang dipilih.\n"}
	other := retrieval.Document{ID: "navigator.txt", Title: "Navigator", Text: "Navigator\n\nThe Navigator lists the objects of a document.\n\nPress F5 to open the Navigator.\n"}
	ix, err := retrieval.NewIndex(t.Context(), []retrieval.Document{doc, other}, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := New(ix, Options{})
	r := a.Ask(t.Context(), Request{ChatID: 1, Text: "shortcut buat buka tesaurus", Lang: LangID})
	if r.Refused || !strings.Contains(r.Text(), "Ctrl+F7") {
		t.Errorf("answer:\n%s", r.Text())
	}
}
