package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/kutip/kutip/retrieval"
)

// scopeCommand handles /scope: "/scope doc…" limits the chat's answers to those documents,
// "/scope all" lifts the limit, "/scope" alone says what it is.
func (a *Assistant) scopeCommand(req Request, arg string) Reply {
	lang := a.replyLang(req, "")
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(arg) {
	case "":
		st := a.chats.get(req.ChatID)
		if len(st.scope) == 0 {
			return a.info(lang, txtScopeNone)
		}
		return a.info(lang, msg{txtScopeSet.f(LangID, strings.Join(st.scope, ", ")), txtScopeSet.f(LangEN, strings.Join(st.scope, ", "))})
	case "all", "semua", "reset":
		a.chats.update(req.ChatID, func(st *chatState) { st.scope = nil })
		return a.info(lang, txtScopeAll)
	}
	ix := a.Index()
	var ids []string
	for _, ref := range scopeRefs(arg) {
		i, ok := findDoc(ix, ref)
		if !ok {
			return a.info(lang, msg{txtNoSuchSource.f(LangID, snippet(ref, 60)), txtNoSuchSource.f(LangEN, snippet(ref, 60))})
		}
		if id := ix.Documents()[i].ID; !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	a.chats.update(req.ChatID, func(st *chatState) { st.scope = ids })
	return a.info(lang, msg{txtScopeSet.f(LangID, strings.Join(ids, ", ")), txtScopeSet.f(LangEN, strings.Join(ids, ", "))})
}

// scopeRefs splits "/scope" arguments: by commas when there are any (titles have spaces),
// else by spaces.
func scopeRefs(arg string) []string {
	sep := func(r rune) bool { return r == ' ' }
	if strings.Contains(arg, ",") {
		sep = func(r rune) bool { return r == ',' }
	}
	var refs []string
	for _, r := range strings.FieldsFunc(arg, sep) {
		if r = strings.TrimSpace(r); r != "" {
			refs = append(refs, r)
		}
	}
	return refs
}

// search ranks passages for a question, within the chat's scope when it has one: the whole
// ranking is taken and cut to the scope's best TopK.
func (a *Assistant) search(ctx context.Context, ix *retrieval.Index, q retrieval.Query, scope []string) ([]retrieval.Hit, error) {
	if len(scope) == 0 {
		return ix.SearchQuery(ctx, q, a.opts.TopK, a.opts.Method)
	}
	hits, err := ix.SearchQuery(ctx, q, ix.Len(), a.opts.Method)
	if err != nil {
		return nil, err
	}
	kept := hits[:0]
	for _, h := range hits {
		if slices.Contains(scope, h.Passage.DocID) {
			kept = append(kept, h)
			if len(kept) == a.opts.TopK {
				break
			}
		}
	}
	return kept, nil
}

// scopeNote is shown under answers while a scope is active.
func scopeNote(lang Lang, scope []string) string {
	return txtScopeNote.f(lang, strings.Join(scope, ", "))
}

// forgetDoc takes a removed document out of every chat's scope.
func (s *chatStore) forgetDoc(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.items {
		st := &e.Value.(*chatEntry).state
		st.scope = slices.DeleteFunc(st.scope, func(d string) bool { return d == id })
	}
}
