package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kutip/kutip/retrieval"
)

// Uploader stores documents admins add and forgets them; *retrieval.Uploads is one.
type Uploader interface {
	Add(name string, data []byte) (retrieval.UploadResult, error)
	Forget(name string) error
	Has(name string) bool
}

// MaxUploadBytes is the largest document an admin can send: the Bot API's download limit.
const MaxUploadBytes = 20 << 20

// Upload adds a document an admin sent and re-indexes, so that the next question can be
// answered from it (with a persistent store, only the new document's passages are embedded).
// A file that cannot be read is refused with the reason and changes nothing; a copy of a
// document already there is recognised.
func (a *Assistant) Upload(ctx context.Context, req Request, name string, data []byte) Reply {
	lang := a.replyLang(req, "")
	if !req.Admin {
		return a.info(lang, txtUploadNotAdmin)
	}
	if a.opts.Uploads == nil || a.opts.Reload == nil {
		return a.info(lang, txtUploadOff)
	}
	if len(data) > MaxUploadBytes {
		return a.info(lang, msg{txtUploadTooBig.f(LangID, len(data)>>20), txtUploadTooBig.f(LangEN, len(data)>>20)})
	}
	a.reloadMu.Lock()
	defer a.reloadMu.Unlock()
	res, err := a.opts.Uploads.Add(name, data)
	if err != nil {
		why := strings.TrimPrefix(err.Error(), retrieval.ErrFormat.Error()+": ")
		if !errors.Is(err, retrieval.ErrFormat) {
			a.log.Error("upload failed", "file", name, "err", err)
			why = "?"
		}
		return Reply{Kind: KindError, Lang: lang, Blocks: []Block{{{Text: txtUploadBad.f(lang, why)}}}}
	}
	if res.Duplicate != "" {
		return a.info(lang, msg{txtUploadDuplicate.f(LangID, res.Duplicate), txtUploadDuplicate.f(LangEN, res.Duplicate)})
	}
	ix, err := a.opts.Reload(ctx)
	if err != nil {
		a.log.Error("indexing an upload failed", "file", res.Doc.ID, "err", err)
		if !res.Replaced {
			_ = a.opts.Uploads.Forget(res.Doc.ID) // nothing changed
		}
		return Reply{Kind: KindError, Lang: lang, Blocks: []Block{{{Text: txtReloadFailed.in(lang)}}}}
	}
	a.SetIndex(ix)
	passages := len(ix.DocumentPassages(res.Doc.ID))
	a.log.Info("document uploaded", "file", res.Doc.ID, "pages", res.Doc.Pages(), "passages", passages, "user", req.UserID)
	var b strings.Builder
	b.WriteString(txtUploaded.f(lang, res.Doc.Title, res.Doc.ID))
	if p := res.Doc.Pages(); p > 0 {
		b.WriteString(txtUploadedPages.f(lang, p, passages))
	} else {
		b.WriteString(txtUploadedPassages.f(lang, passages))
	}
	r := Reply{Kind: KindInfo, Lang: lang, Blocks: []Block{{{Text: b.String()}}}}
	for _, n := range res.Notes {
		r.Blocks = append(r.Blocks, Block{{Text: "⚠ " + n, Style: Italic}})
	}
	return r
}

// forget removes a document an admin uploaded (/forget <doc>).
func (a *Assistant) forget(ctx context.Context, req Request, ref string) Reply {
	lang := a.replyLang(req, "")
	if !req.Admin {
		return a.info(lang, txtNotAdmin)
	}
	if a.opts.Uploads == nil || a.opts.Reload == nil {
		return a.info(lang, txtUploadOff)
	}
	if strings.TrimSpace(ref) == "" {
		return a.info(lang, txtForgetUsage)
	}
	a.reloadMu.Lock()
	defer a.reloadMu.Unlock()
	id := strings.TrimSpace(ref)
	if i, ok := findDoc(a.Index(), ref); ok {
		id = a.Index().Documents()[i].ID
	}
	if !a.opts.Uploads.Has(id) {
		return a.info(lang, msg{txtForgetNotUpload.f(LangID, id), txtForgetNotUpload.f(LangEN, id)})
	}
	if err := a.opts.Uploads.Forget(id); err != nil {
		a.log.Error("forget failed", "file", id, "err", err)
		return Reply{Kind: KindError, Lang: lang, Blocks: []Block{{{Text: txtError.in(lang)}}}}
	}
	ix, err := a.opts.Reload(ctx)
	if err != nil {
		a.log.Error("re-indexing after forget failed", "file", id, "err", err)
		return Reply{Kind: KindError, Lang: lang, Blocks: []Block{{{Text: txtReloadFailed.in(lang)}}}}
	}
	a.SetIndex(ix)
	a.chats.forgetDoc(id)
	a.log.Info("document forgotten", "file", id, "user", req.UserID)
	return a.info(lang, msg{fmt.Sprintf(txtForgotten.id, id, len(ix.Documents())), fmt.Sprintf(txtForgotten.en, id, len(ix.Documents()))})
}
