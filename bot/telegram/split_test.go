package telegram

import (
	"strings"
	"testing"
)

func TestSplitMessageFits(t *testing.T) {
	in := "<b>Judul</b>\n\nIsi &amp; lain."
	got := SplitMessage(in, 100)
	if len(got) != 1 || got[0] != in {
		t.Fatalf("SplitMessage = %q, want the input unchanged", got)
	}
}

func TestSplitMessageCountsUTF16AfterEntities(t *testing.T) {
	// 4 visible units: "a", "&" (one entity), and an emoji (two UTF-16 units); tags are free.
	in := "<b>a&amp;😀</b>"
	if got := SplitMessage(in, 4); len(got) != 1 {
		t.Fatalf("SplitMessage(limit 4) = %q, want one part", got)
	}
	if got := utf16Len(plainText(in)); got != 4 {
		t.Fatalf("visible length = %d, want 4", got)
	}
}

func TestSplitMessage(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{
			name:  "paragraphs first",
			in:    "First sentence. Second one.\n\nThird paragraph here.",
			limit: 40,
			want:  []string{"First sentence. Second one.", "Third paragraph here."},
		},
		{
			name:  "sentence boundary keeps the citation with its sentence",
			in:    "Alpha beta gamma. [1] Delta epsilon zeta. [2]",
			limit: 30,
			want:  []string{"Alpha beta gamma. [1]", "Delta epsilon zeta. [2]"},
		},
		{
			name:  "never starts a part with a marker",
			in:    "Alpha beta gamma delta [12] epsilon",
			limit: 25,
			want:  []string{"Alpha beta gamma", "delta [12] epsilon"},
		},
		{
			name:  "tags are closed and reopened",
			in:    "<b>one two three four five six</b>",
			limit: 14,
			want:  []string{"<b>one two three</b>", "<b>four five six</b>"},
		},
		{
			name:  "entities stay whole",
			in:    "aaaa &lt;&lt;&lt;&lt; bbbb",
			limit: 6,
			want:  []string{"aaaa", "&lt;&lt;&lt;&lt;", "bbbb"},
		},
		{
			name:  "hard cut of a long word",
			in:    "abcdefghij",
			limit: 4,
			want:  []string{"abcd", "efgh", "ij"},
		},
		{
			name:  "hard cut avoids a marker",
			in:    "abc[12]defg",
			limit: 5,
			want:  []string{"abc", "[12]d", "efg"},
		},
		{
			name:  "lines before words",
			in:    "[1] a.txt — Judul satu\n[2] b.txt — Judul dua",
			limit: 30,
			want:  []string{"[1] a.txt — Judul satu", "[2] b.txt — Judul dua"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitMessage(tt.in, tt.limit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("SplitMessage(%q, %d)\n got %q\nwant %q", tt.in, tt.limit, got, tt.want)
			}
			checkParts(t, got, tt.limit)
		})
	}
}

// checkParts asserts every part fits and is balanced HTML.
func checkParts(t *testing.T, parts []string, limit int) {
	t.Helper()
	for _, p := range parts {
		if n := utf16Len(plainText(p)); n > limit {
			t.Errorf("part %q has %d units, limit %d", p, n, limit)
		}
		var stack []string
		for _, it := range tokenizeHTML(p) {
			switch it.kind {
			case itemOpen:
				stack = append(stack, it.name)
			case itemClose:
				if len(stack) == 0 || stack[len(stack)-1] != it.name {
					t.Fatalf("part %q: unbalanced </%s>", p, it.name)
				}
				stack = stack[:len(stack)-1]
			}
		}
		if len(stack) != 0 {
			t.Errorf("part %q leaves %v open", p, stack)
		}
	}
}

func TestSplitMessageLongReply(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 400; i++ {
		b.WriteString("Kalimat nomor <b>tebal</b> dengan 😀 emoji &amp; kutipan. [")
		b.WriteString(strings.Repeat("1", 1+i%2))
		b.WriteString("] ")
		if i%7 == 6 {
			b.WriteString("\n\n")
		}
	}
	in := b.String()
	parts := SplitMessage(in, MaxMessageLen)
	if len(parts) < 2 {
		t.Fatalf("got %d parts, want several", len(parts))
	}
	checkParts(t, parts, MaxMessageLen)
	// Nothing visible is lost but the whitespace at the breaks.
	strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
	var joined strings.Builder
	for _, p := range parts {
		joined.WriteString(plainText(p))
		if f := strings.Fields(plainText(p)); isMarker(f[0]) {
			t.Errorf("part starts with marker: %.40q", plainText(p))
		}
	}
	if strip(joined.String()) != strip(plainText(in)) {
		t.Error("visible text changed by splitting")
	}
}

func FuzzSplitMessage(f *testing.F) {
	f.Add("<b>a b</b> c. [1] d\n\ne &amp; f", 3)
	f.Add("abc[12]defg", 2)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if limit < 1 || limit > 64 {
			return
		}
		html := EscapeHTML(s)
		for _, p := range SplitMessage(html, limit) {
			if n := utf16Len(plainText(p)); n > limit && len([]rune(plainText(p))) > 1 {
				t.Fatalf("part %q has %d units, limit %d", p, n, limit)
			}
		}
	})
}
