package bot

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kutip/kutip/retrieval"
)

func TestScope(t *testing.T) {
	docs, err := retrieval.Load(fstest.MapFS{
		"putin.txt":  {Data: []byte("Pertemuan Putin dan Kim\n\nPresiden Rusia Vladimir Putin bertemu pemimpin Korea Utara Kim Jong Un di Vladivostok pada April 2019.\n")},
		"trump.txt":  {Data: []byte("Pertemuan Trump dan Kim\n\nPresiden Amerika Serikat Donald Trump bertemu pemimpin Korea Utara Kim Jong Un di Singapura pada Juni 2018.\n")},
		"jenewa.txt": {Data: []byte("Kerangka Kesepakatan 1994\n\nKerangka Kesepakatan ditandatangani di Jenewa pada Oktober 1994.\n")},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.NewIndex(context.Background(), docs, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := New(ix, Options{})
	ctx := context.Background()
	say := func(text string) Reply { return a.Handle(ctx, Request{ChatID: 7, Text: text, Lang: LangID}) }
	other := func(text string) Reply { return a.Handle(ctx, Request{ChatID: 8, Text: text, Lang: LangID}) }

	if r := say("/scope trump.txt"); !strings.Contains(r.Text(), "hanya dari: trump.txt") {
		t.Errorf("/scope: %q", r.Text())
	}
	r := say("Di mana Kim Jong Un bertemu Putin?")
	for _, h := range r.Passages {
		if h.Passage.DocID != "trump.txt" {
			t.Errorf("scoped answer retrieved %s", h.Passage.DocID)
		}
	}
	if !strings.Contains(r.Text(), "Cakupan: hanya trump.txt") {
		t.Errorf("scope not shown in the reply:\n%s", r.Text())
	}
	if r := other("Di mana Kim Jong Un bertemu Putin?"); !strings.Contains(r.Text(), "Vladivostok") || strings.Contains(r.Text(), "Cakupan") {
		t.Errorf("another chat is scoped too:\n%s", r.Text())
	}
	if r := say("/scope nosuchdoc"); !strings.Contains(r.Text(), "nosuchdoc") {
		t.Errorf("unknown document: %q", r.Text())
	}
	if r := say("/scope all"); !strings.Contains(r.Text(), "semua dokumen") {
		t.Errorf("/scope all: %q", r.Text())
	}
	if r := say("Di mana Kim Jong Un bertemu Putin?"); !strings.Contains(r.Text(), "Vladivostok") || strings.Contains(r.Text(), "Cakupan") {
		t.Errorf("after /scope all:\n%s", r.Text())
	}
}
