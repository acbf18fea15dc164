package telegram

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// journal makes delivery at-least-once with de-duplication. An update is written to disk
// (pending/<update_id>.json, fsynced) before Telegram is told it was received (the next
// getUpdates offset, or the webhook's 200); it is removed once answered, and its update_id is
// added to a bounded log of answered IDs (answered.log). On start, the pending updates of the
// previous run (stopped at its shutdown deadline, or killed) are answered first, and an update
// Telegram delivers again is answered only if its ID is in neither set.
//
// Without a directory the journal lives in memory: nothing is answered twice while the process
// runs, and a graceful shutdown confirms only the updates answered, but a crash loses what was
// queued.
type journal struct {
	dir  string // "" in memory
	keep int    // answered IDs remembered

	mu       sync.Mutex
	pending  map[int]bool
	answered map[int]bool
	order    []int    // answered IDs, oldest first
	log      *os.File // answered.log, open for appending
	logLines int
}

// defaultAnsweredKept is how many answered update IDs a journal remembers: far more than
// Telegram ever redelivers (it keeps undelivered updates for 24 hours).
const defaultAnsweredKept = 20000

// openJournal opens (creating) the journal in dir, or one in memory when dir is "", and
// returns the updates left pending by the previous run, oldest first.
func openJournal(dir string, keep int) (*journal, []tgbotapi.Update, error) {
	j := &journal{dir: dir, keep: keep, pending: map[int]bool{}, answered: map[int]bool{}}
	if dir == "" {
		return j, nil, nil
	}
	if err := os.MkdirAll(filepath.Join(dir, "pending"), 0o700); err != nil {
		return nil, nil, fmt.Errorf("telegram journal: %w", err)
	}
	if err := j.loadAnswered(); err != nil {
		return nil, nil, err
	}
	replay, err := j.loadPending()
	if err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, "answered.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("telegram journal: %w", err)
	}
	j.log = f
	return j, replay, nil
}

func (j *journal) loadAnswered() error {
	f, err := os.Open(filepath.Join(j.dir, "answered.log"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("telegram journal: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		id, err := strconv.Atoi(strings.TrimSpace(sc.Text()))
		if err != nil {
			continue // a line cut by a crash
		}
		j.remember(id)
		j.logLines++
	}
	return sc.Err()
}

func (j *journal) loadPending() ([]tgbotapi.Update, error) {
	dir := filepath.Join(j.dir, "pending")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("telegram journal: %w", err)
	}
	var out []tgbotapi.Update
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if !strings.HasSuffix(e.Name(), ".json") {
			os.Remove(path) // a temporary file of a write cut short: Telegram still had it
			continue
		}
		data, err := os.ReadFile(path)
		var u tgbotapi.Update
		if err == nil {
			err = json.Unmarshal(data, &u)
		}
		if err != nil || u.UpdateID == 0 || j.answered[u.UpdateID] {
			os.Remove(path)
			continue
		}
		j.pending[u.UpdateID] = true
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b tgbotapi.Update) int { return a.UpdateID - b.UpdateID })
	return out, nil
}

// remember adds id to the answered set, forgetting the oldest beyond keep.
func (j *journal) remember(id int) {
	if j.answered[id] {
		return
	}
	j.answered[id] = true
	j.order = append(j.order, id)
	if len(j.order) > j.keep {
		delete(j.answered, j.order[0])
		j.order = j.order[1:]
	}
}

// admit records a received update durably and reports whether it should be answered: false
// when it was answered already or is waiting to be. An error means it could not be made
// durable: Telegram must deliver it again.
func (j *journal) admit(u tgbotapi.Update) (bool, error) {
	j.mu.Lock()
	if j.answered[u.UpdateID] || j.pending[u.UpdateID] {
		j.mu.Unlock()
		return false, nil
	}
	j.pending[u.UpdateID] = true
	j.mu.Unlock()
	if j.dir == "" {
		return true, nil
	}
	if err := j.write(u); err != nil {
		j.mu.Lock()
		delete(j.pending, u.UpdateID)
		j.mu.Unlock()
		return false, err
	}
	return true, nil
}

// write stores an update in pending/ atomically and durably.
func (j *journal) write(u tgbotapi.Update) error {
	data, err := json.Marshal(u)
	if err != nil {
		return fmt.Errorf("telegram journal: %w", err)
	}
	dir := filepath.Join(j.dir, "pending")
	name := strconv.Itoa(u.UpdateID) + ".json"
	tmp, err := os.CreateTemp(dir, name+".tmp*")
	if err != nil {
		return fmt.Errorf("telegram journal: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("telegram journal: %w", err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// done records that an update was answered: its ID joins the answered log (fsynced) before the
// pending copy goes, so a crash in between never answers it again.
func (j *journal) done(id int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.pending, id)
	j.remember(id)
	if j.dir == "" || j.log == nil {
		return nil
	}
	if _, err := fmt.Fprintf(j.log, "%d\n", id); err != nil {
		return fmt.Errorf("telegram journal: %w", err)
	}
	if err := j.log.Sync(); err != nil {
		return fmt.Errorf("telegram journal: %w", err)
	}
	j.logLines++
	if j.logLines > 2*j.keep {
		if err := j.compact(); err != nil {
			return err
		}
	}
	if err := os.Remove(filepath.Join(j.dir, "pending", strconv.Itoa(id)+".json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("telegram journal: %w", err)
	}
	return nil
}

// compact rewrites answered.log with the IDs still remembered. Called with mu held.
func (j *journal) compact() error {
	path := filepath.Join(j.dir, "answered.log")
	tmp := path + ".tmp"
	var b strings.Builder
	for _, id := range j.order {
		b.WriteString(strconv.Itoa(id) + "\n")
	}
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("telegram journal: %w", err)
	}
	_, err = f.WriteString(b.String())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return fmt.Errorf("telegram journal: %w", err)
	}
	nf, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("telegram journal: %w", err)
	}
	j.log.Close()
	j.log, j.logLines = nf, len(j.order)
	return nil
}

// forget drops a pending update that could not be queued (in-memory journals only), so that
// Telegram's next delivery of it is accepted.
func (j *journal) forget(id int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.pending, id)
}

// lowestPending is the smallest update ID still waiting for an answer.
func (j *journal) lowestPending() (int, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	low, ok := 0, false
	for id := range j.pending {
		if !ok || id < low {
			low, ok = id, true
		}
	}
	return low, ok
}

// durable reports whether the journal survives a crash.
func (j *journal) durable() bool { return j.dir != "" }

// close closes the answered log.
func (j *journal) close() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.log != nil {
		j.log.Close()
		j.log = nil
	}
}
