package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func scrape(t *testing.T, h http.Handler) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d", rec.Code)
	}
	b, err := io.ReadAll(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMetrics(t *testing.T) {
	m := New()
	m.ObserveAnswer("extractive", "id", false, 2*time.Millisecond)
	m.ObserveAnswer("extractive", "id", false, 3*time.Millisecond)
	m.ObserveAnswer("llm", "en", false, 2*time.Second)
	m.ObserveAnswer("extractive", "en", true, time.Millisecond)
	m.TelegramError(429)
	m.TelegramError(429)
	m.TelegramError(0)
	m.ObserveTelegramSend(40 * time.Millisecond)
	m.APIError("chat", 503)
	m.APIError("embeddings", 0)
	m.ObserveAPI("embeddings", 300*time.Millisecond)
	m.SetIndex(5, 120)

	out := scrape(t, m.Handler())
	for _, want := range []string{
		"kutip_questions_total 4",
		`kutip_answers_total{lang="id",mode="extractive"} 2`,
		`kutip_answers_total{lang="en",mode="llm"} 1`,
		`kutip_refusals_total{lang="en"} 1`,
		`kutip_answer_duration_seconds_count{mode="extractive"} 3`,
		`kutip_answer_duration_seconds_bucket{mode="llm",le="2.5"} 1`,
		`kutip_telegram_errors_total{code="429"} 2`,
		`kutip_telegram_errors_total{code="0"} 1`,
		"kutip_telegram_send_duration_seconds_count 1",
		`kutip_api_errors_total{api="chat",code="503"} 1`,
		`kutip_api_errors_total{api="embeddings",code="0"} 1`,
		`kutip_api_request_duration_seconds_count{api="embeddings"} 1`,
		"kutip_index_documents 5",
		"kutip_index_passages 120",
		"go_goroutines ",
		"# HELP kutip_questions_total",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// TestPrivateRegistries checks that two Metrics do not share state or collide on registration.
func TestPrivateRegistries(t *testing.T) {
	a, b := New(), New()
	a.SetIndex(1, 2)
	if out := scrape(t, b.Handler()); !strings.Contains(out, "kutip_index_passages 0") {
		t.Errorf("second registry sees the first's values:\n%s", out)
	}
}

func TestNilIsNoop(t *testing.T) {
	var m *Metrics
	m.ObserveAnswer("extractive", "id", false, time.Millisecond)
	m.TelegramError(500)
	m.ObserveTelegramSend(time.Millisecond)
	m.APIError("chat", 429)
	m.ObserveAPI("chat", time.Millisecond)
	m.SetIndex(1, 1)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("nil Handler = %d, want 404", rec.Code)
	}
}

func TestConcurrentUse(t *testing.T) {
	m := New()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				m.ObserveAnswer("extractive", "id", j%2 == 0, time.Millisecond)
				m.TelegramError(429)
			}
		}()
	}
	wg.Wait()
	out := scrape(t, m.Handler())
	if !strings.Contains(out, "kutip_questions_total 800") || !strings.Contains(out, `kutip_telegram_errors_total{code="429"} 800`) {
		t.Errorf("lost updates:\n%s", out)
	}
}
