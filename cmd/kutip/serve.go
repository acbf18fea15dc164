package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kutip/kutip/bot/metrics"
	"github.com/kutip/kutip/config"
)

// httpServer is the HTTP side of a running bot, on KUTIP_HTTP_ADDR: /healthz (the process
// is alive), /readyz (every readiness check passes: index loaded, Telegram reachable; then
// lines such as the mode that is live),
// /metrics (Prometheus), and the Telegram webhook when one is mounted with handle.
//
// Use from a command:
//
//	srv := newHTTPServer(e.logger, m, e.cfg.ShutdownTimeout)
//	srv.readyCheck("index", func(ctx context.Context) error { … })
//	srv.handle("POST "+webhookPath(e.cfg), webhookHandler)
//	wait, err := srv.start(ctx, e.cfg.HTTPAddr) // "" serves nothing
//	…                                           // run the bot until ctx is done
//	err = wait()                                // graceful shutdown finished
type httpServer struct {
	mux             *http.ServeMux
	logger          *slog.Logger
	shutdownTimeout time.Duration
	checkTimeout    time.Duration
	limits          httpLimits

	mu       sync.Mutex
	checks   []readiness
	infos    []readyInfo
	shutdown []func()
}

// readyInfo is a line /readyz adds after its verdict, such as the mode that is live.
type readyInfo struct {
	name string
	text func() string
}

type readiness struct {
	name  string
	check func(context.Context) error
}

// httpLimits protect the server from slow and idle clients: the port may be reachable from
// outside in webhook mode. Telegram's webhook requests are small and quick, so are probes.
type httpLimits struct {
	read, write, idle time.Duration // whole request, whole response, an idle keep-alive connection
	maxHeaderBytes    int
	maxConns          int // open connections; more are closed at once
}

var defaultHTTPLimits = httpLimits{
	read:           15 * time.Second,
	write:          30 * time.Second,
	idle:           60 * time.Second,
	maxHeaderBytes: 16 << 10,
	maxConns:       256,
}

// newHTTPServer returns a server with /healthz, /readyz and /metrics (m may be nil: no
// metrics). shutdownTimeout bounds how long requests in flight may finish after ctx is done.
func newHTTPServer(logger *slog.Logger, m *metrics.Metrics, shutdownTimeout time.Duration) *httpServer {
	s := &httpServer{
		mux:             http.NewServeMux(),
		logger:          logger,
		shutdownTimeout: shutdownTimeout,
		checkTimeout:    5 * time.Second,
		limits:          defaultHTTPLimits,
	}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	s.mux.HandleFunc("GET /readyz", s.serveReady)
	if m != nil {
		s.mux.Handle("GET /metrics", m.Handler())
	}
	return s
}

// readyCheck adds a condition of /readyz, such as "index" (loaded) or "telegram" (getMe
// answers). A check gets a context bounded to a few seconds.
func (s *httpServer) readyCheck(name string, check func(context.Context) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = append(s.checks, readiness{name, check})
}

// readyInfo adds a line "name: text()" to /readyz's answer, whatever the verdict.
func (s *httpServer) readyInfo(name string, text func() string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.infos = append(s.infos, readyInfo{name, text})
}

// handle mounts a handler, such as the Telegram webhook, with a ServeMux pattern
// ("POST /telegram/webhook"). Mount before start.
func (s *httpServer) handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// onShutdown adds a function called, in its own goroutine, when graceful shutdown begins:
// a place to stop long-lived handlers. Add before start.
func (s *httpServer) onShutdown(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutdown = append(s.shutdown, f)
}

// Handler is the server's routes, for tests.
func (s *httpServer) Handler() http.Handler { return s.mux }

// serveReady answers 200 when every check passes, else 503 naming the failing checks; the
// reasons go to the log only, since an error from the Telegram client can hold the bot URL.
func (s *httpServer) serveReady(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	checks := append([]readiness(nil), s.checks...)
	infos := append([]readyInfo(nil), s.infos...)
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(r.Context(), s.checkTimeout)
	defer cancel()
	var failed []string
	for _, c := range checks {
		if err := c.check(ctx); err != nil {
			failed = append(failed, c.name)
			s.logger.Warn("not ready", "check", c.name, "err", err)
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if len(failed) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "not ready: %s\n", strings.Join(failed, ", "))
	} else {
		io.WriteString(w, "ready\n")
	}
	for _, in := range infos {
		fmt.Fprintf(w, "%s: %s\n", in.name, in.text())
	}
}

// start listens on addr and serves in the background until ctx is done, then shuts down
// gracefully. A listen error is returned at once. wait blocks until the server has stopped and
// returns why it stopped early, or nil after a clean shutdown. An empty addr serves nothing.
func (s *httpServer) start(ctx context.Context, addr string) (wait func() error, err error) {
	if addr == "" {
		return func() error { return nil }, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("HTTP server on KUTIP_HTTP_ADDR %s: %w", addr, err)
	}
	return s.serve(ctx, ln), nil
}

