package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// startLimited serves s on a loopback port with limits and returns its address.
func startLimited(t *testing.T, limits httpLimits) string {
	t.Helper()
	s := newHTTPServer(slog.New(slog.DiscardHandler), nil, time.Second)
	s.limits = limits
	s.handle("POST /telegram/webhook", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "ok")
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	wait := s.serve(ctx, ln)
	t.Cleanup(func() { cancel(); wait() })
	return ln.Addr().String()
}

// closedWithin reports whether the server closes c within d (reads until EOF or error).
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	return err == nil || !strings.Contains(err.Error(), "timeout")
}

func TestHTTPSlowBodyIsCut(t *testing.T) {
	addr := startLimited(t, httpLimits{read: 200 * time.Millisecond, write: time.Second, idle: time.Second, maxHeaderBytes: 4 << 10, maxConns: 10})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Headers promise a body that never comes.
	io.WriteString(c, "POST /telegram/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc")
	if !closedWithin(c, 5*time.Second) {
		t.Error("a slow body kept the connection open past the read timeout")
	}
}

func TestHTTPIdleConnectionsAreClosed(t *testing.T) {
	addr := startLimited(t, httpLimits{read: time.Second, write: time.Second, idle: 200 * time.Millisecond, maxHeaderBytes: 4 << 10, maxConns: 10})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	buf := make([]byte, 512)
	if _, err := c.Read(buf); err != nil {
		t.Fatal(err)
	}
	if !closedWithin(c, 5*time.Second) {
		t.Error("an idle keep-alive connection stayed open past the idle timeout")
	}
}

func TestHTTPHeaderLimit(t *testing.T) {
	addr := startLimited(t, httpLimits{read: time.Second, write: time.Second, idle: time.Second, maxHeaderBytes: 1 << 10, maxConns: 10})
	req, _ := http.NewRequest("GET", "http://"+addr+"/healthz", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 64<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("status %d for 64 KB of headers, want 431", resp.StatusCode)
	}
}

func TestHTTPConnectionLimit(t *testing.T) {
	const limit = 5
	addr := startLimited(t, httpLimits{read: 10 * time.Second, write: time.Second, idle: 10 * time.Second, maxHeaderBytes: 4 << 10, maxConns: limit})
	var idle []net.Conn
	for range limit {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		idle = append(idle, c)
	}
	// One more is closed at once, and answered again once a slot frees.
	extra, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer extra.Close()
	if !closedWithin(extra, 5*time.Second) {
		t.Error("a connection beyond the limit was kept open")
	}
	idle[0].Close()
	ok := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !ok; {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			ok = resp.StatusCode == 200
		}
	}
	if !ok {
		t.Error("no request served after a slot freed")
	}
}

func TestReadyCheckIsCached(t *testing.T) {
	var calls atomic.Int64
	now := time.Unix(0, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	check := cachedCheck(func(context.Context) error { calls.Add(1); return nil }, 5*time.Second, clock)
	s := newHTTPServer(slog.New(slog.DiscardHandler), nil, time.Second)
	s.readyCheck("telegram", check)
	h := s.Handler()
	var wg sync.WaitGroup
	for range 500 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, _ := get(t, h, "GET", "/readyz"); code != 200 {
				t.Errorf("/readyz = %d", code)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("500 probes made %d getMe calls, want 1", n)
	}
	mu.Lock()
	now = now.Add(6 * time.Second)
	mu.Unlock()
	get(t, h, "GET", "/readyz")
	if n := calls.Load(); n != 2 {
		t.Errorf("after the cache expired: %d calls, want 2", n)
	}
}
