package retrieval

import "testing"

func TestIsStopword(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		word string
		want bool
	}{
		{"id function word", LangID, "yang", true},
		{"id preposition", LangID, "dengan", true},
		{"id copula", LangID, "adalah", true},
		{"id negation", LangID, "tidak", true},
		{"id question apa", LangID, "apa", true},
		{"id question siapa", LangID, "siapa", true},
		{"id question mengapa", LangID, "mengapa", true},
		{"id question kenapa", LangID, "kenapa", true},
		{"id question bagaimana", LangID, "bagaimana", true},
		{"id question berapa", LangID, "berapa", true},
		{"id question kapan", LangID, "kapan", true},
		{"id question dimana", LangID, "dimana", true},
		{"id question di mana", LangID, "di mana", true},
		{"id question mana", LangID, "mana", true},
		{"id question particle", LangID, "apakah", true},
		{"id reduplicated", LangID, "masing-masing", true},
		{"id question cara (how to)", LangID, "cara", true},
		{"id chat gimana", LangID, "gimana", true},
		{"id chat gak", LangID, "gak", true},
		{"id chat yg", LangID, "yg", true},
		{"id content nuklir", LangID, "nuklir", false},
		{"id content tahun", LangID, "tahun", false},
		{"id content negara", LangID, "negara", false},
		{"id content orang", LangID, "orang", false},
		{"id content senjata", LangID, "senjata", false},
		{"id AS is not English as", LangID, "as", false},
		{"id number satu", LangID, "satu", false},
		{"id empty", LangID, "", false},
		{"id English word", LangID, "the", false},

		{"en article", LangEN, "the", true},
		{"en question what", LangEN, "what", true},
		{"en question who", LangEN, "who", true},
		{"en question why", LangEN, "why", true},
		{"en question how", LangEN, "how", true},
		{"en question when", LangEN, "when", true},
		{"en question where", LangEN, "where", true},
		{"en question which", LangEN, "which", true},
		{"en negation", LangEN, "not", true},
		{"en contraction", LangEN, "don't", true},
		{"en contraction curly", LangEN, "don’t", true},
		{"en contraction stripped", LangEN, "dont", true},
		{"en auxiliary", LangEN, "did", true},
		{"en modal", LangEN, "can", true},
		{"en US kept", LangEN, "us", false},
		{"en May kept", LangEN, "may", false},
		{"en content nuclear", LangEN, "nuclear", false},
		{"en content year", LangEN, "year", false},
		{"en content country", LangEN, "country", false},
		{"en stripped we'll is well", LangEN, "well", false},
		{"en Indonesian word", LangEN, "yang", false},

		{"unknown lang uses both", Lang("xx"), "yang", true},
		{"unknown lang content", Lang("xx"), "nuklir", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsStopword(tt.lang, tt.word); got != tt.want {
				t.Errorf("IsStopword(%q, %q) = %v, want %v", tt.lang, tt.word, got, tt.want)
			}
		})
	}
}

func TestIsStopwordAny(t *testing.T) {
	tests := []struct {
		name, word string
		want       bool
	}{
		{"indonesian", "dari", true},
		{"english", "from", true},
		{"english as", "as", true},
		{"content id", "perundingan", false},
		{"content en", "talks", false},
		{"name", "pyongyang", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsStopwordAny(tt.word); got != tt.want {
				t.Errorf("IsStopwordAny(%q) = %v, want %v", tt.word, got, tt.want)
			}
		})
	}
}

func TestStopwordListsHaveNoContentWords(t *testing.T) {
	// Words that carry the corpus's meaning must never be dropped, in either language.
	for _, w := range []string{
		"nuklir", "tahun", "negara", "korea", "utara", "amerika", "serikat", "senjata",
		"perjanjian", "perundingan", "program", "rusia", "damai", "hari", "bulan", "orang",
		"nuclear", "year", "country", "north", "agreement", "talks", "peace", "weapons",
	} {
		if IsStopwordAny(w) {
			t.Errorf("IsStopwordAny(%q) = true, want false", w)
		}
	}
}
