package retrieval

import (
	"strings"

	"github.com/ledongthuc/pdf"
)

// pdfGlyphs interprets a page's content stream into its glyphs, with their positions, fonts and
// sizes. It is adapted from ledongthuc/pdf's Page.Content (BSD-3-Clause, Copyright 2009 The Go
// Authors), which this fixes for text extraction: that one decodes a "\n" through the font after
// every TJ (a stray glyph at each line's end), reads two-byte (CID) fonts one byte at a time,
// so all of a Word PDF's glyphs land on one spot, and ignores word spacing.
func pdfGlyphs(p pdf.Page) []pdf.Text {
	strm := p.V.Key("Contents")
	if p.V.IsNull() || strm.Kind() == pdf.Null {
		return nil
	}
	type matrix [3][3]float64
	mul := func(x, y matrix) matrix {
		var z matrix
		for i := range 3 {
			for j := range 3 {
				for k := range 3 {
					z[i][j] += x[i][k] * y[k][j]
				}
			}
		}
		return z
	}
	ident := matrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	matrixOf := func(args []pdf.Value) matrix {
		var m matrix
		for i := range 6 {
			m[i/2][i%2] = args[i].Float64()
		}
		m[2][2] = 1
		return m
	}
	type gstate struct {
		Tc, Tw, Th, Tl, Tfs, Trise float64
		font                       *pdfFont
		Tm, Tlm, CTM               matrix
	}
	g := gstate{Th: 1, CTM: ident}
	fonts := map[string]*pdfFont{}
	var out []pdf.Text
	var stack []gstate
	show := func(s string) {
		f := g.font
		if f == nil {
			return
		}
		for len(s) > 0 {
			n := f.codeLen
			if n > len(s) {
				n = len(s)
			}
			code := s[:n]
			s = s[n:]
			c := 0
			for i := 0; i < len(code); i++ {
				c = c<<8 | int(code[i])
			}
			w0 := f.width(c)
			Trm := mul(matrix{{g.Tfs * g.Th, 0, 0}, {0, g.Tfs, 0}, {0, g.Trise, 1}}, mul(g.Tm, g.CTM))
			text := f.enc.Decode(code)
			out = append(out, pdf.Text{Font: f.name, FontSize: Trm[0][0], X: Trm[2][0], Y: Trm[2][1], W: w0 / 1000 * Trm[0][0], S: text})
			tx := w0/1000*g.Tfs + g.Tc
			if n == 1 && c == ' ' {
				tx += g.Tw
			}
			tx *= g.Th
			g.Tm = mul(matrix{{1, 0, 0}, {0, 1, 0}, {tx, 0, 1}}, g.Tm)
		}
	}
	nextLine := func() {
		g.Tlm = mul(matrix{{1, 0, 0}, {0, 1, 0}, {0, -g.Tl, 1}}, g.Tlm)
		g.Tm = g.Tlm
	}
	num := func(args []pdf.Value, i int) float64 {
		if i < len(args) {
			return args[i].Float64()
		}
		return 0
	}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "cm":
			if len(args) == 6 {
				g.CTM = mul(matrixOf(args), g.CTM)
			}
		case "q":
			stack = append(stack, g)
		case "Q":
			if n := len(stack); n > 0 {
				g, stack = stack[n-1], stack[:n-1]
			}
		case "BT":
			g.Tm, g.Tlm = ident, ident
		case "T*":
			nextLine()
		case "Tc":
			g.Tc = num(args, 0)
		case "Tw":
			g.Tw = num(args, 0)
		case "Tz":
			g.Th = num(args, 0) / 100
		case "TL":
			g.Tl = num(args, 0)
		case "Ts":
			g.Trise = num(args, 0)
		case "TD", "Td":
			if op == "TD" {
				g.Tl = -num(args, 1)
			}
			g.Tlm = mul(matrix{{1, 0, 0}, {0, 1, 0}, {num(args, 0), num(args, 1), 1}}, g.Tlm)
			g.Tm = g.Tlm
		case "Tm":
			if len(args) == 6 {
				g.Tm = matrixOf(args)
				g.Tlm = g.Tm
			}
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				f, ok := fonts[name]
				if !ok {
					f = newPDFFont(p.Font(name))
					fonts[name] = f
				}
				g.font = f
				g.Tfs = args[1].Float64()
			}
		case "\"":
			if len(args) == 3 {
				g.Tw, g.Tc = args[0].Float64(), args[1].Float64()
				nextLine()
				show(args[2].RawString())
			}
		case "'":
			if len(args) == 1 {
				nextLine()
				show(args[0].RawString())
			}
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				v := args[0]
				for i := 0; i < v.Len(); i++ {
					x := v.Index(i)
					if x.Kind() == pdf.String {
						show(x.RawString())
					} else {
						tx := -x.Float64() / 1000 * g.Tfs * g.Th
						g.Tm = mul(matrix{{1, 0, 0}, {0, 1, 0}, {tx, 0, 1}}, g.Tm)
					}
				}
			}
		}
	})
	return out
}

// pdfFont is what text extraction needs of a font: its name, how many bytes a character code
// takes, its widths, and the decoding of codes to text.
type pdfFont struct {
	name    string
	codeLen int
	enc     pdf.TextEncoding
	first   int
	widths  []float64
	cid     map[int]float64 // Type0 fonts: widths by CID (the W array)
	dw      float64         // Type0 fonts: the default width
}

func newPDFFont(f pdf.Font) *pdfFont {
	name := f.BaseFont()
	if i := strings.Index(name, "+"); i >= 0 {
		name = name[i+1:]
	}
	pf := &pdfFont{name: name, codeLen: 1, enc: f.Encoder(), first: f.FirstChar(), widths: f.Widths()}
	if pf.enc == nil {
		pf.enc = latinEncoding{}
	}
	if f.V.Key("Subtype").Name() == "Type0" {
		pf.codeLen = 2
		if enc := f.V.Key("Encoding"); enc.Kind() == pdf.Name && !strings.HasPrefix(enc.Name(), "Identity") && !strings.Contains(enc.Name(), "UCS2") && !strings.Contains(enc.Name(), "UTF16") {
			pf.codeLen = 1 // other CMaps mix lengths; one byte is the better guess for Latin text
		}
		d := f.V.Key("DescendantFonts").Index(0)
		pf.dw = 1000
		if v := d.Key("DW"); v.Kind() != pdf.Null {
			pf.dw = v.Float64()
		}
		pf.cid = map[int]float64{}
		w := d.Key("W")
		for i := 0; i < w.Len(); {
			c := int(w.Index(i).Int64())
			if i+1 < w.Len() && w.Index(i+1).Kind() == pdf.Array {
				arr := w.Index(i + 1)
				for j := 0; j < arr.Len(); j++ {
					pf.cid[c+j] = arr.Index(j).Float64()
				}
				i += 2
				continue
			}
			if i+2 < w.Len() {
				last, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
				for k := c; k <= last && k-c < 65536; k++ {
					pf.cid[k] = width
				}
			}
			i += 3
		}
	}
	return pf
}

func (f *pdfFont) width(code int) float64 {
	if f.cid != nil {
		if w, ok := f.cid[code]; ok {
			return w
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < len(f.widths) {
		return f.widths[i]
	}
	return 500
}

// latinEncoding decodes a font without an encoding as Latin-1.
type latinEncoding struct{}

func (latinEncoding) Decode(raw string) string {
	r := make([]rune, len(raw))
	for i := 0; i < len(raw); i++ {
		r[i] = rune(raw[i])
	}
	return string(r)
}
