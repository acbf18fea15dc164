package bot

import (
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
