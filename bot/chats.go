package bot

import (
	"container/list"
	"sync"

	"github.com/kutip/kutip/retrieval"
)

// chatState is what the assistant remembers of one chat: a language override and the last
// questions, for follow-ups. It is small and bounded.
type chatState struct {
	langOverride Lang // "" means auto
	lastLang     Lang
	turns        []turn // most recent last, at most maxTurns
	// lastWhy explains the decision on the chat's last question (for the admins' /why).
	lastWhy      *Why
	lastQuestion string
	// scope, when not empty, limits the chat's answers to these documents (/scope).
	scope []string
}

// turn is one answered question, kept for follow-ups.
type turn struct {
	question string
	terms    []string // the key terms (source words) the question was about
	answered bool
	query    retrieval.Query
}

const (
	maxTurns = 4
	maxChats = 10000
)

// chatStore is a bounded LRU of chat states.
type chatStore struct {
	mu    sync.Mutex
	max   int
	ll    *list.List
	items map[int64]*list.Element
}

type chatEntry struct {
	id    int64
	state chatState
}

func newChatStore(max int) *chatStore {
	return &chatStore{max: max, ll: list.New(), items: make(map[int64]*list.Element)}
}

// get returns a copy of a chat's state.
func (s *chatStore) get(id int64) chatState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.items[id]; ok {
		s.ll.MoveToFront(e)
		st := e.Value.(*chatEntry).state
		st.turns = append([]turn(nil), st.turns...)
		return st
	}
	return chatState{}
}

// update changes a chat's state under the lock.
func (s *chatStore) update(id int64, f func(*chatState)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.items[id]
	if !ok {
		e = s.ll.PushFront(&chatEntry{id: id})
		s.items[id] = e
		for s.ll.Len() > s.max {
			last := s.ll.Back()
			s.ll.Remove(last)
			delete(s.items, last.Value.(*chatEntry).id)
		}
	} else {
		s.ll.MoveToFront(e)
	}
	f(&e.Value.(*chatEntry).state)
}

// reset forgets a chat entirely.
func (s *chatStore) reset(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.items[id]; ok {
		s.ll.Remove(e)
		delete(s.items, id)
	}
}

func (s *chatStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ll.Len()
}

func (st *chatState) addTurn(t turn) {
	st.turns = append(st.turns, t)
	if len(st.turns) > maxTurns {
		st.turns = st.turns[len(st.turns)-maxTurns:]
	}
}
