package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
)

// newProgress reports progress of long work (indexing a folder, embedding through an API):
// call the returned function with the number of items done so far, from any goroutine. On a
// terminal it draws a one-line bar on stderr; otherwise (a file, a pipe, Docker's log) it logs
// at info every tenth of the way. Reaching total finishes the bar or logs "done".
func newProgress(e *env, what string, total int) func(done int) {
	if f, ok := e.stderr.(*os.File); ok && isTerminal(f) {
		return barProgress(e.stderr, what, total)
	}
	return logProgress(e.logger, what, total)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// barProgress redraws "what [=====>    ] done/total" in place whenever the drawing changes.
func barProgress(w io.Writer, what string, total int) func(done int) {
	const width = 30
	var (
		mu       sync.Mutex
		last     string
		max      int
		finished bool
	)
	return func(done int) {
		mu.Lock()
		defer mu.Unlock()
		if finished || total <= 0 || done < max {
			return
		}
		max = min(done, total)
		fill := max * width / total
		bar := strings.Repeat("=", fill)
		if fill < width {
			bar += ">" + strings.Repeat(" ", width-fill-1)
		}
		line := fmt.Sprintf("\r%s [%s] %d/%d %3d%%", what, bar, max, total, max*100/total)
		if line != last {
			io.WriteString(w, line)
			last = line
		}
		if max == total {
			io.WriteString(w, "\n")
			finished = true
		}
	}
}

// logProgress logs each time done crosses another tenth of total, and once at the end.
func logProgress(logger *slog.Logger, what string, total int) func(done int) {
	var (
		mu     sync.Mutex
		logged int // tenths logged so far
	)
	return func(done int) {
		mu.Lock()
		defer mu.Unlock()
		if total <= 0 || logged >= 10 {
			return
		}
		tenth := min(done, total) * 10 / total
		if tenth <= logged {
			return
		}
		logged = tenth
		if tenth == 10 {
			logger.Info(what+" done", "total", total)
			return
		}
		logger.Info(what, "done", done, "total", total, "percent", tenth*10)
	}
}
