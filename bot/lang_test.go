package bot

import "testing"

func TestDetectLang(t *testing.T) {
	tests := []struct {
		name, text string
		fallback   Lang
		want       detection
	}{
		// Indonesian and English questions decide for themselves, whatever the fallback.
		{"id where", "Di mana Putin bertemu Kim Jong Un?", LangEN, detection{Lang: LangID, Sure: true}},
		{"id who", "Siapa yang mengendalikan Grup Wagner sampai tahun 2023?", LangEN, detection{Lang: LangID, Sure: true}},
		{"id why", "Mengapa KTT Trump dan Kim di Hanoi tahun 2019 gagal?", LangEN, detection{Lang: LangID, Sure: true}},
		{"id short", "Siapa Putin?", LangEN, detection{Lang: LangID, Sure: true}},
		{"id no question word", "jelaskan perjanjian kerangka kerja", LangEN, detection{Lang: LangID, Sure: true}},
		{"en where", "Where did Putin first meet Kim Jong Un?", LangID, detection{Lang: LangEN, Sure: true}},
		{"en which", "Which countries sent representatives to the first round of the Six-Party Talks?", LangID, detection{Lang: LangEN, Sure: true}},
		{"en short", "Who is Putin?", LangID, detection{Lang: LangEN, Sure: true}},
		{"en lower case", "what does north korea want", LangID, detection{Lang: LangEN, Sure: true}},
		// Too short to tell: the fallback decides, and says so.
		{"name only id", "Putin", LangID, detection{Lang: LangID}},
		{"name only en", "Putin", LangEN, detection{Lang: LangEN}},
		{"full name", "Kim Jong Un", LangEN, detection{Lang: LangEN}},
		{"one word", "nuklir", LangEN, detection{Lang: LangEN}},
		{"acronym", "IAEA?", LangID, detection{Lang: LangID}},
		{"ok", "ok", LangID, detection{Lang: LangID}},
		{"number", "2019", LangEN, detection{Lang: LangEN}},
		{"emoji only", "😀🙏", LangEN, detection{Lang: LangEN}},
		{"empty", "", LangID, detection{Lang: LangID}},
		// Mixed: the question's frame decides.
		{"en frame, id words", "What is jaminan keamanan?", LangID, detection{Lang: LangEN, Sure: true}},
		{"id frame, en words", "Apa itu Agreed Framework?", LangEN, detection{Lang: LangID, Sure: true}},
		// Neither language.
		{"chinese", "朝鲜的核计划是什么？", LangID, detection{Lang: LangID, Foreign: true}},
		{"chinese en", "朝鲜的核计划是什么？", LangEN, detection{Lang: LangEN, Foreign: true}},
		{"korean", "북한 핵 프로그램", LangEN, detection{Lang: LangEN, Foreign: true}},
		{"russian", "Где Путин встретил Ким Чен Ына?", LangID, detection{Lang: LangID, Foreign: true}},
		{"chinese with a latin name", "金正恩 Kim 在哪里见了普京？", LangEN, detection{Lang: LangEN, Foreign: true}},
		{"javanese ngoko", "Sapa sing dadi presiden Korea Lor saiki?", LangID, detection{Lang: LangID, Foreign: true}},
		{"javanese how", "Kepiye carane Korea Lor nggawe senjata nuklir?", LangEN, detection{Lang: LangEN, Foreign: true}},
		{"javanese with apa", "Apa sing dikarepake Putin saka Korea Lor?", LangID, detection{Lang: LangID, Foreign: true}},
		{"javanese krama", "Menapa Putin sampun kepanggih kaliyan Kim?", LangEN, detection{Lang: LangEN, Foreign: true}},
		// One Javanese-looking word does not make a question Javanese.
		{"en with sing", "Did Kim sing at the summit?", LangID, detection{Lang: LangEN, Sure: true}},
		{"id with lor", "Apa arti kata Lor dalam dokumen?", LangEN, detection{Lang: LangID, Sure: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectLang(tt.text, tt.fallback); got != tt.want {
				t.Errorf("detectLang(%q, %s) (-got +want)\n- %+v\n+ %+v", tt.text, tt.fallback, got, tt.want)
			}
			if got := DetectLang(tt.text, tt.fallback); got != tt.want.Lang {
				t.Errorf("DetectLang(%q, %s) = %s, want %s", tt.text, tt.fallback, got, tt.want.Lang)
			}
		})
	}
}

func TestHintLang(t *testing.T) {
	tests := []struct {
		code string
		want Lang
	}{
		{"", ""}, {"   ", ""},
		{"id", LangID}, {"ID", LangID}, {"id-ID", LangID}, {"in", LangID}, {"ms", LangID}, {"ms-MY", LangID}, {"jv", LangID}, {"su", LangID},
		{"en", LangEN}, {"en-US", LangEN}, {" en-GB ", LangEN}, {"de", LangEN}, {"zh-hans", LangEN}, {"ko", LangEN},
	}
	for _, tt := range tests {
		if got := hintLang(tt.code); got != tt.want {
			t.Errorf("hintLang(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

// TestReplyLanguage: the order of what decides a reply's language.
func TestReplyLanguage(t *testing.T) {
	tests := []struct {
		name   string
		before []Request
		req    Request
		want   Lang
	}{
		{"text over hint", nil, Request{Text: "Where did Putin first meet Kim Jong Un?", LangHint: "id"}, LangEN},
		{"text over hint id", nil, Request{Text: "Di mana Putin bertemu Kim Jong Un?", LangHint: "en"}, LangID},
		{"hint for a short text", nil, Request{Text: "Vladivostok", LangHint: "en"}, LangEN},
		{"chat's last language for a short text", []Request{{Text: "Where did Putin first meet Kim Jong Un?"}}, Request{Text: "Vladivostok"}, LangEN},
		{"default for a short text", nil, Request{Text: "Vladivostok"}, LangID},
		{"/lang over text", []Request{{Text: "/lang id"}}, Request{Text: "Where did Putin first meet Kim Jong Un?"}, LangID},
		{"Request.Lang over /lang", []Request{{Text: "/lang id"}}, Request{Text: "Where did Putin first meet Kim Jong Un?", Lang: LangEN}, LangEN},
		{"/lang auto undoes /lang", []Request{{Text: "/lang id"}, {Text: "/lang auto"}}, Request{Text: "Where did Putin first meet Kim Jong Un?"}, LangEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newSeedAssistant(t, Options{})
			for _, b := range tt.before {
				b.ChatID = 1
				a.Handle(t.Context(), b)
			}
			tt.req.ChatID = 1
			if r := a.Handle(t.Context(), tt.req); r.Lang != tt.want {
				t.Errorf("reply language %s, want %s:\n%s", r.Lang, tt.want, r.Text())
			}
		})
	}
	// The default language applies when nothing else tells.
	a := newSeedAssistant(t, Options{DefaultLang: LangEN})
	if r := a.Handle(t.Context(), Request{ChatID: 1, Text: "/help"}); r.Lang != LangEN {
		t.Errorf("DefaultLang en: /help in %s", r.Lang)
	}
}
