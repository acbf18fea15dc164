package bot

import (
	"strings"
	"testing"
)

func TestSourcesFooterPage(t *testing.T) {
	tests := []struct {
		lang Lang
		cit  Citation
		want string
	}{
		{LangID, Citation{N: 1, Doc: "laporan.pdf", Title: "Laporan", Page: 12, Section: "3.2 Judul"}, "[1] laporan.pdf, hlm. 12 › 3.2 Judul — Laporan"},
		{LangEN, Citation{N: 2, Doc: "report.pdf", Title: "Report", Page: 3}, "[2] report.pdf, p. 3 — Report"},
		{LangID, Citation{N: 1, Doc: "a.txt", Title: "A"}, "[1] a.txt — A"},
	}
	for _, tt := range tests {
		var got strings.Builder
		for _, b := range SourcesFooter(tt.lang, []Citation{tt.cit}) {
			for _, r := range b {
				got.WriteString(r.Text)
			}
		}
		if !strings.HasSuffix(got.String(), "\n"+tt.want) {
			t.Errorf("footer %q, want it to end with %q", got.String(), tt.want)
		}
	}
}
