// Package telegramtest is an in-process fake of the Telegram Bot API for tests and benchmarks.
//
// A Server speaks the Bot API's real JSON on loopback (httptest) for the methods Kutip uses —
// getMe, getUpdates (offsets, confirmation and long-poll timeout), sendMessage,
// editMessageText, answerCallbackQuery, sendChatAction, setMyCommands, getMyCommands,
// deleteWebhook, setWebhook and getWebhookInfo — and enforces Telegram's documented limits:
// 4096 UTF-16 units of text after entity parsing, well-formed HTML with only the tags Telegram
// allows, callback data of at most 64 bytes, 401 for a wrong token, 403 for a chat that
// blocked the bot, 409 for competing getUpdates calls. Faults (429 with retry_after, 5xx,
// dropped connections, slow or held responses) can be injected, and everything the bot sends
// is recorded. Connect a tgbotapi client with
//
//	tgbotapi.NewBotAPIWithClient(token, srv.Endpoint(), srv.Client())
package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Limits Telegram enforces and the fake checks.
const (
	MaxTextLen         = 4096 // UTF-16 units after entity parsing
	MaxCallbackDataLen = 64   // bytes
	MaxCallbackTextLen = 200  // characters of an answerCallbackQuery notification
)

// BotUser is the bot the fake impersonates unless Options say otherwise.
var BotUser = tgbotapi.User{ID: 7000001, IsBot: true, FirstName: "Kutip", UserName: "kutip_bot"}

// Fault is a failure injected into one call.
type Fault struct {
	// Status is the HTTP status and error_code to return (429, 500, 502…); 0 answers normally
	// after Delay or Hold.
	Status      int
	Description string // defaults to Telegram's wording for the status
	RetryAfter  int    // seconds, sent in parameters.retry_after with 429
	// Delay and Hold slow the response: it is written after Delay, or when Hold is closed.
	Delay time.Duration
	Hold  <-chan struct{}
	// Drop closes the connection without a response, as a network failure does.
	Drop bool
	// DropAfter carries the call out (a message is sent), then closes the connection without
	// a response: the bot cannot tell that it succeeded.
	DropAfter bool
}

// Button is an inline keyboard button as the fake recorded it.
type Button struct {
	Text string
	Data string
	URL  string
}

// Message is a message the bot sent, as recorded by the fake.
type Message struct {
	ChatID    int64
	MessageID int
	// Text is what the user sees (entities parsed); HTML is the text parameter as sent.
	Text      string
	HTML      string
	ParseMode string
	ReplyTo   int
	// AllowWithoutReply is allow_sending_without_reply.
	AllowWithoutReply bool
	Keyboard          [][]Button
	Time              time.Time
}

// Buttons returns the message's inline buttons in reading order.
func (m Message) Buttons() []Button {
	var out []Button
	for _, row := range m.Keyboard {
		out = append(out, row...)
	}
	return out
}

// Call is one request the fake received.
type Call struct {
	Method string
	Params url.Values
	Status int // HTTP status of the response (0 while pending, or when dropped or abandoned)
	Time   time.Time
}

// CallbackAnswer is a recorded answerCallbackQuery.
type CallbackAnswer struct {
	QueryID   string
	Text      string
	ShowAlert bool
}

// ChatAction is a recorded sendChatAction.
type ChatAction struct {
	ChatID int64
	Action string
}

