package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// ErrUnauthorized means Telegram rejected the bot token, or there is none; the command exits
// with status 2 on it.
var ErrUnauthorized = errors.New("telegram: invalid bot token")

const defaultEndpoint = tgbotapi.APIEndpoint

// allowedUpdates are the update kinds the bot asks Telegram for; the rest are never sent.
var allowedUpdates = []string{"message", "callback_query", "my_chat_member"}

// assistant is the core the bot talks to (*bot.Assistant).
type assistant interface {
	// Handle answers a command or a question.
	Handle(ctx context.Context, req bot.Request) bot.Reply
	// SourcePage returns one page of /source output for a document.
	SourcePage(ctx context.Context, req bot.Request, doc string, page int) bot.Reply
	// Passages returns the verbatim passages with these IDs, for the Sources button.
	Passages(lang bot.Lang, ids []string) bot.Reply
}

// Bot is a running Telegram front end for the assistant.
type Bot struct {
	opts  Options
	a     assistant
	log   *slog.Logger
	red   *redactor
	api   *tgbotapi.BotAPI // a template: every call copies it with a context-bound client
	http  tgbotapi.HTTPClient
	self  tgbotapi.User
	clock Clock

	admins, users, chats map[int64]bool
	limiter              *userLimiter
	pace                 *pacer
	buttons              *lru[sourcesState]
	docKeys              *lru[string]
	strangers            *lru[bool]
	blocked              sync.Map // chat ID → struct{}: the chat blocked or removed the bot
	journal              *journal
	replay               []tgbotapi.Update // left pending by the previous run
	disp                 *dispatcher
	stats                counters

	work      context.Context // lives until the end of shutdown; set by Run
	running   atomic.Bool     // Run was called
	accepting atomic.Bool     // webhook updates are accepted
	wg        sync.WaitGroup
}

// New checks the token with getMe and returns a Bot ready to Run. A missing or rejected token
// is ErrUnauthorized. httpClient may be nil.
func New(opts Options, a assistant, logger *slog.Logger, httpClient *http.Client) (*Bot, error) {
	if a == nil {
		return nil, errors.New("telegram: no assistant")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := checkToken(opts.Token); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	if strings.Count(opts.Endpoint, "%s") != 2 {
		return nil, fmt.Errorf("telegram: API endpoint %q must contain two %%s (token, method)", opts.Endpoint)
	}
	if opts.WebhookURL != "" {
		if err := checkSecret(opts.WebhookSecret); err != nil {
			return nil, err
		}
	}
	red := newRedactor(opts.Token)
	logger = slog.New(&redactHandler{h: logger.Handler(), r: red})
	registerTgLogger(opts.Token, logger)

	var hc tgbotapi.HTTPClient = httpClient
	if httpClient == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = opts.Workers + 4
		hc = &http.Client{Transport: tr}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	api, err := tgbotapi.NewBotAPIWithClient(opts.Token, opts.Endpoint, ctxClient{ctx: ctx, c: hc})
	if err != nil {
		opts.Metrics.TelegramError(errorCode(err))
		var te *tgbotapi.Error
		if errors.As(err, &te) && (te.Code == http.StatusUnauthorized || te.Code == http.StatusNotFound) {
			return nil, fmt.Errorf("%w: Telegram answered getMe with %q", ErrUnauthorized, te.Message)
		}
		return nil, fmt.Errorf("telegram: getMe: %w", red.err(err))
	}
	api.Client = hc

	b := &Bot{
		opts: opts, a: a, log: logger, red: red, api: api, http: hc, self: api.Self, clock: opts.Clock,
		admins: idSet(opts.Admins), users: idSet(opts.AllowedUsers), chats: idSet(opts.AllowedChats),
		pace:      newPacer(opts.Pacing, opts.Clock),
		buttons:   newLRU[sourcesState](opts.ButtonCache, opts.ButtonTTL, opts.Clock),
		docKeys:   newLRU[string](opts.ButtonCache, opts.ButtonTTL, opts.Clock),
		strangers: newLRU[bool](10000, 30*24*time.Hour, opts.Clock),
		disp:      newDispatcher(opts.QueueSize),
	}
	stateDir := opts.StateDir
	if stateDir != "" {
		// Update IDs are per bot: another token gets a journal of its own.
		stateDir = filepath.Join(stateDir, strconv.FormatInt(b.self.ID, 10))
	}
	j, replay, err := openJournal(stateDir, defaultAnsweredKept)
	if err != nil {
		logger.Error("telegram: the delivery journal cannot be opened; keeping it in memory, so a crash loses the questions queued", "dir", stateDir, "err", err)
		j, replay, _ = openJournal("", defaultAnsweredKept)
	}
	b.journal, b.replay = j, replay
	if opts.RatePerMinute > 0 {
		b.limiter = newUserLimiter(opts.RatePerMinute, opts.RateBurst, opts.Clock)
	}
	logger.Info("telegram bot ready", "username", b.self.UserName, "id", b.self.ID,
		"mode", map[bool]string{true: "webhook", false: "polling"}[opts.WebhookURL != ""])
	return b, nil
}

func checkToken(token string) error {
	if token == "" {
		return fmt.Errorf("%w: no token (set TELEGRAM_BOT_TOKEN to the token from @BotFather)", ErrUnauthorized)
	}
	if strings.ContainsAny(token, " \t\r\n/?#%") {
		return fmt.Errorf("%w: the token has characters a Telegram token never has", ErrUnauthorized)
	}
	return nil
}

func checkSecret(s string) error {
	if len(s) < 1 || len(s) > 256 {
		return errors.New("telegram: a webhook needs a secret token of 1-256 characters")
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return errors.New("telegram: the webhook secret may only contain A-Z, a-z, 0-9, _ and -")
		}
	}
	return nil
}

