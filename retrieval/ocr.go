package retrieval

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/ascii85"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/ledongthuc/pdf"
	"golang.org/x/image/ccitt"
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

// ocrPDFPage reads a scanned page with OCR: its largest image is written to a temporary file
// for the OCR function, a JPEG as the PDF stores it, any other image decoded and written as PNG.
func ocrPDFPage(data []byte, page int, ocr OCRFunc) (string, error) {
	img, ext, err := pdfPageImage(data, page)
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "kutip-ocr-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "page"+ext)
	if err := os.WriteFile(file, img, 0o600); err != nil {
		return "", err
	}
	text, err := ocr(context.Background(), file)
	if err != nil {
		return "", err
	}
	return ocrParagraphs(text), nil
}

// ocrParagraphs joins the lines of OCR output into paragraphs: tesseract keeps the scan's line
// breaks and separates paragraphs by empty lines; a word hyphenated at a line end is joined.
func ocrParagraphs(text string) string {
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		p = ocrHyphen.ReplaceAllString(p, "$1$2")
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// ocrHyphen is a word broken at a line end: a lower-case letter, a hyphen, the line break and
// a lower-case letter ("lang-\nkah" → "langkah"; "Korea-\nRusia" keeps its hyphen).
var ocrHyphen = regexp.MustCompile(`(\p{Ll})-[ \t]*\n[ \t]*(\p{Ll})`)

// maxOCRPixels caps the size of a page image Kutip decodes (an A4 page scanned at 600 dpi is
// 35 million pixels).
const maxOCRPixels = 80 << 20

// pdfPageImage returns the largest image a page draws (directly or in a form it draws), ready
// for OCR: a JPEG (DCTDecode) as stored, with ".jpg"; any other image Kutip decodes — Flate
// (with or without PNG/TIFF predictors), CCITT fax (Group 3 and 4), ASCII hex/85, run
// length; gray, RGB, CMYK, ICC-based or indexed colours; 1 to 16 bits; stencil masks — as a
// gray PNG, with ".png".
func pdfPageImage(data []byte, page int) (img []byte, ext string, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, ext, err = nil, "", fmt.Errorf("reading the page's image: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "", err
	}
	var best pdf.Value
	bestArea := int64(-1)
	var visit func(res pdf.Value, depth int)
	visit = func(res pdf.Value, depth int) {
		xo := res.Key("XObject")
		for _, k := range xo.Keys() {
			v := xo.Key(k)
			switch v.Key("Subtype").Name() {
			case "Image":
				if a := v.Key("Width").Int64() * v.Key("Height").Int64(); a > bestArea {
					best, bestArea = v, a
				}
			case "Form":
				if depth < 3 {
					visit(v.Key("Resources"), depth+1)
				}
			}
		}
	}
	visit(r.Page(page).Resources(), 0)
	if bestArea <= 0 {
		return nil, "", errNoPageImage
	}
	return pdfImageFile(data, best)
}

var errNoPageImage = errors.New("it draws no image Kutip can find")

// pdfImageFile decodes an image XObject into a file OCR reads (see pdfPageImage).
func pdfImageFile(data []byte, v pdf.Value) ([]byte, string, error) {
	w, h := int(v.Key("Width").Int64()), int(v.Key("Height").Int64())
	if w <= 0 || h <= 0 || int64(w)*int64(h) > maxOCRPixels {
		return nil, "", fmt.Errorf("its image is %d×%d pixels, more than Kutip decodes", w, h)
	}
	raw, err := pdfStreamRaw(data, v)
	if err != nil {
		return nil, "", err
	}
	var filters, params []pdf.Value
	switch f := v.Key("Filter"); f.Kind() {
	case pdf.Name:
		filters, params = []pdf.Value{f}, []pdf.Value{v.Key("DecodeParms")}
	case pdf.Array:
		for i := 0; i < f.Len(); i++ {
			filters = append(filters, f.Index(i))
			params = append(params, v.Key("DecodeParms").Index(i))
		}
	}
	var gray *image.Gray
	blackIs1 := false
	for i, f := range filters {
		last := i == len(filters)-1
		switch name := f.Name(); name {
		case "FlateDecode", "Fl":
			if raw, err = pdfInflate(raw, params[i]); err != nil {
				return nil, "", err
			}
		case "ASCIIHexDecode", "AHx":
			if raw, err = pdfASCIIHex(raw); err != nil {
				return nil, "", err
			}
		case "ASCII85Decode", "A85":
			if raw, err = pdfASCII85(raw); err != nil {
				return nil, "", err
			}
		case "RunLengthDecode", "RL":
			raw = pdfRunLength(raw)
		case "DCTDecode", "DCT":
			if !last {
				return nil, "", fmt.Errorf("its image has filters after DCTDecode")
			}
			return raw, ".jpg", nil
		case "CCITTFaxDecode", "CCF":
			if !last {
				return nil, "", fmt.Errorf("its image has filters after CCITTFaxDecode")
			}
			if gray, err = pdfCCITT(raw, params[i], w, h); err != nil {
				return nil, "", err
			}
			blackIs1 = params[i].Key("BlackIs1").Bool()
		default:
			return nil, "", fmt.Errorf("its image is compressed with %s, which Kutip does not decode for OCR", name)
		}
	}
	if gray == nil {
		if gray, err = pdfSamplesGray(raw, v, w, h); err != nil {
			return nil, "", err
		}
	} else if pdfDecodeInverted(v) != blackIs1 {
		// With BlackIs1 the fax's black comes out as 1, which gray (and a stencil mask) shows
		// as white unless the Decode array turns it round.
		invertGray(gray)
	}
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, gray); err != nil {
		return nil, "", err
	}
	return out.Bytes(), ".png", nil
}