// Server is a fake Bot API. Its methods are safe for concurrent use.
type Server struct {
	Token string
	Bot   tgbotapi.User

	srv *httptest.Server

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every change, to wake waiters
	updates    []tgbotapi.Update
	nextUpdate int
	confirmed  int // every update below this id is confirmed
	pushedAt   map[int]time.Time
	msgPushed  map[[2]int64]time.Time
	chats      map[int64]tgbotapi.Chat
	nextMsg    map[int64]int
	known      map[int64]map[int]bool // message ids that exist, per chat
	botMsgs    map[int64]map[int]*Message
	sent       []Message
	edits      []Message
	calls      []Call
	actions    []ChatAction
	answers    []CallbackAnswer
	queries    map[string]bool // callback query id → still unanswered
	nextQuery  int
	commands   map[string][]tgbotapi.BotCommand
	webhookURL string
	secret     string
	blocked    map[int64]string
	faults     map[string][]Fault
	faultFunc  func(method string, params url.Values) *Fault
	poll       chan struct{}   // closed to terminate the current getUpdates with 409
	files      map[string]file // file_id → an uploaded file (files.go)
}

// New starts a fake Bot API server that accepts token. Close it when done.
func New(token string) *Server {
	s := &Server{
		Token:      token,
		Bot:        BotUser,
		changed:    make(chan struct{}),
		nextUpdate: 100,
		pushedAt:   map[int]time.Time{},
		msgPushed:  map[[2]int64]time.Time{},
		chats:      map[int64]tgbotapi.Chat{},
		nextMsg:    map[int64]int{},
		known:      map[int64]map[int]bool{},
		botMsgs:    map[int64]map[int]*Message{},
		queries:    map[string]bool{},
		commands:   map[string][]tgbotapi.BotCommand{},
		blocked:    map[int64]string{},
		faults:     map[string][]Fault{},
		files:      map[string]file{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.srv.URL }

// Endpoint is the tgbotapi endpoint format for this server: URL + "/bot%s/%s".
func (s *Server) Endpoint() string { return s.srv.URL + "/bot%s/%s" }

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Close shuts the server down, ending pending long polls.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// PrivateChat returns a private chat with the user.
func PrivateChat(u tgbotapi.User) tgbotapi.Chat {
	return tgbotapi.Chat{ID: u.ID, Type: "private", FirstName: u.FirstName, UserName: u.UserName}
}

// Group returns a supergroup chat; Telegram gives groups negative ids.
func Group(id int64, title string) tgbotapi.Chat {
	return tgbotapi.Chat{ID: id, Type: "supergroup", Title: title}
}

// User returns a human user with a language code such as "id" or "en-US".
func User(id int64, name, lang string) tgbotapi.User {
	return tgbotapi.User{ID: id, FirstName: name, UserName: strings.ToLower(name), LanguageCode: lang}
}

// Push queues an update for getUpdates. A zero UpdateID is assigned; a message's zero
// MessageID and Date are filled in. It returns the update's id.
func (s *Server) Push(u tgbotapi.Update) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.UpdateID == 0 {
		u.UpdateID = s.nextUpdate
	}
	if u.UpdateID >= s.nextUpdate {
		s.nextUpdate = u.UpdateID + 1
	}
	for _, m := range []*tgbotapi.Message{u.Message, u.EditedMessage, u.ChannelPost, u.EditedChannelPost} {
		if m == nil || m.Chat == nil {
			continue
		}
		s.chats[m.Chat.ID] = *m.Chat
		if m.MessageID == 0 {
			m.MessageID = s.newMessageIDLocked(m.Chat.ID)
		} else {
			s.rememberLocked(m.Chat.ID, m.MessageID)
		}
		if m.Date == 0 {
			m.Date = int(time.Now().Unix())
		}
	}
	now := time.Now()
	if m := u.Message; m != nil && m.Chat != nil {
		s.msgPushed[[2]int64{m.Chat.ID, int64(m.MessageID)}] = now
	}
	s.updates = append(s.updates, u)
	s.pushedAt[u.UpdateID] = now
	s.notifyLocked()
	return u.UpdateID
}

// Say queues a text message from a user in a chat and returns its message id.
func (s *Server) Say(chat tgbotapi.Chat, from tgbotapi.User, text string) int {
	return s.Reply(chat, from, text, 0)
}

// Reply queues a text message that replies to message replyTo (0: no reply) and returns its id.
func (s *Server) Reply(chat tgbotapi.Chat, from tgbotapi.User, text string, replyTo int) int {
	f := from
	c := chat
	m := &tgbotapi.Message{From: &f, Chat: &c, Text: text}
	if strings.HasPrefix(text, "/") {
		end := strings.IndexAny(text, " \n")
		if end < 0 {
			end = len(text)
		}
		m.Entities = []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: UTF16Len(text[:end])}}
	}
	if replyTo != 0 {
		s.mu.Lock()
		orig := &tgbotapi.Message{MessageID: replyTo, Chat: &c}
		if bm := s.botMsgs[chat.ID][replyTo]; bm != nil {
			bot := s.Bot
			orig.From, orig.Text = &bot, bm.Text
		}
		s.mu.Unlock()
		m.ReplyToMessage = orig
	}
	s.Push(tgbotapi.Update{Message: m})
	return m.MessageID
}