// serve is start on a listener of the caller's, for tests.
func (s *httpServer) serve(ctx context.Context, ln net.Listener) (wait func() error) {
	srv := &http.Server{
		Handler:           s.mux,
		ReadHeaderTimeout: min(10*time.Second, s.limits.read),
		ReadTimeout:       s.limits.read,
		WriteTimeout:      s.limits.write,
		IdleTimeout:       s.limits.idle,
		MaxHeaderBytes:    s.limits.maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	s.mu.Lock()
	for _, f := range s.shutdown {
		srv.RegisterOnShutdown(f)
	}
	s.mu.Unlock()
	s.logger.Info("HTTP server listening", "addr", ln.Addr().String())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(newLimitListener(ln, s.limits.maxConns, s.logger)) }()
	done := make(chan error, 1)
	go func() {
		select {
		case err := <-served:
			done <- fmt.Errorf("HTTP server: %w", err)
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.shutdownTimeout)
			defer cancel()
			err := srv.Shutdown(sctx)
			if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
				err = serr
			}
			if err != nil {
				srv.Close()
				err = fmt.Errorf("HTTP server shutdown: %w", err)
			}
			s.logger.Info("HTTP server stopped")
			done <- err
		}
	}()
	return sync.OnceValue(func() error { return <-done })
}

// limitListener closes connections beyond max at once, so that a flood of idle or slow
// connections cannot exhaust file descriptors and memory (the idle and read timeouts reap them).
type limitListener struct {
	net.Listener
	max      int64
	open     atomic.Int64
	rejected atomic.Int64
	logger   *slog.Logger
}

func newLimitListener(ln net.Listener, max int, logger *slog.Logger) net.Listener {
	if max <= 0 {
		return ln
	}
	return &limitListener{Listener: ln, max: int64(max), logger: logger}
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.open.Add(1) > l.max {
			l.open.Add(-1)
			c.Close()
			if n := l.rejected.Add(1); n == 1 || n%1000 == 0 {
				l.logger.Warn("HTTP server: too many connections; closing new ones", "limit", l.max, "rejected", n)
			}
			continue
		}
		return &limitConn{Conn: c, release: l.release}, nil
	}
}

func (l *limitListener) release() { l.open.Add(-1) }

// limitConn gives its slot back once, when closed.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// cachedCheck runs a readiness check at most once per ttl and shares its result: probes (or
// anyone, /readyz is unauthenticated) must not turn into one getMe each. Concurrent callers
// wait for the check in flight.
func cachedCheck(check func(context.Context) error, ttl time.Duration, now func() time.Time) func(context.Context) error {
	var (
		mu   sync.Mutex
		at   time.Time
		last error
		ran  bool
	)
	return func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		if ran && now().Sub(at) < ttl {
			return last
		}
		last, at, ran = check(ctx), now(), true
		return last
	}
}

// webhookPath is the path the Telegram webhook is served at: KUTIP_WEBHOOK_URL's path, or
// /telegram/webhook when the URL has none.
func webhookPath(cfg config.Config) string {
	if u, err := url.Parse(cfg.WebhookURL); err == nil && u.Path != "" && u.Path != "/" {
		return u.Path
	}
	return "/telegram/webhook"
}

func init() {
	registerCommand(command{
		name:    "healthcheck",
		args:    "[--url URL] [--timeout D]",
		summary: "exit 0 when the HTTP server answers /healthz (Docker's HEALTHCHECK)",
		run:     runHealthcheck,
	})
}

// runHealthcheck asks a running kutip's /healthz. The Docker image runs it as its HEALTHCHECK,
// since distroless images have no curl. Docker reserves exit status 2, so everything but a
// mistyped flag is status 1, unhealthy.
func runHealthcheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("healthcheck")
	target := fs.String("url", "", "URL to GET (default: /healthz on KUTIP_HTTP_ADDR, through loopback)")
	timeout := fs.Duration("timeout", 3*time.Second, "time limit of the request")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("healthcheck takes no arguments, only flags")
	}
	u := *target
	if u == "" {
		if u, err = localURL(e.cfg.HTTPAddr, "/healthz"); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("unhealthy: --url %q: %v", u, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("unhealthy: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("unhealthy: GET %s: %s", u, resp.Status)
	}
	fmt.Fprintln(e.stdout, "healthy")
	return nil
}

// localURL turns a listen address (":8080", "0.0.0.0:8080", "[::]:8080") into a URL of this
// machine for path.
func localURL(addr, path string) (string, error) {
	if addr == "" {
		return "", errors.New("unhealthy: KUTIP_HTTP_ADDR is empty, so no server runs; set it or pass --url")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("unhealthy: KUTIP_HTTP_ADDR %q: %v", addr, err)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + path, nil
}
