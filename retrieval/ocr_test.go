package retrieval

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/kutip/kutip/internal/testenv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// ocrText is the known text of the scanned-page fixtures: Indonesian and English, as a page of
// a report would have them.
var ocrText = []string{
	"Laporan Tahunan Koperasi Sejahtera",
	"Rapat anggota diadakan pada tanggal",
	"12 Maret 2024 di balai desa. Sebanyak",
	"87 anggota hadir dan menyetujui",
	"pembagian sisa hasil usaha.",
	"The cooperative lent money to",
	"farmers for seeds and fertiliser.",
}

// renderPage draws lines of text on a white page, as a scanner at about 300 dpi sees 11-point
// type: antialiased gray.
func renderPage(t testing.TB, lines []string) *image.Gray {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 44, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	img := image.NewGray(image.Rect(0, 0, 1000, 80+70*len(lines)))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(50, 90+70*i)
		d.DrawString(l)
	}
	return img
}

// scanVariant is one way a scanner stores a page image in a PDF.
type scanVariant struct {
	name    string
	dict    string // the image dictionary's entries besides Type, Subtype, Width, Height, Length
	stream  func(g *image.Gray) []byte
	bilevel bool // the image keeps black and white only
}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	zw := zlib.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

// pngPredict prefixes each row with a PNG filter type, cycling through None, Sub, Up, Average
// and Paeth, as encoders choose per row.
func pngPredict(rows [][]byte, bpp int) []byte {
	var out []byte
	prev := make([]byte, len(rows[0]))
	for y, row := range rows {
		ft := byte(y % 5)
		out = append(out, ft)
		for i := range row {
			var a, c byte
			if i >= bpp {
				a, c = row[i-bpp], prev[i-bpp]
			}
			b := prev[i]
			p := row[i]
			switch ft {
			case 1:
				p -= a
			case 2:
				p -= b
			case 3:
				p -= byte((int(a) + int(b)) / 2)
			case 4:
				p -= paeth(a, b, c)
			}
			out = append(out, p)
		}
		prev = row
	}
	return out
}

func grayRows(g *image.Gray) [][]byte {
	var rows [][]byte
	for y := range g.Rect.Dy() {
		rows = append(rows, g.Pix[y*g.Stride:y*g.Stride+g.Rect.Dx()])
	}
	return rows
}

