package telegramtest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// file is a document a user sent, served by getFile and the file endpoint.
type file struct {
	id, path string
	data     []byte
}

// SendDocument queues a message carrying a document (a file of name and content, with an
// optional caption) from a user in a chat and returns its message id. The file is then served
// by getFile and at /file/bot<token>/<path>, as Telegram serves it. size, when not 0, is the
// size the message claims (to play a file over the download limit without the bytes).
func (s *Server) SendDocument(chat tgbotapi.Chat, from tgbotapi.User, name string, data []byte, size int) int {
	s.mu.Lock()
	n := len(s.files) + 1
	f := file{id: fmt.Sprintf("BQAC-file-%d", n), path: fmt.Sprintf("documents/file_%d%s", n, fileExt(name)), data: data}
	s.files[f.id] = f
	s.mu.Unlock()
	if size == 0 {
		size = len(data)
	}
	fr, c := from, chat
	m := &tgbotapi.Message{From: &fr, Chat: &c, Document: &tgbotapi.Document{
		FileID: f.id, FileUniqueID: "u" + f.id, FileName: name, FileSize: size, MimeType: "application/octet-stream",
	}}
	s.Push(tgbotapi.Update{Message: m})
	return m.MessageID
}

// Downloads counts the requests to the file endpoint.
func (s *Server) Downloads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Method == "file" {
			n++
		}
	}
	return n
}

func fileExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

func (s *Server) getFile(params url.Values) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[params.Get("file_id")]
	if !ok {
		return nil, badRequest("invalid file_id")
	}
	return tgbotapi.File{FileID: f.id, FileUniqueID: "u" + f.id, FileSize: len(f.data), FilePath: f.path}, nil
}

// serveFile serves /file/bot<token>/<path>, recorded as a call of method "file".
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/file/bot")
	token, p, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: "file", Params: url.Values{"path": {p}}})
	s.notifyLocked()
	var data []byte
	found := false
	for _, f := range s.files {
		if f.path == p {
			data, found = f.data, true
		}
	}
	s.mu.Unlock()
	switch {
	case token != s.Token:
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	case !found:
		http.Error(w, "Not Found", http.StatusNotFound)
	default:
		w.Write(data)
	}
}
