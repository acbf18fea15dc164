package main

import (
	"os"
	"strings"
)

// The reply language, one rule everywhere (README, "Language"): the chat's /lang or the
// command's --lang; else the language of what was typed, when it tells; else the user's
// language (Telegram: the app's; the terminal: the locale); else the chat's last language; else
// KUTIP_LANG. The assistant applies it (bot.Assistant's replyLang); the command line only has
// to hand it the locale, as the Telegram front end hands it the app's language.

// localeLang is the terminal user's language as a client hint for the assistant: the first
// of LC_ALL, LC_MESSAGES and LANG that is set (POSIX's order), or "" when that is the C or
// POSIX locale, which names no language ("C.UTF-8" is common in containers).
func localeLang(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			continue
		}
		lang, _, _ := strings.Cut(v, ".")
		lang, _, _ = strings.Cut(lang, "@")
		if lang == "C" || lang == "POSIX" {
			return ""
		}
		return lang
	}
	return ""
}

// color reports whether replies on stdout may use ANSI styles: stdout is a terminal and
// NO_COLOR is not set.
func (e *env) color() bool {
	f, ok := e.stdout.(*os.File)
	return ok && isTerminal(f) && e.getenv("NO_COLOR") == ""
}
