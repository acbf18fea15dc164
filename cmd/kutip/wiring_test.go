package main

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot/metrics"
)

// TestObservedTransportCountsErrors: API requests are timed and failures counted by code,
// network errors as 0.
func TestObservedTransportCountsErrors(t *testing.T) {
	codes := []int{200, 429, 503}
	i := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(codes[i%len(codes)])
		i++
	}))
	defer srv.Close()
	m := metrics.New()
	e := &env{metrics: m}
	c := e.observedClient("chat")
	for range codes {
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	dead := observedTransport{base: failingTransport{}, api: "embeddings", m: m}
	if _, err := dead.RoundTrip(httptest.NewRequest("GET", "http://127.0.0.1:1/", nil)); err == nil {
		t.Fatal("no error from a failing transport")
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{`api="chat",code="429"`, `api="chat",code="503"`, `api="embeddings",code="0"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s:\n%s", want, grepLines(string(body), "api"))
		}
	}
	if strings.Contains(string(body), `api="chat",code="200"`) {
		t.Error("a success was counted as an error")
	}
	if (&env{}).observedClient("chat") != nil {
		t.Error("a client without metrics should be nil (the library's default)")
	}
}

type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("connection refused")
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
