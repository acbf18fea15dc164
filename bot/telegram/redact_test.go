package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

func TestTokenNeverLoggedAgainstUnreachableEndpoint(t *testing.T) {
	logs := &logBuffer{}
	_, err := New(Options{Token: testToken, Endpoint: "http://127.0.0.1:1/bot%s/%s"}, &fakeAssistant{}, logs.logger(), nil)
	if err == nil {
		t.Fatal("New against an unreachable endpoint succeeded")
	}
	if errors.Is(err, ErrUnauthorized) {
		t.Errorf("a network failure is not a bad token: %v", err)
	}
	if strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), redacted) {
		t.Errorf("error = %q, want the token redacted", err)
	}
	logs.logger().Error("startup failed", "err", err) // what the command does with it
	if strings.Contains(logs.String(), testToken) {
		t.Errorf("logs contain the token:\n%s", logs)
	}
}

func TestTokenNeverLoggedWhenTheServerGoesAway(t *testing.T) {
	srv := telegramtest.New(testToken)
	h := startOn(t, srv, Options{}, &fakeAssistant{})
	h.waitFor("polling", func() bool { return len(srv.Calls("getUpdates")) > 0 })
	srv.Close() // the long poll breaks, and every retry is refused
	h.logs.waitCount("getUpdates failed", 3)
	h.stop() // asserts no log line contains the token
	out := h.logs.String()
	if strings.Count(out, "getUpdates failed") < 3 || !strings.Contains(out, redacted) {
		t.Errorf("want redacted getUpdates failures in the logs:\n%s", out)
	}
}

func TestRedactedErrorsUnwrap(t *testing.T) {
	r := newRedactor(testToken)
	ue := &url.Error{Op: "Post", URL: "https://api.telegram.org/bot" + testToken + "/getMe", Err: context.Canceled}
	err := r.err(ue)
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("err = %q", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(%v, context.Canceled) = false", err)
	}
	api := &tgbotapi.Error{Code: 429, Message: "Too Many Requests", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3}}
	var te *tgbotapi.Error
	if !errors.As(r.err(fmt.Errorf("wrapped: %w", api)), &te) || te.RetryAfter != 3 {
		t.Errorf("Bot API errors must stay inspectable")
	}
	if got := r.err(errors.New("plain " + testToken)).Error(); strings.Contains(got, testToken) {
		t.Errorf("plain error = %q", got)
	}
}

func TestLoggersRedact(t *testing.T) {
	logs := &logBuffer{}
	srv := telegramtest.New(testToken)
	defer srv.Close()
	if _, err := New(Options{Token: testToken, Endpoint: srv.Endpoint()}, &fakeAssistant{}, logs.logger(), srv.Client()); err != nil {
		t.Fatal(err)
	}
	// tgbotapi's own logger (used in its debug mode and GetUpdatesChan).
	tgLog.Println("Post https://api.telegram.org/bot" + testToken + "/getUpdates: EOF")
	tgLog.Printf("Endpoint: %s", "bot"+url.PathEscape(testToken))
	// A careless log call with the token in a message, a string, an error and a group.
	l := slog_(logs, testToken)
	l.Info("url " + testToken)
	l.Info("x", "s", testToken, "err", errors.New(testToken), "g", map[string]string{"t": testToken})
	l.With("tok", testToken).WithGroup("grp").Info("y", "k", testToken)
	if strings.Contains(logs.String(), testToken) {
		t.Errorf("logs contain the token:\n%s", logs)
	}
	if strings.Count(logs.String(), redacted) < 7 {
		t.Errorf("want the token replaced everywhere:\n%s", logs)
	}
}
