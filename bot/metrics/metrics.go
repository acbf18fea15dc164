// Package metrics counts what Kutip does, for Prometheus: questions, answers by mode and
// language, refusals, Telegram and API errors by code, latencies and the index's size.
//
// Collectors live on a private registry (nothing is registered globally, so tests and several
// bots in one process do not collide). Every method of a nil *Metrics does nothing, so library
// code records unconditionally and tests pass nil.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds Kutip's collectors and the registry that serves them.
type Metrics struct {
	reg *prometheus.Registry

	questions      prometheus.Counter
	answers        *prometheus.CounterVec   // mode, lang
	refusals       *prometheus.CounterVec   // lang
	answerDuration *prometheus.HistogramVec // mode
	telegramErrors *prometheus.CounterVec   // code
	telegramSend   prometheus.Histogram
	apiErrors      *prometheus.CounterVec   // api, code
	apiDuration    *prometheus.HistogramVec // api
	documents      prometheus.Gauge
	passages       prometheus.Gauge
}

// New returns collectors registered on a fresh registry, with the Go runtime's and the
// process's standard metrics.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kutip_questions_total",
			Help: "Questions answered or refused.",
		}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_answers_total",
			Help: "Answers given, by mode (extractive, llm) and reply language.",
		}, []string{"mode", "lang"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_refusals_total",
			Help: "Questions the documents do not answer, by reply language.",
		}, []string{"lang"}),
		answerDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kutip_answer_duration_seconds",
			Help: "Time from a question to its reply, by mode.",
			// Offline answers take about a millisecond, LLM answers seconds.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"mode"}),
		telegramErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_telegram_errors_total",
			Help: "Failed Bot API calls, by error code (0 for network errors).",
		}, []string{"code"}),
		telegramSend: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "kutip_telegram_send_duration_seconds",
			Help:    "Time of one Bot API send.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}),
		apiErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kutip_api_errors_total",
			Help: "Failed OpenAI-compatible API calls, by API (chat, embeddings) and HTTP status (0 for network errors and timeouts).",
		}, []string{"api", "code"}),
		apiDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kutip_api_request_duration_seconds",
			Help:    "Time of one OpenAI-compatible API request, by API (chat, embeddings).",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120},
		}, []string{"api"}),
		documents: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kutip_index_documents",
			Help: "Documents in the loaded index.",
		}),
		passages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kutip_index_passages",
			Help: "Passages in the loaded index.",
		}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.questions, m.answers, m.refusals, m.answerDuration,
		m.telegramErrors, m.telegramSend, m.apiErrors, m.apiDuration,
		m.documents, m.passages,
	)
	return m
}

// ObserveAnswer records one question's outcome: an answer in mode ("extractive", "llm") and
// language ("id", "en"), or a refusal, and how long the reply took.
func (m *Metrics) ObserveAnswer(mode, lang string, refused bool, d time.Duration) {
	if m == nil {
		return
	}
	m.questions.Inc()
	if refused {
		m.refusals.WithLabelValues(lang).Inc()
	} else {
		m.answers.WithLabelValues(mode, lang).Inc()
	}
	m.answerDuration.WithLabelValues(mode).Observe(d.Seconds())
}

// TelegramError records a failed Bot API call by its error code (429, 403, 500…; 0 for a
// network error).
func (m *Metrics) TelegramError(code int) {
	if m == nil {
		return
	}
	m.telegramErrors.WithLabelValues(strconv.Itoa(code)).Inc()
}

// ObserveTelegramSend records how long one Bot API send took.
func (m *Metrics) ObserveTelegramSend(d time.Duration) {
	if m == nil {
		return
	}
	m.telegramSend.Observe(d.Seconds())
}

// APIError records a failed OpenAI-compatible API call: api is "chat" or "embeddings", code the
// HTTP status (0 for a network error or a timeout).
func (m *Metrics) APIError(api string, code int) {
	if m == nil {
		return
	}
	m.apiErrors.WithLabelValues(api, strconv.Itoa(code)).Inc()
}

// ObserveAPI records how long one OpenAI-compatible API request took.
func (m *Metrics) ObserveAPI(api string, d time.Duration) {
	if m == nil {
		return
	}
	m.apiDuration.WithLabelValues(api).Observe(d.Seconds())
}

// SetIndex records the size of the index just loaded or reloaded.
func (m *Metrics) SetIndex(docs, passages int) {
	if m == nil {
		return
	}
	m.documents.Set(float64(docs))
	m.passages.Set(float64(passages))
}

// Handler serves the metrics in Prometheus' text format; a nil *Metrics serves 404.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
