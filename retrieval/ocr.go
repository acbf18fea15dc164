package retrieval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
)

// OCRFunc reads the text of an image file (a scanned page).
type OCRFunc func(ctx context.Context, imagePath string) (string, error)

// TesseractOCR returns an OCR function running tesseract (Debian: tesseract-ocr, with
// tesseract-ocr-ind for Indonesian) when it is on the PATH, else nil: OCR is never required.
func TesseractOCR() OCRFunc {
	bin, err := exec.LookPath("tesseract")
	if err != nil {
		return nil
	}
	langs := "eng"
	if out, err := exec.Command(bin, "--list-langs").CombinedOutput(); err == nil && bytes.Contains(out, []byte("\nind")) {
		langs = "ind+eng"
	}
	return func(ctx context.Context, image string) (string, error) {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		var stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, bin, image, "stdout", "-l", langs)
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("tesseract: %v: %s", err, strings.TrimSpace(stderr.String()))
		}
		return string(out), nil
	}
}

// ocrPDFPage reads a scanned page with OCR: its largest JPEG image is written to a temporary
// file for the OCR function.
func ocrPDFPage(data []byte, page int, ocr OCRFunc) (string, error) {
	img, err := pdfPageJPEG(data, page)
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "kutip-ocr-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "page.jpg")
	if err := os.WriteFile(file, img, 0o600); err != nil {
		return "", err
	}
	text, err := ocr(context.Background(), file)
	if err != nil {
		return "", err
	}
	// tesseract keeps the scan's line breaks: paragraphs are separated by empty lines.
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.Join(strings.Fields(strings.ReplaceAll(p, "-\n", "")), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n"), nil
}

var errNoPageImage = errors.New("its image is not a JPEG, the only kind Kutip hands to OCR")

// pdfPageJPEG returns the largest JPEG image a PDF page draws. The PDF library does not decode
// JPEG streams, so the image is found in the file's bytes: the JPEG whose frame has the
// width and height the page's image object declares, of the length its stream declares.
func pdfPageJPEG(data []byte, page int) (img []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("reading the page's image: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	xo := r.Page(page).Resources().Key("XObject")
	best := -1
	for _, k := range xo.Keys() {
		v := xo.Key(k)
		if v.Key("Subtype").Name() != "Image" || !strings.Contains(fmt.Sprint(v.Key("Filter")), "DCTDecode") {
			continue
		}
		w, h, n := int(v.Key("Width").Int64()), int(v.Key("Height").Int64()), int(v.Key("Length").Int64())
		for off := 0; ; {
			i := bytes.Index(data[off:], []byte("\xff\xd8\xff"))
			if i < 0 {
				break
			}
			off += i
			if jw, jh, ok := jpegSize(data[off:]); ok && jw == w && jh == h && off+n <= len(data) && w*h > best {
				img, best = data[off:off+n], w*h
			}
			off += 3
		}
	}
	if img == nil {
		return nil, errNoPageImage
	}
	return img, nil
}

// jpegSize reads a JPEG's frame size from its SOF segment.
func jpegSize(b []byte) (w, h int, ok bool) {
	i := 2
	for i+9 < len(b) && i < 1<<20 {
		if b[i] != 0xff {
			return 0, 0, false
		}
		marker := b[i+1]
		seg := int(b[i+2])<<8 | int(b[i+3])
		if marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc {
			return int(b[i+7])<<8 | int(b[i+8]), int(b[i+5])<<8 | int(b[i+6]), true
		}
		i += 2 + seg
	}
	return 0, 0, false
}
