package retrieval

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// extractDOCX reads a Word document (word/document.xml of the zip): paragraphs in order,
// headings from their style (Title, Heading 1–6, or any style with an outline level, named in
// any language), list items from their numbering, tables as pipe tables. Deleted revisions,
// field codes and footnotes are left out.
func extractDOCX(data []byte) (extracted, error) {
	z, err := openZip(data)
	if err != nil {
		return extracted{}, fmt.Errorf("the Word document is %v", err)
	}
	doc, err := z.read("word/document.xml")
	if err != nil {
		return extracted{}, fmt.Errorf("the Word document is broken: %v", err)
	}
	levels := map[string]int{}
	if styles, err := z.read("word/styles.xml"); err == nil {
		levels = docxHeadingStyles(styles)
	}
	md, err := docxMarkdown(doc, levels)
	if err != nil {
		return extracted{}, fmt.Errorf("the Word document is broken: %v", err)
	}
	if strings.TrimSpace(md) == "" {
		return extracted{}, formatError("the Word document has no text")
	}
	return extracted{markdown: md}, nil
}

// docxHeadingStyles maps paragraph style IDs to heading levels: by the outline level a style
// (or the style it is based on) sets, else by its name ("heading 2", "Title").
func docxHeadingStyles(styles []byte) map[string]int {
	type style struct {
		Type string `xml:"type,attr"`
		ID   string `xml:"styleId,attr"`
		Name struct {
			Val string `xml:"val,attr"`
		} `xml:"name"`
		BasedOn struct {
			Val string `xml:"val,attr"`
		} `xml:"basedOn"`
		PPr struct {
			Outline *struct {
				Val string `xml:"val,attr"`
			} `xml:"outlineLvl"`
		} `xml:"pPr"`
	}
	var doc struct {
		Styles []style `xml:"style"`
	}
	if err := xml.Unmarshal(styles, &doc); err != nil {
		return map[string]int{}
	}
	byID := map[string]style{}
	for _, s := range doc.Styles {
		byID[s.ID] = s
	}
	var level func(id string, depth int) int
	level = func(id string, depth int) int {
		s, ok := byID[id]
		if !ok || depth > 10 {
			return 0
		}
		if s.PPr.Outline != nil {
			if n, err := strconv.Atoi(s.PPr.Outline.Val); err == nil && n < 9 {
				return n + 1
			}
			return 0
		}
		if lv := headingStyleLevel(s.Name.Val); lv > 0 {
			return lv
		}
		return level(s.BasedOn.Val, depth+1)
	}
	out := map[string]int{}
	for _, s := range doc.Styles {
		if s.Type == "paragraph" || s.Type == "" {
			if lv := level(s.ID, 0); lv > 0 {
				out[s.ID] = min(lv, 6)
			}
		}
	}
	return out
}

// headingStyleLevel reads a heading level from a style's name or ID: "heading 2", "Heading2",
// "Title" (1).
func headingStyleLevel(name string) int {
	n := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	if n == "title" {
		return 1
	}
	if rest, ok := strings.CutPrefix(n, "heading"); ok {
		if lv, err := strconv.Atoi(rest); err == nil && lv >= 1 && lv <= 9 {
			return min(lv, 6)
		}
	}
	return 0
}

// docxMarkdown walks document.xml's elements in order.
func docxMarkdown(doc []byte, levels map[string]int) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var (
		out       strings.Builder
		para      strings.Builder
		level     int
		list      bool
		skip      int // depth inside an element whose text is left out
		inText    bool
		tableRows [][]string
		row       []string
		cell      []string
		tableDep  int
	)
	endPara := func() {
		text := strings.Join(strings.Fields(para.String()), " ")
		para.Reset()
		switch {
		case tableDep > 0 && text != "":
			cell = append(cell, text)
		case !hasText(text):
		case tableDep > 0:
			cell = append(cell, text)
		case level > 0:
			out.WriteString(strings.Repeat("#", level) + " " + text + "\n\n")
		case list:
			out.WriteString("- " + text + "\n")
		default:
			out.WriteString(text + "\n\n")
		}
		level, list = 0, false
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "del", "instrText", "delText", "footnoteReference", "endnoteReference", "commentReference":
				skip = 1
			case "p":
				if tableDep == 0 {
					level, list = 0, false
				}
			case "pStyle":
				if tableDep == 0 {
					level = levels[attr(t, "val")]
					if level == 0 {
						level = headingStyleLevel(attr(t, "val"))
					}
				}
			case "numPr":
				list = true
			case "t":
				inText = true
			case "tab":
				para.WriteString(" ")
			case "br", "cr":
				para.WriteString(" ")
			case "tbl":
				if tableDep == 0 {
					endPara()
					tableRows = nil
				}
				tableDep++
			case "tr":
				row = nil
			case "tc":
				cell = nil
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				endPara()
			case "tc":
				row = append(row, strings.Join(cell, " "))
			case "tr":
				if tableDep == 1 {
					tableRows = append(tableRows, row)
				}
			case "tbl":
				tableDep--
				if tableDep == 0 {
					out.WriteString(pipeTable(tableRows))
				}
			}
		case xml.CharData:
			if inText && skip == 0 {
				para.Write(t)
			}
		}
	}
	return out.String(), nil
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// pipeTable writes rows as a Markdown pipe table, the first row as its header; a table of one
// column is a list of paragraphs instead (layout tables).
func pipeTable(rows [][]string) string {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if len(rows) == 0 || cols == 0 {
		return ""
	}
	var b strings.Builder
	if cols == 1 {
		for _, r := range rows {
			if len(r) > 0 && strings.TrimSpace(r[0]) != "" {
				b.WriteString(r[0] + "\n\n")
			}
		}
		return b.String()
	}
	b.WriteString("\n")
	for i, r := range rows {
		cells := make([]string, cols)
		for j := range cols {
			if j < len(r) {
				cells[j] = strings.ReplaceAll(strings.Join(strings.Fields(r[j]), " "), "|", `\|`)
			}
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat(" --- |", cols) + "\n")
		}
	}
	b.WriteString("\n")
	return b.String()
}
