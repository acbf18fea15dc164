package telegram

import (
	"strings"

	"github.com/kutip/kutip/bot"
)

// The adapter's own user-facing texts, in Indonesian and English. The assistant core owns
// every other text; these exist only where Telegram itself is the subject (buttons, limits,
// access).
type textID int

const (
	txtStranger textID = iota
	txtRateLimited
	txtTextOnly
	txtExpired
	txtSourcesButton
	txtPrev
	txtNext
	txtInternalError
	txtCut
	txtCutMore
)

var texts = map[bot.Lang]map[textID]string{
	bot.LangID: {
		txtStranger:      "Maaf, bot ini hanya melayani pengguna dan grup yang diizinkan.",
		txtRateLimited:   "Pelan-pelan ya 🙂 Terlalu banyak pertanyaan dalam waktu singkat. Coba lagi sebentar lagi.",
		txtTextOnly:      "Saya hanya bisa membaca pertanyaan berupa teks. Silakan ketik pertanyaan Anda.",
		txtExpired:       "Tombol ini sudah kedaluwarsa. Silakan bertanya lagi.",
		txtSourcesButton: "📄 Sumber",
		txtPrev:          "‹ Sebelumnya",
		txtNext:          "Berikutnya ›",
		txtInternalError: "Maaf, terjadi kesalahan. Silakan coba lagi nanti.",
		txtCut:           "(Dipotong: jawaban ini terlalu panjang untuk dikirim utuh.)",
		txtCutMore:       "(Dipotong: jawaban ini terlalu panjang. Selengkapnya: %s)",
	},
	bot.LangEN: {
		txtStranger:      "Sorry, this bot only serves approved users and groups.",
		txtRateLimited:   "Easy there 🙂 Too many questions in a short time. Please try again in a moment.",
		txtTextOnly:      "I can only read text questions. Please type your question.",
		txtExpired:       "This button has expired. Please ask again.",
		txtSourcesButton: "📄 Sources",
		txtPrev:          "‹ Previous",
		txtNext:          "Next ›",
		txtInternalError: "Sorry, something went wrong. Please try again later.",
		txtCut:           "(Cut here: this reply is too long to send whole.)",
		txtCutMore:       "(Cut here: this reply is too long. More: %s)",
	},
}

func text(lang bot.Lang, id textID) string {
	if t, ok := texts[lang][id]; ok {
		return t
	}
	return texts[bot.LangID][id]
}

// langFromHint maps a Telegram language_code ("id", "en-US", …) to a reply language for the
// adapter's own texts: Indonesian (and its close neighbours) or no code at all gives
// Indonesian, the documents' language; anything else gives English.
func langFromHint(code string) bot.Lang {
	code = strings.ToLower(code)
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i]
	}
	switch code {
	case "", "id", "in", "ms", "jv", "su":
		return bot.LangID
	}
	return bot.LangEN
}

// command is one entry of the command menu Telegram shows.
type command struct {
	name  string
	id    string // Indonesian description
	en    string // English description
	admin bool   // not shown in the menu
}

var commands = []command{
	{name: "ask", id: "Tanya sesuatu dari dokumen", en: "Ask something from the documents"},
	{name: "quote", id: "Kutipan persis dari dokumen", en: "Verbatim quotes from the documents"},
	{name: "sources", id: "Daftar dokumen", en: "List the documents"},
	{name: "source", id: "Buka satu dokumen", en: "Open one document"},
	{name: "scope", id: "Jawab hanya dari dokumen tertentu", en: "Answer only from chosen documents"},
	{name: "lang", id: "Bahasa jawaban: id, en, auto", en: "Reply language: id, en, auto"},
	{name: "help", id: "Cara memakai bot ini", en: "How to use this bot"},
	{name: "start", id: "Mulai dari awal", en: "Start over"},
	{name: "reload", admin: true},
	{name: "stats", admin: true},
	{name: "forget", admin: true},
}

// knownCommand reports whether name is one of the assistant's commands; in groups a command
// without @botname is answered only if it is.
func knownCommand(name string) bool {
	for _, c := range commands {
		if c.name == name {
			return true
		}
	}
	return false
}
