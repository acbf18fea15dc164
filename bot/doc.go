// Package bot is Kutip's transport-independent assistant: it turns a Request (a command or a
// question) into a Reply (styled text blocks, citations, the passages used, a refused flag) in the
// asker's language. Front ends live in sub-packages: bot/telegram (Telegram Bot API) and
// bot/console (terminal chat); they render Replies and never decide what to answer.
package bot
