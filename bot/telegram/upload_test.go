package telegram

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
	"github.com/kutip/kutip/retrieval"
)

// uploadAssistant is the real assistant over streamCorpus plus the uploads folder dir, which
// its Reload reads, as cmd/kutip wires it.
func uploadAssistant(t *testing.T, dir string) *bot.Assistant {
	t.Helper()
	up := &retrieval.Uploads{Dir: dir}
	load := func(ctx context.Context) (*retrieval.Index, error) {
		docs, err := retrieval.Load(streamCorpus, nil)
		if err != nil {
			return nil, err
		}
		added, err := up.Load(nil)
		if err != nil {
			return nil, err
		}
		return retrieval.NewIndex(ctx, append(docs, added...), retrieval.Options{})
	}
	ix, err := load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return bot.New(ix, bot.Options{Reload: load, Uploads: up})
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "retrieval", "testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestUploadFlow: an admin sends a PDF in a private chat; it is downloaded through getFile and
// the file endpoint, stored, indexed and confirmed with its pages and passages; the next
// question is answered from it with its page; a second copy is recognised; a non-admin is
// refused without a download; a broken file changes nothing; /forget removes the document;
// a bot over the same folder (a restart) has the upload.
func TestUploadFlow(t *testing.T) {
	dir := t.TempDir()
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	a := uploadAssistant(t, dir)
	h := startAssistant(t, srv, Options{Admins: []int64{alice.ID}}, a)
	chat := telegramtest.PrivateChat(alice)
	sent := 0
	next := func() telegramtest.Message {
		t.Helper()
		sent++
		msgs := h.waitSent(sent)
		return msgs[len(msgs)-1]
	}

	srv.SendDocument(chat, alice, "laporan.pdf", fixture(t, "kerjasama.pdf"), 0)
	if m := next(); !strings.Contains(m.Text, "Ditambahkan: “Kerjasama Korea Utara dengan Russia") || !strings.Contains(m.Text, "(laporan.pdf), 2 halaman,") {
		t.Errorf("confirmation %q", m.Text)
	}
	if srv.Downloads() != 1 || len(srv.Calls("getFile")) != 1 {
		t.Errorf("%d downloads, %d getFile calls", srv.Downloads(), len(srv.Calls("getFile")))
	}
	if _, err := os.Stat(filepath.Join(dir, "laporan.pdf")); err != nil {
		t.Errorf("upload not stored: %v", err)
	}
	srv.Say(chat, alice, "Apa yang diharapkan dari beberapa solusi yang disebutkan?")
	if m := next(); !strings.Contains(m.Text, "laporan.pdf, hlm. 2") {
		t.Errorf("answer does not cite laporan.pdf page 2:\n%s", m.Text)
	}

	srv.SendDocument(chat, alice, "salinan.pdf", fixture(t, "kerjasama.pdf"), 0)
	if m := next(); !strings.Contains(m.Text, "sudah ada (sebagai laporan.pdf)") {
		t.Errorf("duplicate: %q", m.Text)
	}
	for _, bad := range []struct{ name, data, want string }{
		{"kosong.pdf", "", "kosong.pdf is empty"},
		{"rusak.docx", "PK\x03\x04 broken", "not a Word document"},
		{"foto.pdf", "\x89PNG\r\n\x1a\n....", "foto.pdf is not a PDF"},
	} {
		srv.SendDocument(chat, alice, bad.name, []byte(bad.data), 0)
		if m := next(); !strings.Contains(m.Text, "tidak ditambahkan") || !strings.Contains(m.Text, bad.want) || !strings.Contains(m.Text, "Tidak ada yang berubah") {
			t.Errorf("%s: %q", bad.name, m.Text)
		}
	}
	srv.SendDocument(chat, alice, "besar.pdf", []byte("%PDF-"), 25<<20)
	if m := next(); !strings.Contains(m.Text, "terlalu besar (25 MB)") {
		t.Errorf("too big: %q", m.Text)
	}
	downloads := srv.Downloads()
	srv.SendDocument(telegramtest.PrivateChat(bob), bob, "x.pdf", fixture(t, "kerjasama.pdf"), 0)
	if m := next(); !strings.Contains(m.Text, "Only admins can add documents") {
		t.Errorf("non-admin: %q", m.Text)
	}
	if srv.Downloads() != downloads {
		t.Errorf("a non-admin's file was downloaded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("uploads folder holds %d files, want only laporan.pdf", len(entries))
	}

	// A restart: a new assistant over the same folder has the upload.
	if a2 := uploadAssistant(t, dir); len(a2.Index().DocumentPassages("laporan.pdf")) == 0 {
		t.Errorf("upload lost across a restart")
	}

	srv.Say(chat, alice, "/forget laporan.pdf")
	if m := next(); !strings.Contains(m.Text, "Dihapus: laporan.pdf") {
		t.Errorf("forget: %q", m.Text)
	}
	if _, err := os.Stat(filepath.Join(dir, "laporan.pdf")); err == nil {
		t.Errorf("forgotten file still stored")
	}
	if len(a.Index().DocumentPassages("laporan.pdf")) != 0 {
		t.Errorf("forgotten document still indexed")
	}
}

func TestFileURL(t *testing.T) {
	tests := []struct{ endpoint, want string }{
		{"https://api.telegram.org/bot%s/%s", "https://api.telegram.org/file/botTOK/documents/file_1.pdf"},
		{"http://127.0.0.1:8081/bot%s/%s", "http://127.0.0.1:8081/file/botTOK/documents/file_1.pdf"},
	}
	for _, tt := range tests {
		if got := fileURL(tt.endpoint, "TOK", "documents/file_1.pdf"); got != tt.want {
			t.Errorf("fileURL(%q) = %q, want %q", tt.endpoint, got, tt.want)
		}
	}
}

// TestUploadToFirstAnswer measures, through the fake Bot API, the time from an admin sending a
// PDF to the answer of the first question about it. Set KUTIP_UPLOAD_PDF to a PDF (the README's
// figure: a 2 MB one made from Debian Reference) and KUTIP_UPLOAD_QUESTION to the question.
func TestUploadToFirstAnswer(t *testing.T) {
	file, question := os.Getenv("KUTIP_UPLOAD_PDF"), os.Getenv("KUTIP_UPLOAD_QUESTION")
	if file == "" || question == "" {
		t.Skip("KUTIP_UPLOAD_PDF and KUTIP_UPLOAD_QUESTION not set")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	srv := telegramtest.New(testToken)
	t.Cleanup(srv.Close)
	h := startAssistant(t, srv, Options{Admins: []int64{alice.ID}, AnswerTimeout: time.Minute}, uploadAssistant(t, t.TempDir()))
	chat := telegramtest.PrivateChat(alice)
	start := time.Now()
	srv.SendDocument(chat, alice, filepath.Base(file), data, 0)
	confirm := h.waitSent(1)[0]
	confirmed := time.Since(start)
	srv.Say(chat, alice, question)
	answer := h.waitSent(2)[1]
	t.Logf("%d bytes: confirmed after %v (%q), first answer after %v:\n%s", len(data), confirmed, confirm.Text, time.Since(start), answer.Text)
}
