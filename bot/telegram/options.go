package telegram

import (
	"time"
)

// Options configure a Bot. The zero value of every field but Token means its default.
type Options struct {
	// Token is the bot token from @BotFather (TELEGRAM_BOT_TOKEN). Never logged.
	Token string
	// Endpoint is a Bot API endpoint format with two %s, for the token and the method, such as
	// "http://127.0.0.1:8081/bot%s/%s" (TELEGRAM_API_ENDPOINT); default api.telegram.org.
	Endpoint string

	// AllowedUsers and AllowedChats restrict the bot to these user and chat IDs; when both are
	// empty everyone may use it. A message is allowed if its user or its chat is listed.
	AllowedUsers []int64
	AllowedChats []int64
	// Admins may run /reload and /stats; they are always allowed.
	Admins []int64

	// RatePerMinute is each user's sustained number of questions per minute (default 10;
	// negative disables the limit); RateBurst is how many may come at once (default 5).
	RatePerMinute float64
	RateBurst     int

	// Workers is the number of updates handled at once (default 8); QueueSize bounds the
	// updates waiting for a worker (default 256).
	Workers   int
	QueueSize int

	// WebhookURL switches from long polling to a webhook: Run registers it with setWebhook and
	// the updates arrive through WebhookHandler. WebhookSecret (1-256 of A-Z a-z 0-9 _ -) is
	// required with it and checked on every request.
	WebhookURL    string
	WebhookSecret string

	// StateDir holds the delivery journal (see journal): the updates received but not yet
	// answered, and the IDs of those answered. Empty keeps it in memory, which loses the
	// questions queued at a crash.
	StateDir string

	// PollTimeout is the long-polling timeout (default 50s).
	PollTimeout time.Duration
	// ShutdownTimeout bounds how long Run takes to stop after its context is done, answers in
	// flight included (default 10s).
	ShutdownTimeout time.Duration
	// AnswerTimeout bounds one call to the assistant (default 60s).
	AnswerTimeout time.Duration
	// TypingAfter is how long an answer may take before the bot shows "typing…" (default
	// 300ms; negative: at once). Fast answers need no typing action.
	TypingAfter time.Duration

	// ButtonTTL is how long Sources buttons keep working (default 48h); ButtonCache bounds how
	// many are remembered (default 20000).
	ButtonTTL   time.Duration
	ButtonCache int

	// Pacing limits the send rate; see Pacing.
	Pacing Pacing
	// MaxRetries bounds retries of a send after 5xx or network errors (default 5), with
	// exponential back-off from RetryBackoff (default 500ms) up to 30s.
	MaxRetries   int
	RetryBackoff time.Duration

	// StreamInterval is the least time between two edits of an answer that a language model is
	// still writing (default 1s; in groups three times as long, since edits count against a
	// group's 20 messages a minute). Negative turns streaming off: the answer is sent when done.
	StreamInterval time.Duration

	// Metrics, when set, is told about every failed Bot API call and every send's latency
	// (*metrics.Metrics satisfies it).
	Metrics Metrics

	// Clock replaces the real clock for pacing, back-off, rate limits and button expiry.
	Clock Clock
}

// Metrics receives the adapter's measurements for monitoring.
type Metrics interface {
	// TelegramError counts a failed Bot API call by its error_code (429, 403, 500…), or 0 for a
	// network error.
	TelegramError(code int)
	// ObserveTelegramSend records how long one sendMessage or editMessageText request took.
	ObserveTelegramSend(d time.Duration)
}

// noMetrics is the Metrics of a bot without monitoring.
type noMetrics struct{}

func (noMetrics) TelegramError(int)                 {}
func (noMetrics) ObserveTelegramSend(time.Duration) {}

func (o Options) withDefaults() Options {
	if o.Endpoint == "" {
		o.Endpoint = defaultEndpoint
	}
	if o.RatePerMinute == 0 {
		o.RatePerMinute = 10
	}
	if o.RateBurst <= 0 {
		o.RateBurst = 5
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 256
	}
	if o.PollTimeout <= 0 {
		o.PollTimeout = 50 * time.Second
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = 10 * time.Second
	}
	if o.AnswerTimeout <= 0 {
		o.AnswerTimeout = 60 * time.Second
	}
	if o.TypingAfter == 0 {
		o.TypingAfter = 300 * time.Millisecond
	}
	if o.ButtonTTL <= 0 {
		o.ButtonTTL = 48 * time.Hour
	}
	if o.ButtonCache <= 0 {
		o.ButtonCache = 20000
	}
	if o.MaxRetries <= 0 {
		o.MaxRetries = 5
	}
	if o.RetryBackoff <= 0 {
		o.RetryBackoff = 500 * time.Millisecond
	}
	if o.StreamInterval == 0 {
		o.StreamInterval = time.Second
	}
	if o.Metrics == nil {
		o.Metrics = noMetrics{}
	}
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	return o
}
