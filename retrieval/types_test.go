package retrieval

import "testing"

func TestPassageSectionPath(t *testing.T) {
	tests := []struct {
		name    string
		section []string
		want    string
	}{
		{"none", nil, ""},
		{"one", []string{"3 Paket"}, "3 Paket"},
		{"nested", []string{"3 Paket", "3.2.1 Memasang paket"}, "3 Paket › 3.2.1 Memasang paket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Passage{Section: tt.section}
			if got := p.SectionPath(); got != tt.want {
				t.Errorf("SectionPath() = %q, want %q", got, tt.want)
			}
		})
	}
}
