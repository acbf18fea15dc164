package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// uploader is the assistant's side of document uploads; *bot.Assistant is one.
type uploader interface {
	Upload(ctx context.Context, req bot.Request, name string, data []byte) bot.Reply
}

// Texts of the upload flow that only Telegram has (the Bot API's size limit, its download).
var uploadTexts = map[bot.Lang][2]string{
	bot.LangID: {"Berkas terlalu besar (%d MB): Telegram hanya mengizinkan bot mengunduh sampai 20 MB. Tidak ada yang berubah.", "Berkas tidak dapat diunduh dari Telegram. Silakan kirim ulang. Tidak ada yang berubah."},
	bot.LangEN: {"The file is too large (%d MB): Telegram lets bots download at most 20 MB. Nothing changed.", "The file could not be downloaded from Telegram. Please send it again. Nothing changed."},
}

// handleDocument takes a document sent in a private chat: an admin's is downloaded and added to
// the documents (the assistant checks it, stores it and re-indexes); anyone else gets the
// assistant's polite refusal, without a download.
func (b *Bot) handleDocument(ctx context.Context, m *tgbotapi.Message, userID int64, hint string) {
	lang := langFromHint(hint)
	up, ok := b.a.(uploader)
	if !ok {
		b.sendText(ctx, m.Chat, m.MessageID, text(lang, txtTextOnly))
		return
	}
	req := bot.Request{ChatID: m.Chat.ID, UserID: userID, LangHint: hint, Admin: b.admins[userID]}
	if !req.Admin {
		b.sendReply(ctx, m.Chat, m.MessageID, up.Upload(ctx, req, m.Document.FileName, nil))
		return
	}
	if m.Document.FileSize > bot.MaxUploadBytes {
		b.sendText(ctx, m.Chat, m.MessageID, fmt.Sprintf(uploadTexts[lang][0], m.Document.FileSize>>20))
		return
	}
	reply := b.ask(ctx, m.Chat.ID, func(ctx context.Context) bot.Reply {
		data, err := b.download(ctx, m.Document.FileID)
		if err != nil {
			b.log.Warn("telegram: document download failed", "chat", m.Chat.ID, "err", err)
			return bot.Reply{Kind: bot.KindError, Lang: lang, Blocks: []bot.Block{{{Text: uploadTexts[lang][1]}}}}
		}
		return up.Upload(ctx, req, m.Document.FileName, data)
	})
	b.sendReply(ctx, m.Chat, m.MessageID, reply)
}

// download fetches a file with getFile and then from the file endpoint that matches the
// configured Bot API endpoint: a local Bot API server, and the test double, serve files at
// /file/bot<token>/<path> beside /bot<token>/<method> (tgbotapi's own links always point at
// api.telegram.org). Its error never contains the token.
func (b *Bot) download(ctx context.Context, fileID string) ([]byte, error) {
	resp, err := b.call(ctx, "getFile", tgbotapi.Params{"file_id": fileID})
	if err != nil {
		return nil, err
	}
	var f tgbotapi.File
	if err := json.Unmarshal(resp.Result, &f); err != nil {
		return nil, fmt.Errorf("getFile: %v", err)
	}
	if f.FilePath == "" {
		return nil, fmt.Errorf("getFile gave no file path")
	}
	if f.FileSize > bot.MaxUploadBytes {
		return nil, fmt.Errorf("file of %d bytes", f.FileSize)
	}
	link := fileURL(b.opts.Endpoint, b.opts.Token, f.FilePath)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, b.red.err(err)
	}
	res, err := b.http.Do(req)
	if err != nil {
		return nil, b.red.err(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("file download: HTTP %d", res.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, bot.MaxUploadBytes+1))
	if err != nil {
		return nil, b.red.err(err)
	}
	if len(data) > bot.MaxUploadBytes {
		return nil, fmt.Errorf("file larger than %d bytes", bot.MaxUploadBytes)
	}
	return data, nil
}

// fileURL turns a Bot API endpoint format ("https://api.telegram.org/bot%s/%s") into the file
// link for a path: the "/bot%s/%s" part becomes "/file/bot<token>/<path>".
func fileURL(endpoint, token, filePath string) string {
	base := endpoint
	if i := strings.LastIndex(endpoint, "/bot%s/%s"); i >= 0 {
		base = endpoint[:i]
	}
	parts := strings.Split(filePath, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return base + "/file/bot" + token + "/" + strings.Join(parts, "/")
}
