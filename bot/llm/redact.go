package llm

import "strings"

// minSecretLen is the shortest API key redacted from messages: shorter values are placeholders
// (local servers accept any key, e.g. "x"), and replacing them everywhere would garble the text.
const minSecretLen = 4

// redactor returns a function that replaces the API key in a text.
func redactor(key string) func(string) string {
	key = strings.TrimSpace(key)
	if len(key) < minSecretLen {
		return func(s string) string { return s }
	}
	return func(s string) string { return strings.ReplaceAll(s, key, "[redacted]") }
}

// redactedError is an error whose message has the API key removed. It keeps the original for
// errors.Is and errors.As, which never print it.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr returns err with the key removed from its message.
func redactErr(redact func(string) string, err error) error {
	if err == nil {
		return nil
	}
	return &redactedError{msg: redact(err.Error()), err: err}
}
