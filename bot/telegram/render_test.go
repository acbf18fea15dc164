package telegram

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (-got +want):\n-%s\n+%s", name, got, want)
	}
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		file  string
		reply bot.Reply
	}{
		{"answer_id.html", bot.Reply{
			Kind: bot.KindAnswer, Lang: bot.LangID,
			Blocks: []bot.Block{
				{{Text: "Menurut dokumen:"}},
				{{Text: "Pada 21 Oktober 1994, AS dan Korea Utara menandatangani "}, {Text: "Agreed Framework", Style: bot.Italic}, {Text: " [1]. Korea Utara membekukan reaktor <5 MW> & fasilitas terkait. [2]"}},
				{{Text: "Sumber", Style: bot.Bold}, {Text: "\n[1] "}, {Text: "002_c095447da0f7cb9e.txt", Style: bot.Code}, {Text: " — Kerangka Kesepakatan 1994"}, {Text: "\n[2] "}, {Text: "003_aa.txt", Style: bot.Code}, {Text: " — Perundingan \"Enam Pihak\""}},
			},
			Note: "Jawaban diambil langsung dari dokumen.",
		}},
		// Answer first: the answering words in bold, then the quote, where they are bold too.
		{"answer_span.html", bot.Reply{
			Kind: bot.KindAnswer, Lang: bot.LangEN,
			Blocks: []bot.Block{
				{{Text: "500.000 ton minyak", Style: bot.Bold}},
				{{Text: "According to the documents:"}, {Text: " (The quotes are in Indonesian, as the documents are.)", Style: bot.Italic}},
				{{Text: "“… dan memberikan "}, {Text: "500.000 ton minyak", Style: bot.Bold}, {Text: " sebagai kompensasi energi setiap tahun <sebelum> konstruksi itu selesai.” [1]"}},
				{{Text: "Sources:", Style: bot.Bold}, {Text: "\n[1] 004_9e8869e5b5bb319d.txt — Dalam rangka untuk meredakan ketegangan…"}},
			},
		}},
		{"answer_en.html", bot.Reply{
			Kind: bot.KindAnswer, Lang: bot.LangEN,
			Blocks: []bot.Block{
				{{Text: "According to the documents (quoted in Indonesian):"}},
				{{Text: "«Korea Utara keluar dari NPT pada 2003» [1]"}},
				{{Text: "Sources", Style: bot.Bold}, {Text: "\n[1] "}, {Text: "001_x.txt", Style: bot.Code}, {Text: " — Program Nuklir <Korea Utara>"}},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := Render(tt.reply)
			golden(t, tt.file, got)
			if _, err := telegramtest.ParseHTML(got); err != nil {
				t.Errorf("Telegram would reject the HTML: %v", err)
			}
		})
	}
}

func TestRenderEscapesEverything(t *testing.T) {
	r := bot.Reply{Blocks: []bot.Block{{{Text: "<b>not bold</b> & <script>", Style: bot.Bold}, {Text: "a<b"}, {Text: "x&amp;y", Style: bot.Code}}}}
	got := Render(r)
	want := "<b>&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;script&gt;</b>a&lt;b<code>x&amp;amp;y</code>"
	if got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
	if plain, err := telegramtest.ParseHTML(got); err != nil || plain != "<b>not bold</b> & <script>a<bx&amp;y" {
		t.Errorf("parsed = %q, %v", plain, err)
	}
}

func TestRenderShowsTheNoteOnce(t *testing.T) {
	note := "(Jawaban model bahasa tidak tersedia; ini kutipan langsung dari dokumen.)"
	tests := []struct {
		name  string
		reply bot.Reply
	}{
		{"note only in Note", bot.Reply{Blocks: []bot.Block{{{Text: "Jawaban [1]"}}}, Note: note}},
		{"note also the last block, as the assistant sends it", bot.Reply{Blocks: []bot.Block{{{Text: "Jawaban [1]"}}, {{Text: note, Style: bot.Italic}}}, Note: note}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := "Jawaban [1]\n\n<i>" + note + "</i>"
			if got := Render(tt.reply); got != want {
				t.Errorf("Render = %q, want %q", got, want)
			}
		})
	}
}
