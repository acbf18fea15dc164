package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	dpdf "github.com/dslipak/pdf"
	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	lpdf "github.com/ledongthuc/pdf"
)

type extractor struct {
	name string
	fn   func(path string) (string, error)
}

var pdfiumInst pdfium.Pdfium

func main() {
	fxDir := os.Args[1] // made by scripts/make-format-fixtures.sh: NAME.md and NAME.pdf, .docx…
	exs := []extractor{
		{"ledongthuc/pdf", func(p string) (string, error) {
			f, r, err := lpdf.Open(p)
			if err != nil {
				return "", err
			}
			defer f.Close()
			var b strings.Builder
			for i := 1; i <= r.NumPage(); i++ {
				t, err := r.Page(i).GetPlainText(nil)
				if err != nil {
					return "", err
				}
				b.WriteString(t)
				b.WriteString("\n")
			}
			return b.String(), nil
		}},
		{"dslipak/pdf", func(p string) (string, error) {
			r, err := dpdf.Open(p)
			if err != nil {
				return "", err
			}
			var b strings.Builder
			for i := 1; i <= r.NumPage(); i++ {
				t, err := r.Page(i).GetPlainText(nil)
				if err != nil {
					return "", err
				}
				b.WriteString(t)
				b.WriteString("\n")
			}
			return b.String(), nil
		}},
		{"go-pdfium (wasm)", func(p string) (string, error) {
			if pdfiumInst == nil {
				t0 := time.Now()
				pool, err := webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1})
				if err != nil {
					return "", err
				}
				pdfiumInst, err = pool.GetInstance(30 * time.Second)
				if err != nil {
					return "", err
				}
				fmt.Fprintf(os.Stderr, "pdfium init %v\n", time.Since(t0))
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return "", err
			}
			doc, err := pdfiumInst.OpenDocument(&requests.OpenDocument{File: &data})
			if err != nil {
				return "", err
			}
			defer pdfiumInst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
			n, err := pdfiumInst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
			if err != nil {
				return "", err
			}
			var b strings.Builder
			for i := 0; i < n.PageCount; i++ {
				t, err := pdfiumInst.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
				if err != nil {
					return "", err
				}
				b.WriteString(t.Text)
				b.WriteString("\n")
			}
			return b.String(), nil
		}},
		{"pdftotext (poppler, reference only: GPL, not linkable)", func(p string) (string, error) {
			out, err := exec.Command("pdftotext", p, "-").Output()
			return string(out), err
		}},
	}
	exs = append(exs, extra...)
	pdfs, _ := filepath.Glob(filepath.Join(fxDir, "*.pdf"))
	sort.Strings(pdfs)
	type run struct {
		layout string
		exs    []extractor
	}
	runs := []run{{".pdf", exs}, {".2col.pdf", exs}}
	for _, o := range others {
		runs = append(runs, run{o.ext, o.ex})
		g, _ := filepath.Glob(filepath.Join(fxDir, "*"+o.ext))
		pdfs = append(pdfs, g...)
	}
	for _, r := range runs {
		layout := r.layout
		for _, ex := range r.exs {
			var cerSum, n float64
			var miss, order, chunks int
			var dur time.Duration
			for _, p := range pdfs {
				base := filepath.Base(p)
				if layout == ".pdf" && strings.HasSuffix(base, ".2col.pdf") || !strings.HasSuffix(base, layout) {
					continue
				}
				name := strings.TrimSuffix(base, layout)
				src := reference(filepath.Join(fxDir, name+".md"))
				t0 := time.Now()
				got, err := ex.fn(p)
				dur += time.Since(t0)
				if err != nil {
					fmt.Printf("%s %s: %v\n", ex.name, base, err)
					continue
				}
				if os.Getenv("DUMP") != "" {
					os.WriteFile(filepath.Join(os.Getenv("DUMP"), strings.ReplaceAll(ex.name[:6], "/", "_")+"-"+base+".txt"), []byte(got), 0o644)
				}
				ce := cer(norm(got), norm(string(src)))
				if os.Getenv("PERFILE") != "" {
					fmt.Fprintf(os.Stderr, "%s %s %.2f%%\n", ex.name, base, 100*ce)
				}
				cerSum += ce
				n++
				m, o, c := orderErrors(got, string(src))
				miss += m
				order += o
				chunks += c
			}
			fmt.Printf("| %s | %s | %.2f%% | %d | %d | %d | %v |\n", layout, ex.name, 100*cerSum/n, miss, order, chunks, dur.Round(time.Millisecond))
		}
	}
}

var extra []extractor

// norm collapses spaces and drops Markdown heading marks, which Kutip's text keeps and the
// .txt reference has not.
func norm(s string) []rune {
	return []rune(strings.Join(strings.Fields(headingMarks.ReplaceAllString(s, "")), " "))
}

var headingMarks = regexp.MustCompile(`(?m)^#{1,6} `)

func cer(got, want []rune) float64 {
	prev := make([]int, len(got)+1)
	cur := make([]int, len(got)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(want); i++ {
		cur[0] = i
		for j := 1; j <= len(got); j++ {
			c := prev[j-1]
			if want[i-1] != got[j-1] {
				c++
			}
			if prev[j]+1 < c {
				c = prev[j] + 1
			}
			if cur[j-1]+1 < c {
				c = cur[j-1] + 1
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(got)]) / float64(len(want))
}

func alnum(s string) string {
	var b bytes.Buffer
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// orderErrors cuts the source into chunks of 8 words and finds each in the extraction (letters
// and digits only, so hyphenation and spacing do not matter): missing chunks, and found chunks
// out of order (not in the longest increasing run of positions).
func orderErrors(got, src string) (missing, outOfOrder, chunks int) {
	hay := alnum(got)
	words := strings.Fields(src)
	var pos []int
	for i := 0; i+8 <= len(words); i += 8 {
		key := alnum(strings.Join(words[i:i+8], " "))
		if len(key) < 12 {
			continue
		}
		chunks++
		p := strings.Index(hay, key)
		if p < 0 {
			if os.Getenv("DEBUG") != "" {
				fmt.Fprintln(os.Stderr, "MISSING", strings.Join(words[i:i+8], " "))
			}
			missing++
			continue
		}
		pos = append(pos, p)
	}
	// longest increasing subsequence
	var tails []int
	for _, p := range pos {
		k := sort.SearchInts(tails, p)
		if k == len(tails) {
			tails = append(tails, p)
		} else {
			tails[k] = p
		}
	}
	return missing, len(pos) - len(tails), chunks
}