// Press queues a callback query, as when the user presses the inline button with data under
// the bot's message messageID, and returns the query id.
func (s *Server) Press(chat tgbotapi.Chat, from tgbotapi.User, messageID int, data string) string {
	s.mu.Lock()
	s.nextQuery++
	id := "cq" + strconv.Itoa(s.nextQuery)
	s.queries[id] = true
	msg := &tgbotapi.Message{MessageID: messageID, Chat: &chat, Date: int(time.Now().Unix())}
	if bm := s.botMsgs[chat.ID][messageID]; bm != nil {
		bot := s.Bot
		msg.From, msg.Text = &bot, bm.Text
	}
	s.mu.Unlock()
	f := from
	s.Push(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{
		ID: id, From: &f, Message: msg, ChatInstance: "ci" + strconv.FormatInt(chat.ID, 10), Data: data,
	}})
	return id
}

// Block makes the chat answer every send with 403, as when a user blocks the bot.
func (s *Server) Block(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[chatID] = "Forbidden: bot was blocked by the user"
}

// Inject queues faults for the next calls of method ("" matches any method), one per call.
func (s *Server) Inject(method string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faults...)
}

// SetFaultFunc installs f, consulted on every call after queued faults; nil uninstalls it.
func (s *Server) SetFaultFunc(f func(method string, params url.Values) *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultFunc = f
}

// Sent returns the messages sent with sendMessage, in order, as they were when sent.
func (s *Server) Sent() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.sent...)
}

// SentTo returns the messages sent to one chat.
func (s *Server) SentTo(chatID int64) []Message {
	var out []Message
	for _, m := range s.Sent() {
		if m.ChatID == chatID {
			out = append(out, m)
		}
	}
	return out
}

// Edits returns the successful editMessageText calls, in order.
func (s *Server) Edits() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.edits...)
}

// Current returns a bot message as it is now, after edits.
func (s *Server) Current(chatID int64, messageID int) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.botMsgs[chatID][messageID]
	if m == nil {
		return Message{}, false
	}
	return *m, true
}

// Calls returns every request received for method ("" for all), including failed ones and
// those still pending (long polls), in arrival order.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || strings.EqualFold(c.Method, method) {
			out = append(out, c)
		}
	}
	return out
}

// Actions returns the recorded chat actions.
func (s *Server) Actions() []ChatAction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ChatAction(nil), s.actions...)
}

// Answers returns the recorded callback query answers.
func (s *Server) Answers() []CallbackAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CallbackAnswer(nil), s.answers...)
}

// Commands returns the command list set for a language code ("" for the default list).
func (s *Server) Commands(lang string) []tgbotapi.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]tgbotapi.BotCommand(nil), s.commands[lang]...)
}

// Webhook returns the webhook URL and secret token set with setWebhook.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookURL, s.secret
}

// Confirmed returns the offset below which updates are confirmed.
func (s *Server) Confirmed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed
}

// Pending returns how many pushed updates are not yet confirmed.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// PushedAt returns when update id was pushed.
func (s *Server) PushedAt(updateID int) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pushedAt[updateID]
}