// pdfStreamRaw returns a stream's bytes as stored in the file (still encoded). The PDF library
// decodes only some filters and predictors and keeps a stream's offset to itself, so it is
// read from the value (the library's version is pinned in go.mod; TestScannedPageOCR* check it).
func pdfStreamRaw(data []byte, v pdf.Value) ([]byte, error) {
	rv := reflect.ValueOf(v).FieldByName("data")
	if rv.Kind() == reflect.Interface {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, errors.New("its image is not a stream")
	}
	off := rv.FieldByName("offset")
	if !off.IsValid() || off.Kind() != reflect.Int64 {
		return nil, errors.New("the PDF library no longer tells where a stream is")
	}
	start, n := off.Int(), v.Key("Length").Int64()
	if start < 0 || n < 0 || start+n > int64(len(data)) {
		return nil, errors.New("its image's stream runs past the end of the file")
	}
	return data[start : start+n], nil
}

func pdfInflate(raw []byte, param pdf.Value) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("its image: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, 4*maxOCRPixels+1))
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("its image: %v", err)
	}
	if len(out) > 4*maxOCRPixels {
		return nil, errors.New("its image inflates to more than Kutip decodes")
	}
	pred := param.Key("Predictor").Int64()
	if pred <= 1 {
		return out, nil
	}
	colors, bpc, columns := int(param.Key("Colors").Int64()), int(param.Key("BitsPerComponent").Int64()), int(param.Key("Columns").Int64())
	if colors <= 0 {
		colors = 1
	}
	if bpc <= 0 {
		bpc = 8
	}
	if columns <= 0 {
		columns = 1
	}
	return pdfUnpredict(out, int(pred), colors, bpc, columns)
}

