package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// DirOptions bound what LoadDirWith reads from a folder.
type DirOptions struct {
	// FollowSymlinks lets symbolic links lead outside the folder. Links to files inside it are
	// always followed; links to folders never are.
	FollowSymlinks bool
	// MaxBytes bounds the total size of the folder's document files; 0 means no bound. A
	// bigger folder is refused before anything is read, with an error wrapping ErrTooLarge.
	MaxBytes int64
	// Context, when set, stops the loading when it is done (LoadContext).
	Context context.Context
}

// ErrTooLarge is returned, wrapped, for a documents folder beyond DirOptions.MaxBytes.
var ErrTooLarge = errors.New("documents folder too large")

// errOutside is why a link leading outside the documents folder is not read.
var errOutside = errors.New("symbolic link leads outside the documents folder")

// progressFrom is the folder size from which loading logs its progress.
var progressFrom int64 = 10 << 20

// LoadDirWith is LoadDir with bounds: a document that is a symbolic link leading outside dir
// is skipped with a warning unless opts.FollowSymlinks, and a folder whose documents exceed
// opts.MaxBytes is refused. A big folder logs its progress every tenth of its size.
func LoadDirWith(dir string, opts DirOptions, logger *slog.Logger) ([]Document, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("documents folder %q does not exist: %w", dir, err)
	case err != nil:
		return nil, fmt.Errorf("documents folder %q: %w", dir, err)
	case !info.IsDir():
		return nil, fmt.Errorf("documents folder %q is not a folder", dir)
	}
	root, err := filepath.EvalSymlinks(dir)
	if err == nil {
		root, err = filepath.Abs(root)
	}
	if err != nil {
		return nil, fmt.Errorf("documents folder %q: %w", dir, err)
	}
	g := &guardedDir{FS: os.DirFS(root), outside: map[string]bool{}, logger: logger}
	total, err := g.survey(root, opts.FollowSymlinks)
	if err != nil {
		return nil, fmt.Errorf("documents folder %q: %w", dir, err)
	}
	if opts.MaxBytes > 0 && total > opts.MaxBytes {
		return nil, fmt.Errorf("%w: %q holds %s of documents, more than the limit of %s", ErrTooLarge, dir, sizeText(total), sizeText(opts.MaxBytes))
	}
	if total >= progressFrom {
		g.total = total
		logger.Info("loading documents", "folder", dir, "size", sizeText(total))
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	docs, err := LoadContext(ctx, g, logger)
	if err != nil {
		return nil, fmt.Errorf("documents folder %q: %w", dir, err)
	}
	return docs, nil
}

// guardedDir is a documents folder that will not open the links leading outside it, and that
// counts what it reads.
type guardedDir struct {
	fs.FS
	outside map[string]bool // slash paths of links leading outside, refused
	logger  *slog.Logger

	mu     sync.Mutex
	total  int64 // bytes to read; 0: no progress logged
	read   int64
	tenths int64
	sizes  map[string]int64
}

// survey walks the folder as Load will, sums the sizes of its documents and notes the links
// leading outside it (refused unless follow).
func (g *guardedDir) survey(root string, follow bool) (int64, error) {
	var total int64
	g.sizes = map[string]int64{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // Load reports it
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !isDocumentFile(p) {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		name := filepath.ToSlash(rel)
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			if err != nil {
				return nil // a dangling link: Load reports it
			}
			if !within(root, target) && !follow {
				g.outside[name] = true
				g.logger.Warn("skipping a symbolic link that leads outside the documents folder (set KUTIP_FOLLOW_SYMLINKS=true to follow it)", "file", name)
				return nil
			}
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil
		}
		g.sizes[name] = info.Size()
		total += info.Size()
		return nil
	})
	return total, err
}

// within reports whether path p lies inside folder root.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Open refuses the links leading outside and counts the documents opened.
func (g *guardedDir) Open(name string) (fs.File, error) {
	if g.outside[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errOutside}
	}
	f, err := g.FS.Open(name)
	if err == nil {
		g.count(name)
	}
	return f, err
}

// count adds a document's size to what was read and logs each tenth of the total.
func (g *guardedDir) count(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.total == 0 {
		return
	}
	g.read += g.sizes[name]
	if t := g.read * 10 / g.total; t > g.tenths && t < 10 {
		g.tenths = t
		g.logger.Info("loading documents", "done", fmt.Sprintf("%d%%", t*10), "read", sizeText(g.read), "size", sizeText(g.total))
	}
}

// sizeText writes a size for people: "212.4MiB".
func sizeText(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	f := float64(n)
	u := 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", f), "0"), ".") + units[u]
}