// MessagePushedAt returns when the user message messageID in chatID was pushed.
func (s *Server) MessagePushedAt(chatID int64, messageID int) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.msgPushed[[2]int64{chatID, int64(messageID)}]
}

// Wait blocks until cond returns true or timeout passes, re-evaluating cond whenever the
// server's state changes, and every few milliseconds besides, since cond may depend on state
// the server does not see (a bot's counters, which change after its last call); it reports
// whether cond became true. cond may call the Server's methods.
func (s *Server) Wait(timeout time.Duration, cond func() bool) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	recheck := time.NewTicker(waitRecheck)
	defer recheck.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return true
		}
		select {
		case <-ch:
		case <-recheck.C:
		case <-timer.C:
			return cond()
		}
	}
}

// waitRecheck is how often Wait re-evaluates its condition without a change on the server.
const waitRecheck = 2 * time.Millisecond

// WaitSent waits until at least n messages were sent and returns them all; it returns what
// was sent so far after timeout.
func (s *Server) WaitSent(n int, timeout time.Duration) []Message {
	s.Wait(timeout, func() bool { return len(s.Sent()) >= n })
	return s.Sent()
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) newMessageIDLocked(chatID int64) int {
	s.nextMsg[chatID]++
	id := s.nextMsg[chatID]
	s.rememberLocked(chatID, id)
	return id
}

func (s *Server) rememberLocked(chatID int64, id int) {
	if s.known[chatID] == nil {
		s.known[chatID] = map[int]bool{}
	}
	s.known[chatID][id] = true
	if id > s.nextMsg[chatID] {
		s.nextMsg[chatID] = id
	}
}

// apiError is a Bot API error response.
type apiError struct {
	status      int
	description string
	retryAfter  int
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{status: 400, description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/file/") {
		s.serveFile(w, r)
		return
	}
	method, token, ok := parsePath(r.URL.Path)
	params := readParams(r)
	s.mu.Lock()
	i := len(s.calls)
	s.calls = append(s.calls, Call{Method: method, Params: params, Time: time.Now()})
	s.notifyLocked()
	s.mu.Unlock()
	status := s.handle(w, r, method, token, ok, params)
	s.mu.Lock()
	s.calls[i].Status = status
	s.notifyLocked()
	s.mu.Unlock()
}

// handle answers one request and returns the HTTP status written (0 if none).
func (s *Server) handle(w http.ResponseWriter, r *http.Request, method, token string, ok bool, params url.Values) int {
	if !ok {
		return writeError(w, &apiError{status: 404, description: "Not Found"})
	}
	if token != s.Token {
		return writeError(w, &apiError{status: 401, description: "Unauthorized"})
	}
	f := s.nextFault(method, params)
	if f != nil {
		if f.Delay > 0 {
			t := time.NewTimer(f.Delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return 0
			}
		}
		if f.Hold != nil {
			select {
			case <-f.Hold:
			case <-r.Context().Done():
				return 0
			}
		}
		if f.Drop {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
				}
			}
			return 0
		}
		if f.Status != 0 {
			e := &apiError{status: f.Status, description: f.Description, retryAfter: f.RetryAfter}
			if e.description == "" {
				e.description = defaultDescription(f.Status, f.RetryAfter)
			}
			return writeError(w, e)
		}
	}
	var result any
	var err *apiError
	switch strings.ToLower(method) {
	case "getme":
		result = s.Bot
	case "getupdates":
		return s.getUpdates(w, r, params)
	case "sendmessage":
		result, err = s.sendMessage(params)
	case "editmessagetext":
		result, err = s.editMessageText(params)
	case "answercallbackquery":
		result, err = s.answerCallbackQuery(params)
	case "sendchataction":
		result, err = s.sendChatAction(params)
	case "setmycommands":
		result, err = s.setMyCommands(params)
	case "getmycommands":
		s.mu.Lock()
		result = append([]tgbotapi.BotCommand{}, s.commands[params.Get("language_code")]...)
		s.mu.Unlock()
	case "deletewebhook":
		s.mu.Lock()
		s.webhookURL, s.secret = "", ""
		if params.Get("drop_pending_updates") == "true" {
			s.updates = nil
		}
		s.mu.Unlock()
		result = true
	case "getfile":
		result, err = s.getFile(params)
	case "setwebhook":
		result, err = s.setWebhook(params)
	case "getwebhookinfo":
		s.mu.Lock()
		result = tgbotapi.WebhookInfo{URL: s.webhookURL, PendingUpdateCount: len(s.updates)}
		s.mu.Unlock()
	default:
		err = &apiError{status: 404, description: "Not Found"}
	}
	if f != nil && f.DropAfter {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
		return 0
	}
	if err != nil {
		return writeError(w, err)
	}
	return writeResult(w, result)
}

