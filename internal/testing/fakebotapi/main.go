// Command fakebotapi serves the fake Telegram Bot API of bot/telegram/telegramtest on a real
// port, so that a kutip running elsewhere (in a container) can be checked end to end. It is a
// test tool: scripts/container-check.sh runs it.
//
//	fakebotapi --addr 0.0.0.0:0 --port-file F --token T --ask QUESTION [--timeout 2m]
//
// It listens on --addr, writes the port it got to --port-file once it is listening, queues
// QUESTION as a private message from a user, and waits until the bot has answered it with a
// citation (a "[1]" mark and a document of the seeds). Then it prints the answer and exits 0; on
// timeout it prints the Bot API calls it saw and exits 1. With no --ask it serves until killed
// (a bot that only needs getMe and getUpdates, as a compose check does). With --v1 it also
// serves the fake OpenAI-compatible API of bot/llm/llmtest under /v1 (deterministic embeddings;
// chat completions answer nothing, so answers stay extractive).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"syscall"
	"time"

	"github.com/kutip/kutip/bot/llm/llmtest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fakebotapi:", err)
		os.Exit(1)
	}
}

// citation is a cited answer as a user sees it: a mark and a seed document's file name.
var citation = regexp.MustCompile(`(?s)\[1\].*\d{3}_[0-9a-f]{16}\.txt`)

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fakebotapi", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	portFile := fs.String("port-file", "", "file to write the port to once listening")
	token := fs.String("token", "123456:fake-token", "bot token the fake accepts")
	ask := fs.String("ask", "", "question to send the bot; empty: serve until killed")
	timeout := fs.Duration("timeout", 2*time.Minute, "time to wait for the answer")
	v1 := fs.Bool("v1", false, "also serve a fake OpenAI-compatible API under /v1")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fake := telegramtest.New(*token)
	defer fake.Close()
	target, err := url.Parse(fake.URL())
	if err != nil {
		return err
	}
	// The fake listens on loopback only (httptest); a container reaches the host through another
	// address, so the fake is served on addr through a proxy.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.FlushInterval = -1
	proxy.ErrorLog = log.New(io.Discard, "", 0) // a long poll cut short when the bot stops is normal
	mux := http.NewServeMux()
	mux.Handle("/", proxy)
	if *v1 {
		api := llmtest.NewUnstarted()
		defer api.Close()
		apiURL, err := url.Parse(api.URL)
		if err != nil {
			return err
		}
		apiURL.Path = ""
		mux.Handle("/v1/", httputil.NewSingleHostReverseProxy(apiURL))
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	if *portFile != "" {
		port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
		if err := os.WriteFile(*portFile, []byte(port+"\n"), 0o644); err != nil {
			return err
		}
	}

	if *ask == "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		<-ctx.Done()
		return nil
	}
	user := telegramtest.User(4242, "Container", "id")
	chat := telegramtest.PrivateChat(user)
	fake.Say(chat, user, *ask)
	var answer string
	answered := func() bool {
		for _, m := range append(fake.SentTo(chat.ID), fake.Edits()...) {
			if m.ChatID == chat.ID && citation.MatchString(m.Text) {
				answer = m.Text
				return true
			}
		}
		return false
	}
	if fake.Wait(*timeout, answered) && answer != "" {
		fmt.Fprintln(stdout, answer)
		return nil
	}
	for _, c := range fake.Calls("") {
		fmt.Fprintf(stdout, "%s %v\n", c.Method, c.Params)
	}
	return fmt.Errorf("no cited answer to %q within %s", *ask, *timeout)
}