// bits packs a page into one bit per pixel, 1 for white (or for black when blackIs1).
func bits(g *image.Gray, blackIs1 bool) [][]byte {
	var rows [][]byte
	for _, r := range grayRows(g) {
		row := make([]byte, (len(r)+7)/8)
		for x, p := range r {
			if (p >= 128) != blackIs1 {
				row[x/8] |= 0x80 >> (x % 8)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

var scanVariants = []scanVariant{
	{name: "JPEG", dict: "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", stream: func(g *image.Gray) []byte {
		var b bytes.Buffer
		if err := jpeg.Encode(&b, g, &jpeg.Options{Quality: 90}); err != nil {
			panic(err)
		}
		return b.Bytes()
	}},
	{name: "Flate gray 8-bit", dict: "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", stream: func(g *image.Gray) []byte {
		return deflate(bytes.Join(grayRows(g), nil))
	}},
	{name: "Flate gray 8-bit, PNG predictors", dict: "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns 1000 >>", stream: func(g *image.Gray) []byte {
		return deflate(pngPredict(grayRows(g), 1))
	}},
	{name: "Flate RGB 8-bit, PNG predictors", dict: "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 /Columns 1000 >>", stream: func(g *image.Gray) []byte {
		var rows [][]byte
		for _, r := range grayRows(g) {
			var rgb []byte
			for _, p := range r {
				rgb = append(rgb, p, p, p)
			}
			rows = append(rows, rgb)
		}
		return deflate(pngPredict(rows, 3))
	}},
	{name: "Flate 1-bit", bilevel: true, dict: "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode", stream: func(g *image.Gray) []byte {
		return deflate(bytes.Join(bits(g, false), nil))
	}},
	{name: "Flate 1-bit stencil mask, Decode [1 0]", bilevel: true, dict: "/ImageMask true /Decode [1 0] /Filter /FlateDecode", stream: func(g *image.Gray) []byte {
		return deflate(bytes.Join(bits(g, true), nil))
	}},
	{name: "CCITT Group 4", bilevel: true, dict: "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 1000 >>", stream: func(g *image.Gray) []byte {
		return ccittG4(g, 1000)
	}},
	{name: "CCITT Group 4, BlackIs1 and Decode [1 0]", bilevel: true, dict: "/ColorSpace /DeviceGray /BitsPerComponent 1 /Decode [1 0] /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 1000 /BlackIs1 true >>", stream: func(g *image.Gray) []byte {
		return ccittG4(g, 1000)
	}},
}

// ccittG4 encodes a page as CCITT Group 4 using the horizontal mode only (a white run and a
// black run per code, as T.6 allows), enough for a test.
func ccittG4(g *image.Gray, w int) []byte {
	codes := func(list []ccittCode) map[uint32]string {
		m := map[uint32]string{}
		for _, c := range append(list, ccittExtendedMakeup...) {
			m[c.val] = c.str
		}
		return m
	}
	white, black := codes(ccittWhiteCodes), codes(ccittBlackCodes)
	var sb strings.Builder
	run := func(m map[uint32]string, n int) {
		for n >= 2560 {
			sb.WriteString(m[2560])
			n -= 2560
		}
		if n >= 64 {
			sb.WriteString(m[uint32(n/64*64)])
			n %= 64
		}
		sb.WriteString(m[uint32(n)])
	}
	for _, r := range grayRows(g) {
		for x := 0; x < w; {
			wEnd := x
			for wEnd < w && r[wEnd] >= 128 {
				wEnd++
			}
			bEnd := wEnd
			for bEnd < w && r[bEnd] < 128 {
				bEnd++
			}
			sb.WriteString("001")
			run(white, wEnd-x)
			run(black, bEnd-wEnd)
			x = bEnd
		}
	}
	sb.WriteString("000000000001000000000001") // EOFB
	s := sb.String()
	out := make([]byte, (len(s)+7)/8)
	for i, c := range s {
		if c == '1' {
			out[i/8] |= 0x80 >> (i % 8)
		}
	}
	return out
}

// scanPDF makes a one-page PDF whose page is an image (a scan), with no text layer.
func scanPDF(w, h int, dict string, stream []byte) []byte {
	content := fmt.Sprintf("q %d 0 0 %d 0 0 cm /Im1 Do Q", w*72/300, h*72/300)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>", w*72/300, h*72/300),
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d %s /Length %d >>\nstream\n%s\nendstream", w, h, dict, len(stream), stream),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// TestScannedPageImages checks that every kind of scan image reaches OCR as the page it is: a
// fake OCR compares the file it gets with the page drawn.
func TestScannedPageImages(t *testing.T) {
	t.Parallel() // independent and CPU-bound: runs beside the other heavy tests
	page := renderPage(t, ocrText)
	w, h := page.Rect.Dx(), page.Rect.Dy()
	for _, v := range scanVariants {
		t.Run(v.name, func(t *testing.T) {
			data := scanPDF(w, h, v.dict, v.stream(page))
			ocr := func(_ context.Context, path string) (string, error) {
				f, err := os.ReadFile(path)
				if err != nil {
					return "", err
				}
				img, _, err := image.Decode(bytes.NewReader(f))
				if err != nil {
					return "", err
				}
				if img.Bounds() != page.Rect {
					return "", fmt.Errorf("image %v, want %v", img.Bounds(), page.Rect)
				}
				var diff int
				for y := range h {
					for x := range w {
						got, _, _, _ := img.At(x, y).RGBA()
						want := int(page.GrayAt(x, y).Y)
						g := int(got >> 8)
						if v.bilevel {
							want = map[bool]int{true: 255, false: 0}[want >= 128]
						}
						if d := g - want; d > 40 || d < -40 {
							diff++
						}
					}
				}
				if diff > w*h/200 {
					return "", fmt.Errorf("%d of %d pixels differ from the page", diff, w*h)
				}
				return "decoded right", nil
			}
			doc, notes, err := ReadDocument("scan.pdf", data, ocr)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != "decoded right" {
				t.Errorf("text %q, notes %q", doc.Text, notes)
			}
		})
	}
}

// TestScannedPageRealOCR reads the scan fixtures with the real tesseract (Debian:
// tesseract-ocr, tesseract-ocr-ind) and reports the character error rate against the text the
// page was drawn from.
func TestScannedPageRealOCR(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-ind): the real-OCR test is skipped; TestScannedPageImages covers decoding")
	}
	ocr := TesseractOCR()
	page := renderPage(t, ocrText)
	want := strings.Join(ocrText, " ")
	for _, v := range scanVariants {
		if !testenv.Large() && v.name != "CCITT Group 4" {
			continue // one kind in the default run; all eight with KUTIP_TEST_LARGE=1
		}
		t.Run(v.name, func(t *testing.T) {
			doc, _, err := ReadDocument("scan.pdf", scanPDF(page.Rect.Dx(), page.Rect.Dy(), v.dict, v.stream(page)), ocr)
			if err != nil {
				t.Fatal(err)
			}
			cer := charErrorRate(doc.Text, want)
			t.Logf("character error rate %.2f%%: %q", 100*cer, doc.Text)
			if cer > 0.03 {
				t.Errorf("character error rate %.1f%% (over 3%%)", 100*cer)
			}
		})
	}
}

// TestWriteScanFixtures writes the scan fixtures as files (KUTIP_WRITE_SCANS=DIR) to look at
// them or to try another OCR program on them.
func TestWriteScanFixtures(t *testing.T) {
	dir := os.Getenv("KUTIP_WRITE_SCANS")
	if dir == "" {
		t.Skip("set KUTIP_WRITE_SCANS=DIR to write the scanned-page fixtures")
	}
	page := renderPage(t, ocrText)
	var b bytes.Buffer
	png.Encode(&b, page)
	os.WriteFile(dir+"/page.png", b.Bytes(), 0o644)
	for i, v := range scanVariants {
		os.WriteFile(fmt.Sprintf("%s/scan-%d.pdf", dir, i), scanPDF(page.Rect.Dx(), page.Rect.Dy(), v.dict, v.stream(page)), 0o644)
	}
}

// degrade makes a clean page look scanned: tilted by about one degree (rows sheared), gray
// speckle, and half the resolution (150 dpi).
func degrade(g *image.Gray, seed uint64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w/2, h/2))
	rng := rand.New(rand.NewPCG(seed, seed))
	for y := range h / 2 {
		for x := range w / 2 {
			// Sample the 2×2 block, shifted down by x/60 rows: a tilt of about one degree.
			sy := 2*y + 2*x/60
			sum := 0
			for dy := range 2 {
				for dx := range 2 {
					yy := min(h-1, sy+dy)
					sum += int(g.Pix[yy*g.Stride+2*x+dx])
				}
			}
			v := sum/4 + rng.IntN(61) - 30
			if rng.IntN(200) == 0 {
				v = rng.IntN(2) * 255
			}
			out.Pix[y*out.Stride+x] = byte(max(0, min(255, v)))
		}
	}
	return out
}

// TestScannedPageRealOCRDegraded reads a page made to look scanned (tilted, speckled, 150 dpi)
// with the real tesseract and reports the character error rate (KUTIP_TEST_LARGE=1).
func TestScannedPageRealOCRDegraded(t *testing.T) {
	testenv.SkipUnlessLarge(t)
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-ind)")
	}
	page := degrade(renderPage(t, ocrText), 7)
	data := scanPDF(page.Rect.Dx(), page.Rect.Dy(), "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", deflate(bytes.Join(grayRows(page), nil)))
	doc, _, err := ReadDocument("scan.pdf", data, TesseractOCR())
	if err != nil {
		t.Fatal(err)
	}
	cer := charErrorRate(doc.Text, strings.Join(ocrText, " "))
	t.Logf("character error rate %.2f%%: %q", 100*cer, doc.Text)
	if cer > 0.10 {
		t.Errorf("character error rate %.1f%% (over 10%%)", 100*cer)
	}
}