func (s *Server) nextFault(method string, params url.Values) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range []string{method, ""} {
		if q := s.faults[key]; len(q) > 0 {
			f := q[0]
			s.faults[key] = q[1:]
			return &f
		}
	}
	if s.faultFunc != nil {
		return s.faultFunc(method, params)
	}
	return nil
}

func defaultDescription(status, retryAfter int) string {
	switch {
	case status == 429:
		return fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)
	case status == 400:
		return "Bad Request"
	case status == 403:
		return "Forbidden"
	case status >= 500:
		return http.StatusText(status)
	}
	return http.StatusText(status)
}

func parsePath(p string) (method, token string, ok bool) {
	rest, found := strings.CutPrefix(p, "/bot")
	if !found {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '/')
	if i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[i+1:], rest[:i], true
}

// readParams reads form, query and JSON parameters, as the Bot API accepts all three.
func readParams(r *http.Request) url.Values {
	params := url.Values{}
	for k, v := range r.URL.Query() {
		params[k] = v
	}
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/json"):
		var m map[string]json.RawMessage
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if json.Unmarshal(body, &m) == nil {
			for k, v := range m {
				var str string
				if json.Unmarshal(v, &str) == nil {
					params.Set(k, str)
				} else {
					params.Set(k, string(v))
				}
			}
		}
	case strings.HasPrefix(ct, "multipart/form-data"):
		if r.ParseMultipartForm(1<<20) == nil {
			for k, v := range r.MultipartForm.Value {
				params[k] = v
			}
		}
	default:
		if r.ParseForm() == nil {
			for k, v := range r.PostForm {
				params[k] = v
			}
		}
	}
	return params
}

func writeResult(w http.ResponseWriter, result any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	json.NewEncoder(w).Encode(struct {
		OK     bool `json:"ok"`
		Result any  `json:"result"`
	}{true, result})
	return http.StatusOK
}

func writeError(w http.ResponseWriter, e *apiError) int {
	type params struct {
		RetryAfter int `json:"retry_after,omitempty"`
	}
	body := struct {
		OK          bool    `json:"ok"`
		ErrorCode   int     `json:"error_code"`
		Description string  `json:"description"`
		Parameters  *params `json:"parameters,omitempty"`
	}{ErrorCode: e.status, Description: e.description}
	if e.retryAfter > 0 {
		body.Parameters = &params{RetryAfter: e.retryAfter}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.status)
	json.NewEncoder(w).Encode(body)
	return e.status
}

