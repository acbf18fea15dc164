package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kutip/kutip/retrieval"
)

func init() {
	registerCommand(command{
		name:    "add",
		args:    "FILE…",
		summary: "add documents (.pdf, .docx, .html, .epub, .txt, .md) to KUTIP_DATA/uploads, as admins do through Telegram, and index them",
		run:     runAdd,
	})
	registerCommand(command{
		name:    "forget",
		args:    "DOC…",
		summary: "remove uploaded documents (by name, as kutip sources lists them)",
		run:     runForget,
	})
}

// runAdd checks and stores each file, then builds the index once (with a persistent store,
// only the new documents' passages are embedded). A file that cannot be read is reported and
// the others are still added; the exit status says whether any failed.
func runAdd(ctx context.Context, e *env, args []string) error {
	files, err := e.parse(newFlagSet("add"), args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("add needs at least one file")
	}
	up := e.uploads()
	if up == nil {
		return errors.New("add needs a data folder (KUTIP_DATA)")
	}
	failed := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err == nil && len(data) > retrieval.MaxDocumentBytes {
			err = fmt.Errorf("%d MB, more than the %d MB Kutip reads", len(data)>>20, retrieval.MaxDocumentBytes>>20)
		}
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "%s: %v\n", f, err)
			continue
		}
		res, err := up.Add(filepath.Base(f), data)
		for _, n := range res.Notes {
			fmt.Fprintf(e.stderr, "%s: %s\n", f, n)
		}
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(e.stderr, "%s: not added: %s\n", f, strings.TrimPrefix(err.Error(), retrieval.ErrFormat.Error()+": "))
		case res.Duplicate != "":
			fmt.Fprintf(e.stdout, "%s: already there as %s\n", f, res.Duplicate)
		default:
			pages := ""
			if p := res.Doc.Pages(); p > 0 {
				pages = fmt.Sprintf(", %d pages", p)
			}
			fmt.Fprintf(e.stdout, "%s: added as %s, “%s”%s\n", f, res.Doc.ID, res.Doc.Title, pages)
		}
	}
	if err := reindex(ctx, e); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files not added", failed, len(files))
	}
	return nil
}

func runForget(ctx context.Context, e *env, args []string) error {
	names, err := e.parse(newFlagSet("forget"), args)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return usagef("forget needs a document name")
	}
	up := e.uploads()
	if up == nil {
		return errors.New("forget needs a data folder (KUTIP_DATA)")
	}
	for _, n := range names {
		if err := up.Forget(n); err != nil {
			return fmt.Errorf("%w (kutip sources lists the documents; only uploaded ones can be removed)", err)
		}
		fmt.Fprintf(e.stdout, "%s: removed\n", n)
	}
	return reindex(ctx, e)
}

// reindex builds the index over the documents and uploads, which updates a persistent vector
// store, and says how big it is.
func reindex(ctx context.Context, e *env) error {
	ix, err := e.buildIndexOrLocal(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d documents, %d passages\n", len(ix.Documents()), ix.Len())
	return nil
}