func idSet(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// Self is the bot's own user, as getMe returned it.
func (b *Bot) Self() tgbotapi.User { return b.self }

// ctxClient binds a context to the requests tgbotapi makes, which it builds without one.
type ctxClient struct {
	ctx context.Context
	c   tgbotapi.HTTPClient
}

func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return c.c.Do(req.WithContext(c.ctx))
}

// call makes one Bot API request bound to ctx; its error never contains the token.
func (b *Bot) call(ctx context.Context, method string, params tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	api := *b.api
	api.Client = ctxClient{ctx: ctx, c: b.http}
	resp, err := api.MakeRequest(method, params)
	if err != nil && ctx.Err() == nil {
		b.opts.Metrics.TelegramError(errorCode(err))
	}
	return resp, b.red.err(err)
}

// errorCode is a Bot API error's error_code, or 0 for a network error.
func errorCode(err error) int {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}

// readyTimeout bounds Ready's getMe: a readiness probe must answer quickly.
const readyTimeout = 3 * time.Second

// Ready reports whether Telegram answers a getMe with this token within a few seconds, for a
// readiness probe (/readyz). Its error never contains the token.
func (b *Bot) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	if _, err := b.call(ctx, "getMe", nil); err != nil {
		return fmt.Errorf("telegram: getMe: %w", err)
	}
	return nil
}