func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, params url.Values) int {
	offset, _ := strconv.Atoi(params.Get("offset"))
	limit, _ := strconv.Atoi(params.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(params.Get("timeout"))

	s.mu.Lock()
	if s.webhookURL != "" {
		s.mu.Unlock()
		return writeError(w, &apiError{status: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})
	}
	if s.poll != nil {
		close(s.poll) // Telegram ends the older request when a new one arrives
	}
	mine := make(chan struct{})
	s.poll = mine
	if offset > s.confirmed {
		s.confirmed = offset
		kept := s.updates[:0]
		for _, u := range s.updates {
			if u.UpdateID >= offset {
				kept = append(kept, u)
			}
		}
		s.updates = kept
		s.notifyLocked()
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.poll == mine {
			s.poll = nil
		}
		s.mu.Unlock()
	}()

	var deadline <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		deadline = t.C
	}
	for {
		s.mu.Lock()
		var batch []tgbotapi.Update
		for _, u := range s.updates {
			if len(batch) == limit {
				break
			}
			if u.UpdateID >= offset {
				batch = append(batch, u)
			}
		}
		changed := s.changed
		s.mu.Unlock()
		if len(batch) > 0 || deadline == nil {
			if batch == nil {
				batch = []tgbotapi.Update{}
			}
			return writeResult(w, batch)
		}
		select {
		case <-changed:
		case <-deadline:
			deadline = nil
		case <-mine:
			return writeError(w, &apiError{status: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"})
		case <-r.Context().Done():
			return 0
		}
	}
}

func chatID(params url.Values) (int64, *apiError) {
	v := params.Get("chat_id")
	if v == "" {
		return 0, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, badRequest("chat not found")
	}
	return id, nil
}

// checkText validates text and parse_mode as Telegram does and returns the visible text.
func checkText(params url.Values) (string, *apiError) {
	text := params.Get("text")
	visible := text
	switch mode := params.Get("parse_mode"); strings.ToLower(mode) {
	case "":
	case "html":
		v, err := ParseHTML(text)
		if err != nil {
			return "", badRequest("can't parse entities: %v", err)
		}
		visible = v
	default:
		return "", badRequest("unsupported parse_mode %q in this fake", mode)
	}
	if strings.TrimSpace(visible) == "" {
		return "", badRequest("message text is empty")
	}
	if UTF16Len(visible) > MaxTextLen {
		return "", badRequest("message is too long")
	}
	return visible, nil
}

func checkKeyboard(params url.Values) ([][]Button, *apiError) {
	raw := params.Get("reply_markup")
	if raw == "" {
		return nil, nil
	}
	var markup struct {
		InlineKeyboard [][]struct {
			Text         string  `json:"text"`
			CallbackData *string `json:"callback_data"`
			URL          string  `json:"url"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(raw), &markup); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	var rows [][]Button
	for _, row := range markup.InlineKeyboard {
		var out []Button
		for _, b := range row {
			if strings.TrimSpace(b.Text) == "" {
				return nil, badRequest("text buttons are unallowed in the inline keyboard")
			}
			if b.CallbackData == nil && b.URL == "" {
				return nil, badRequest("can't find field \"callback_data\"")
			}
			var data string
			if b.CallbackData != nil {
				data = *b.CallbackData
				if len(data) == 0 || len(data) > MaxCallbackDataLen {
					return nil, badRequest("BUTTON_DATA_INVALID")
				}
			}
			out = append(out, Button{Text: b.Text, Data: data, URL: b.URL})
		}
		rows = append(rows, out)
	}
	return rows, nil
}

func (s *Server) sendMessage(params url.Values) (any, *apiError) {
	id, e := chatID(params)
	if e != nil {
		return nil, e
	}
	visible, e := checkText(params)
	if e != nil {
		return nil, e
	}
	kb, e := checkKeyboard(params)
	if e != nil {
		return nil, e
	}
	replyTo, _ := strconv.Atoi(params.Get("reply_to_message_id"))
	allow := params.Get("allow_sending_without_reply") == "true"

	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.blocked[id]; ok {
		return nil, &apiError{status: 403, description: d}
	}
	if replyTo != 0 && !s.known[id][replyTo] && !allow {
		return nil, badRequest("message to be replied not found")
	}
	m := Message{
		ChatID: id, MessageID: s.newMessageIDLocked(id), Text: visible, HTML: params.Get("text"),
		ParseMode: params.Get("parse_mode"), ReplyTo: replyTo, AllowWithoutReply: allow,
		Keyboard: kb, Time: time.Now(),
	}
	s.sent = append(s.sent, m)
	if s.botMsgs[id] == nil {
		s.botMsgs[id] = map[int]*Message{}
	}
	cp := m
	s.botMsgs[id][m.MessageID] = &cp
	return s.messageJSONLocked(m), nil
}

func (s *Server) messageJSONLocked(m Message) tgbotapi.Message {
	chat, ok := s.chats[m.ChatID]
	if !ok {
		chat = tgbotapi.Chat{ID: m.ChatID, Type: "private"}
		if m.ChatID < 0 {
			chat.Type = "supergroup"
		}
	}
	bot := s.Bot
	return tgbotapi.Message{MessageID: m.MessageID, From: &bot, Chat: &chat, Date: int(m.Time.Unix()), Text: m.Text}
}

func (s *Server) editMessageText(params url.Values) (any, *apiError) {
	id, e := chatID(params)
	if e != nil {
		return nil, e
	}
	msgID, _ := strconv.Atoi(params.Get("message_id"))
	visible, e := checkText(params)
	if e != nil {
		return nil, e
	}
	kb, e := checkKeyboard(params)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.blocked[id]; ok {
		return nil, &apiError{status: 403, description: d}
	}
	m := s.botMsgs[id][msgID]
	if m == nil {
		return nil, badRequest("message to edit not found")
	}
	if m.HTML == params.Get("text") && fmt.Sprint(m.Keyboard) == fmt.Sprint(kb) {
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	m.Text, m.HTML, m.ParseMode, m.Keyboard, m.Time = visible, params.Get("text"), params.Get("parse_mode"), kb, time.Now()
	s.edits = append(s.edits, *m)
	return s.messageJSONLocked(*m), nil
}

func (s *Server) answerCallbackQuery(params url.Values) (any, *apiError) {
	id := params.Get("callback_query_id")
	text := params.Get("text")
	if len([]rune(text)) > MaxCallbackTextLen {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.queries[id] {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	s.queries[id] = false
	s.answers = append(s.answers, CallbackAnswer{QueryID: id, Text: text, ShowAlert: params.Get("show_alert") == "true"})
	return true, nil
}

func (s *Server) sendChatAction(params url.Values) (any, *apiError) {
	id, e := chatID(params)
	if e != nil {
		return nil, e
	}
	action := params.Get("action")
	switch action {
	case "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
		"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note":
	default:
		return nil, badRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.blocked[id]; ok {
		return nil, &apiError{status: 403, description: d}
	}
	s.actions = append(s.actions, ChatAction{ChatID: id, Action: action})
	return true, nil
}

func (s *Server) setMyCommands(params url.Values) (any, *apiError) {
	var cmds []tgbotapi.BotCommand
	if err := json.Unmarshal([]byte(params.Get("commands")), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands")
	}
	for _, c := range cmds {
		if !validCommand(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := len([]rune(c.Description)); n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	lang := params.Get("language_code")
	if lang != "" && len(lang) != 2 {
		return nil, badRequest("invalid language code specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands[lang] = cmds
	return true, nil
}

func validCommand(c string) bool {
	if len(c) < 1 || len(c) > 32 {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func (s *Server) setWebhook(params url.Values) (any, *apiError) {
	u := params.Get("url")
	secret := params.Get("secret_token")
	if u != "" {
		pu, err := url.Parse(u)
		if err != nil || pu.Scheme != "https" || pu.Host == "" {
			return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
		}
	}
	if len(secret) > 256 {
		return nil, badRequest("secret token is too long")
	}
	for _, r := range secret {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return nil, badRequest("secret token contains unallowed characters")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhookURL, s.secret = u, secret
	if s.poll != nil {
		close(s.poll)
		s.poll = nil
	}
	return true, nil
}
