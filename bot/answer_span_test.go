package bot

import "testing"

// TestAnswerSpan checks the words an answer leads with: verbatim from the quoted sentence,
// whatever the asker's language.
func TestAnswerSpan(t *testing.T) {
	tests := []struct{ q, want string }{
		{"Berapa ton minyak yang dijanjikan AS kepada Korea Utara setiap tahun dalam Persetujuan Kerangka Kerja?", "500.000 ton minyak"},
		{"How much oil did the US promise North Korea each year under the Agreed Framework?", "500.000 ton minyak"},
		{"Where did Putin first meet Kim Jong Un?", "Vladivostok"},
		{"Siapa yang mengendalikan Grup Wagner sampai tahun 2023?", "Yevgeny Prighozin"},
		// The example: one word less, the same answer; the agent after "oleh" wins.
		{"siapa yang mengendalikan Grup Wagner sampai 2023?", "Yevgeny Prighozin"},
		{"When did North Korea and the US sign the Agreed Framework?", "Oktobe 1994"},
		{"Kapan Putin bertemu Kim Jong Un di Vladivostok?", "25/4/2019"},
		{"Berapa butir amunisi yang dijual Korea Utara kepada Grup Wagner?", "5 juta butir amunisi"},
		{"Kapan putaran pertama Six-Party Talks diadakan?", "Agustus 2003"},
		// No span for a question that wants an explanation.
		{"Menurut Putin, apa yang dibutuhkan Korea Utara agar mau meninggalkan program nuklirnya?", ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := newSeedAssistant(t, Options{})
			r := a.Ask(t.Context(), Request{ChatID: 1, Text: tt.q})
			if r.Refused {
				t.Fatalf("refused:\n%s", r.Text())
			}
			got := ""
			if r.Blocks[0][0].Style == Bold {
				got = r.Blocks[0][0].Text
			}
			if got != tt.want || r.Why.Span != tt.want {
				t.Errorf("span %q (why %q), want %q\n%s", got, r.Why.Span, tt.want, r.Text())
			}
		})
	}
}
