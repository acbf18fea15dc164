// Package telegram is Kutip's Telegram front end: it receives updates from the Bot API (long
// polling or a webhook), decides which messages are addressed to the bot, asks the assistant
// core (package bot) and sends its replies as Telegram HTML, with citation buttons, paging and
// everything Telegram's limits and faults demand: pacing, retries, 429 retry_after, splitting
// at 4096 UTF-16 units, plain-text fallback, blocked chats, allow-lists, per-user rate limits,
// a bounded worker pool that keeps each chat in order, and a graceful shutdown that confirms
// the last update offset so nothing is answered twice.
//
// When the assistant writes an answer with a language model, the answer is streamed: the first
// words are sent as a reply and the message is edited as the text grows, about once a second
// (paced, coalesced, never blocking the answering goroutine), and the last edit carries the
// checked answer with its citations and Sources button, or the fallback the assistant chose.
// Options.Metrics, when set, counts failed Bot API calls by error code and times every send;
// Bot.Ready is a cheap getMe for readiness probes.
//
// The package never logs the bot token: tgbotapi's transport errors carry the request URL,
// which contains it, so every error and log line is redacted.
//
// Package telegramtest provides the fake Bot API server the tests and benchmarks run against.
package telegram