// Run receives and answers updates until ctx is done, then shuts down gracefully: it stops
// receiving, lets the answers in flight finish, confirms the last update offset, and returns
// nil, all within ShutdownTimeout. Updates received are journaled first (see journal), so
// those left unanswered at the deadline are answered after a restart, and none twice. It
// returns ErrUnauthorized if Telegram starts rejecting the token. Run may be called once.
func (b *Bot) Run(ctx context.Context) error {
	if !b.running.CompareAndSwap(false, true) {
		return errors.New("telegram: Run called twice")
	}
	// Answers in flight outlive ctx by up to ShutdownTimeout.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	// The shutdown deadline counts from the signal, not from when receiving stops.
	signalled := make(chan time.Time, 1)
	stopAfter := context.AfterFunc(ctx, func() { signalled <- time.Now() })
	defer stopAfter()
	b.work = work
	defer b.journal.close()
	b.disp.start(b.opts.Workers)
	if n := len(b.replay); n > 0 {
		b.log.Info("telegram: answering the updates left unanswered by the previous run", "updates", n)
	}
	for _, u := range b.replay {
		b.stats.replayed.Add(1)
		if b.submit(ctx, u) != nil {
			break // still journaled: the next start answers it
		}
	}
	b.replay = nil
	webhook := b.opts.WebhookURL != ""
	b.accepting.Store(webhook)
	b.setup(ctx)

	var err error
	offset := 0
	if webhook {
		<-ctx.Done()
		b.accepting.Store(false)
	} else {
		offset, err = b.poll(ctx)
	}

	// The whole shutdown fits in ShutdownTimeout: answers get it less what confirming the
	// offset and letting abandoned handlers return may take.
	deadline := time.Now().Add(b.opts.ShutdownTimeout)
	select {
	case at := <-signalled:
		deadline = at.Add(b.opts.ShutdownTimeout)
	default: // Run stopped on its own (a revoked token)
	}
	reserve := min(2*time.Second, b.opts.ShutdownTimeout/4)
	b.log.Info("telegram bot stopping", "pending", b.disp.pending())
	b.disp.close()
	drained := make(chan struct{})
	go func() {
		b.disp.wait()
		b.wg.Wait()
		close(drained)
	}()
	grace := time.NewTimer(time.Until(deadline) - reserve)
	defer grace.Stop()
	select {
	case <-drained:
	case <-grace.C:
		b.log.Warn("telegram: answers still in flight at the shutdown deadline; abandoning them (journaled ones are answered after a restart)", "pending", b.disp.pending(), "journaled", b.journal.durable())
		cancelWork()
		select {
		case <-drained:
		case <-time.After(reserve / 2):
		}
	}
	if offset > 0 {
		b.confirm(offset, max(time.Until(deadline), 100*time.Millisecond))
	}
	b.log.Info("telegram bot stopped")
	return err
}

// setup registers the command menu and the update mode. Failures are logged, not fatal:
// polling reports a wrong mode on its own.
func (b *Bot) setup(ctx context.Context) {
	for _, lang := range []string{"", "id", "en"} {
		list := make([]tgbotapi.BotCommand, 0, len(commands))
		for _, c := range commands {
			if c.admin {
				continue
			}
			desc := c.en
			if lang == "id" {
				desc = c.id
			}
			list = append(list, tgbotapi.BotCommand{Command: c.name, Description: desc})
		}
		data, _ := json.Marshal(list)
		p := tgbotapi.Params{"commands": string(data)}
		if lang != "" {
			p["language_code"] = lang
		}
		if _, err := b.callTimeout(ctx, "setMyCommands", p); err != nil {
			b.log.Warn("telegram: setMyCommands failed", "lang", lang, "err", err)
		}
	}
	if b.opts.WebhookURL != "" {
		if err := b.setWebhook(ctx); err != nil {
			b.log.Error("telegram: setWebhook failed", "err", err)
		}
		return
	}
	if _, err := b.callTimeout(ctx, "deleteWebhook", tgbotapi.Params{}); err != nil {
		b.log.Warn("telegram: deleteWebhook failed", "err", err)
	}
}

func (b *Bot) callTimeout(ctx context.Context, method string, p tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return b.call(ctx, method, p)
}