// pdfUnpredict undoes a Flate stream's predictor: TIFF 2 (8-bit samples) or PNG (10–15, each
// row with its own filter type).
func pdfUnpredict(in []byte, pred, colors, bpc, columns int) ([]byte, error) {
	bpp := max(1, (colors*bpc+7)/8)
	rowLen := (columns*colors*bpc + 7) / 8
	if pred == 2 {
		if bpc != 8 {
			return nil, fmt.Errorf("its image uses the TIFF predictor with %d-bit samples", bpc)
		}
		for r := 0; r+rowLen <= len(in); r += rowLen {
			row := in[r : r+rowLen]
			for i := colors; i < len(row); i++ {
				row[i] += row[i-colors]
			}
		}
		return in, nil
	}
	if pred < 10 {
		return nil, fmt.Errorf("its image uses predictor %d", pred)
	}
	out := make([]byte, 0, len(in)/(rowLen+1)*rowLen)
	prev := make([]byte, rowLen)
	for r := 0; r+rowLen+1 <= len(in); r += rowLen + 1 {
		ft, row := in[r], in[r+1:r+1+rowLen]
		for i := range row {
			var a, b, c byte
			if i >= bpp {
				a, c = row[i-bpp], prev[i-bpp]
			}
			b = prev[i]
			switch ft {
			case 1:
				row[i] += a
			case 2:
				row[i] += b
			case 3:
				row[i] += byte((int(a) + int(b)) / 2)
			case 4:
				row[i] += paeth(a, b, c)
			}
		}
		out = append(out, row...)
		prev = row
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func pdfASCIIHex(raw []byte) ([]byte, error) {
	var digits []byte
	for _, c := range raw {
		if c == '>' {
			break
		}
		if unicode.IsSpace(rune(c)) {
			continue
		}
		digits = append(digits, c)
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	if _, err := hex.Decode(out, digits); err != nil {
		return nil, fmt.Errorf("its image: %v", err)
	}
	return out, nil
}

func pdfASCII85(raw []byte) ([]byte, error) {
	raw = bytes.TrimPrefix(bytes.TrimSpace(raw), []byte("<~"))
	if i := bytes.Index(raw, []byte("~>")); i >= 0 {
		raw = raw[:i]
	}
	out, err := io.ReadAll(ascii85.NewDecoder(bytes.NewReader(raw)))
	if err != nil {
		return nil, fmt.Errorf("its image: %v", err)
	}
	return out, nil
}

func pdfRunLength(raw []byte) []byte {
	var out []byte
	for i := 0; i < len(raw) && len(out) <= 4*maxOCRPixels; {
		n := int(raw[i])
		i++
		switch {
		case n == 128:
			return out
		case n < 128:
			end := min(i+n+1, len(raw))
			out = append(out, raw[i:end]...)
			i = end
		case i < len(raw):
			out = append(out, bytes.Repeat(raw[i:i+1], 257-n)...)
			i++
		}
	}
	return out
}

// pdfCCITT decodes a CCITT fax image (K < 0: Group 4; K = 0: Group 3, one-dimensional) into
// gray, white 0xFF and black 0, as the fax codes say (BlackIs1 and the image's Decode array
// are applied by the caller).
func pdfCCITT(raw []byte, param pdf.Value, w, h int) (*image.Gray, error) {
	sf := ccitt.Group3
	if k := param.Key("K").Int64(); k < 0 {
		sf = ccitt.Group4
	} else if k > 0 {
		return nil, errors.New("its image is CCITT Group 3 two-dimensional (K > 0), which Kutip does not decode")
	}
	if c := param.Key("Columns"); c.Kind() == pdf.Integer && int(c.Int64()) != w {
		w = int(c.Int64())
	}
	gray := image.NewGray(image.Rect(0, 0, w, h))
	err := ccitt.DecodeIntoGray(gray, bytes.NewReader(raw), ccitt.MSB, sf, &ccitt.Options{Align: param.Key("EncodedByteAlign").Bool()})
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("its CCITT image: %v", err)
	}
	return gray, nil
}

// pdfDecodeInverted tells whether an image's Decode array maps its first component the other
// way round ([1 0]).
func pdfDecodeInverted(v pdf.Value) bool {
	d := v.Key("Decode")
	return d.Kind() == pdf.Array && d.Len() >= 2 && d.Index(0).Float64() > d.Index(1).Float64()
}

func invertGray(g *image.Gray) {
	for i, c := range g.Pix {
		g.Pix[i] = ^c
	}
}

// pdfSamplesGray turns an image's decoded samples into gray by its colour space.
func pdfSamplesGray(raw []byte, v pdf.Value, w, h int) (*image.Gray, error) {
	bpc := int(v.Key("BitsPerComponent").Int64())
	mask := v.Key("ImageMask").Bool()
	if mask || bpc == 0 {
		bpc = 1
	}
	var lookup []byte
	comps, base := 1, "DeviceGray"
	invert := false
	cs := v.Key("ColorSpace")
	if !mask {
		comps, base, lookup, invert = pdfColorSpace(cs)
		if comps == 0 {
			return nil, fmt.Errorf("its image's colour space %v is not one Kutip decodes", cs)
		}
	}
	samples := comps
	if lookup != nil {
		samples = 1
	}
	rowLen := (w*samples*bpc + 7) / 8
	if len(raw) < rowLen*h {
		h = len(raw) / rowLen
		if h == 0 {
			return nil, errors.New("its image has no rows")
		}
	}
	maxV := float64(int(1)<<bpc - 1)
	gray := image.NewGray(image.Rect(0, 0, w, h))
	sample := func(row []byte, i int) float64 { // the i-th sample of a row, 0..1
		switch bpc {
		case 8:
			return float64(row[i]) / 255
		case 16:
			return float64(int(row[2*i])<<8|int(row[2*i+1])) / 65535
		}
		bit := i * bpc
		return float64(row[bit/8]>>(8-bpc-bit%8)&byte(maxV)) / maxV
	}
	decodeInv := pdfDecodeInverted(v)
	for y := range h {
		row := raw[y*rowLen : (y+1)*rowLen]
		for x := range w {
			var lum float64
			if lookup != nil {
				idx := int(sample(row, x)*maxV + 0.5)
				c := lookup[min(idx*comps, len(lookup)-comps):]
				lum = pdfLuminance(base, func(j int) float64 { return float64(c[j]) / 255 })
			} else {
				lum = pdfLuminance(base, func(j int) float64 { return sample(row, x*comps+j) })
			}
			if decodeInv {
				lum = 1 - lum
			}
			if invert {
				lum = 1 - lum // a separation's 1 is full ink
			}
			gray.Pix[y*gray.Stride+x] = byte(lum*255 + 0.5)
		}
	}
	return gray, nil // a stencil mask's 0 is painted: black, as gray 0
}

// pdfColorSpace returns a colour space's component count, the device space they are in, the
// palette of an indexed space and whether the values are ink (a separation), not light.
func pdfColorSpace(cs pdf.Value) (comps int, base string, lookup []byte, ink bool) {
	name := cs.Name()
	if cs.Kind() == pdf.Array {
		name = cs.Index(0).Name()
	}
	switch name {
	case "DeviceGray", "G", "CalGray":
		return 1, "DeviceGray", nil, false
	case "DeviceRGB", "RGB", "CalRGB", "Lab":
		return 3, "DeviceRGB", nil, false
	case "DeviceCMYK", "CMYK":
		return 4, "DeviceCMYK", nil, false
	case "ICCBased":
		switch cs.Index(1).Key("N").Int64() {
		case 1:
			return 1, "DeviceGray", nil, false
		case 3:
			return 3, "DeviceRGB", nil, false
		case 4:
			return 4, "DeviceCMYK", nil, false
		}
	case "Separation", "DeviceN":
		return 1, "DeviceGray", nil, true
	case "Indexed", "I":
		n, b, _, _ := pdfColorSpace(cs.Index(1))
		if n == 0 {
			return 0, "", nil, false
		}
		var table []byte
		switch t := cs.Index(3); t.Kind() {
		case pdf.String:
			table = []byte(t.RawString())
		case pdf.Stream:
			table, _ = io.ReadAll(io.LimitReader(t.Reader(), 1<<16))
		}
		if len(table) < n {
			return 0, "", nil, false
		}
		return n, b, table, false
	}
	return 0, "", nil, false
}

// pdfLuminance is the light of a colour, 0 (black) to 1 (white).
func pdfLuminance(space string, c func(int) float64) float64 {
	switch space {
	case "DeviceRGB":
		return 0.299*c(0) + 0.587*c(1) + 0.114*c(2)
	case "DeviceCMYK":
		k := c(3)
		return (1-min(1, c(0)+k))*0.299 + (1-min(1, c(1)+k))*0.587 + (1-min(1, c(2)+k))*0.114
	}
	return c(0)
}
