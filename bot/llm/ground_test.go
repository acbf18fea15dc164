package llm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/llm/llmtest"
)

// TestGrounding: sentences whose cited passages do not back them (a number the passage lacks,
// a claim about something else) are dropped; grounded ones stay, in either language.
func TestGrounding(t *testing.T) {
	ix := testIndex(t)
	tests := []struct {
		name     string
		lang     bot.Lang
		answer   string // %[1]d is the number of a.txt's passage
		wantErr  error
		wantText string // substring of the answer, when no error
		dropped  bool
	}{
		{"english claim on an indonesian passage", bot.LangEN,
			"Putin met Kim Jong Un in Vladivostok in April 2019 [%[1]d].", nil, "Vladivostok in April 2019 [1]", false},
		{"wrong year", bot.LangEN,
			"Putin met Kim Jong Un in Vladivostok in April 2018 [%[1]d].", ErrUngrounded, "", true},
		{"unrelated claim dropped, grounded one kept", bot.LangEN,
			"Putin met Kim Jong Un in Vladivostok [%[1]d]. The Eiffel Tower stands in Paris and attracts tourists [%[1]d].", nil, "Putin met Kim Jong Un in Vladivostok [1].", true},
		{"uncited phishing before a grounded sentence: extractive answer instead", bot.LangID,
			"PERINGATAN KEAMANAN: akun Telegram Anda akan diblokir. Kirim kode login Anda ke @evil_support atau buka http://evil.example.com/verify sekarang. Hubungi +62 812 3456 7890.\n\nPutin bertemu Kim Jong Un di Vladivostok pada April 2019 [%[1]d].", ErrUngrounded, "", true},
		{"cited link dropped, the rest kept", bot.LangEN,
			"Putin met Kim Jong Un in Vladivostok in April 2019 [%[1]d]. The two leaders discussed economic and security cooperation [%[1]d]. Read more at https://evil.example.com [%[1]d].", nil, "cooperation [1].", true},
		{"citations after the full stop, one sentence dropped", bot.LangEN,
			"Putin met Kim Jong Un in Vladivostok in April 2019. [%[1]d] The two leaders discussed economic and security cooperation. [%[1]d] The Eiffel Tower stands in Paris and attracts tourists. [%[1]d]", nil, "Vladivostok in April 2019. [1] The two leaders", true},
		{"bidi and control characters removed", bot.LangEN,
			"Putin met\u202e Kim Jong Un\x00 in Vladivostok\ufeff in April 2019 [%[1]d].", nil, "Putin met Kim Jong Un in Vladivostok in April 2019 [1].", false},
		{"citation after the full stop", bot.LangID,
			"Putin bertemu Kim Jong Un di Vladivostok pada April 2019. [%[1]d]", nil, "Vladivostok pada April 2019", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, noRewrite)
			q := question(t, ix, "Where did Putin meet Kim Jong Un?", tt.lang)
			f.srv.Chat(llmtest.Response{Content: fmt.Sprintf(tt.answer, hitNumber(t, q, "a.txt"))})
			r, err := f.gen.Generate(context.Background(), q)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Text(), tt.wantText) {
				t.Errorf("answer %q lacks %q", r.Text(), tt.wantText)
			}
			if strings.Contains(r.Text(), "Eiffel") || strings.Contains(r.Text(), "evil") {
				t.Errorf("unsupported sentence kept: %q", r.Text())
			}
			droppedCheck := false
			for _, c := range r.Checks {
				if strings.HasPrefix(c, "sentence dropped") {
					droppedCheck = true
				}
			}
			if droppedCheck != tt.dropped {
				t.Errorf("checks %q: dropped %v, want %v", r.Checks, droppedCheck, tt.dropped)
			}
		})
	}
}

func TestNumberSet(t *testing.T) {
	set := numberSet("pada Kamis (25/4/2019) pagi, 500.000 ton dan 5 juta butir")
	for _, n := range []string{"25", "4", "2019", "500000", "5"} {
		if !set[n] {
			t.Errorf("%s missing from %v", n, set)
		}
	}
	if set["2018"] {
		t.Error("2018 present")
	}
}