// poll long-polls getUpdates until ctx is done and returns the next offset to confirm.
func (b *Bot) poll(ctx context.Context) (int, error) {
	offset, failures := 0, 0
	allowed, _ := json.Marshal(allowedUpdates)
	timeout := int(b.opts.PollTimeout / time.Second)
	for ctx.Err() == nil {
		// Read ahead only as far as the queue has room, so dispatching never blocks.
		free, err := b.disp.waitRoom(ctx)
		if err != nil {
			break
		}
		p := tgbotapi.Params{"timeout": fmt.Sprint(timeout), "allowed_updates": string(allowed), "limit": fmt.Sprint(min(free, 100))}
		if offset > 0 {
			p["offset"] = fmt.Sprint(offset)
		}
		pctx, cancel := context.WithTimeout(ctx, b.opts.PollTimeout+30*time.Second)
		resp, err := b.call(pctx, "getUpdates", p)
		cancel()
		var updates []tgbotapi.Update
		if err == nil {
			err = json.Unmarshal(resp.Result, &updates)
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			var te *tgbotapi.Error
			if errors.As(err, &te) && te.Code == http.StatusUnauthorized {
				return offset, fmt.Errorf("%w: getUpdates: %s", ErrUnauthorized, te.Message)
			}
			failures++
			delay := backoff(b.opts.RetryBackoff*2, failures, 30*time.Second)
			if errors.As(err, &te) && te.RetryAfter > 0 {
				delay = time.Duration(te.RetryAfter) * time.Second
			}
			b.log.Warn("telegram: getUpdates failed", "err", err, "retry_in", delay)
			if b.clock.Sleep(ctx, delay) != nil {
				break
			}
			continue
		}
		failures = 0
		for _, u := range updates {
			if ctx.Err() != nil {
				break // the rest stay unconfirmed: Telegram delivers them again
			}
			if u.UpdateID < offset {
				continue
			}
			if err := b.receive(ctx, u); err != nil {
				// Not durable: leave the offset before it, so that Telegram delivers it again.
				b.log.Error("telegram: could not journal an update; fetching it again", "update", u.UpdateID, "err", err)
				failures++
				if b.clock.Sleep(ctx, backoff(b.opts.RetryBackoff*2, failures, 30*time.Second)) != nil {
					return offset, nil
				}
				break
			}
			offset = u.UpdateID + 1
		}
	}
	return offset, nil
}

// receive journals an update and queues it, unless it was answered or queued already. An
// error means it is not durable and must be fetched again.
func (b *Bot) receive(ctx context.Context, u tgbotapi.Update) error {
	b.stats.updates.Add(1)
	if _, ok := updateChat(u); !ok {
		b.log.Debug("telegram: ignoring update", "update", u.UpdateID, "kind", updateKind(u))
		return nil
	}
	fresh, err := b.journal.admit(u)
	if err != nil {
		return err
	}
	if !fresh {
		b.stats.duplicates.Add(1)
		b.log.Info("telegram: update delivered again; already answered or queued", "update", u.UpdateID)
		return nil
	}
	if err := b.submit(ctx, u); err != nil && !b.journal.durable() {
		b.journal.forget(u.UpdateID)
		return err
	}
	return nil
}

// confirm tells Telegram that every update below offset was received: without it the last
// batch would be delivered again after a restart. The journal holds those not yet answered;
// without a durable one, only those below the lowest unanswered update are confirmed.
func (b *Bot) confirm(offset int, timeout time.Duration) {
	if low, ok := b.journal.lowestPending(); ok && !b.journal.durable() && low < offset {
		offset = low
	}
	ctx, cancel := context.WithTimeout(context.Background(), min(timeout, 5*time.Second))
	defer cancel()
	p := tgbotapi.Params{"offset": fmt.Sprint(offset), "timeout": "0", "limit": "1"}
	if _, err := b.call(ctx, "getUpdates", p); err != nil {
		b.log.Warn("telegram: could not confirm the last update; it may be answered again after a restart", "offset", offset, "err", err)
	}
}

// submit queues a journaled update for the worker pool, in its chat's order, waiting for room
// until ctx is done. The update is handled under the bot's work context, not ctx, and leaves
// the journal once handled; an update abandoned at the shutdown deadline stays in it.
func (b *Bot) submit(ctx context.Context, u tgbotapi.Update) error {
	key, _ := updateChat(u)
	work := b.work
	return b.disp.submit(ctx, key, func() {
		b.handleUpdate(work, u)
		if work.Err() != nil {
			return
		}
		if err := b.journal.done(u.UpdateID); err != nil {
			b.log.Error("telegram: could not record an answered update; it may be answered again after a restart", "update", u.UpdateID, "err", err)
		}
	})
}

// backoff is base·2^(n-1), capped.
func backoff(base time.Duration, n int, limit time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}
