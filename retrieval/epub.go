package retrieval

import (
	"encoding/xml"
	"fmt"
	"path"
	"strings"
)

// extractEPUB reads an EPUB book: its chapters in spine order (META-INF/container.xml names the
// package file, whose spine lists them), each an XHTML page read as extractHTML reads one.
func extractEPUB(data []byte) (extracted, error) {
	z, err := openZip(data)
	if err != nil {
		return extracted{}, fmt.Errorf("the EPUB is %v", err)
	}
	container, err := z.read("META-INF/container.xml")
	if err != nil {
		return extracted{}, fmt.Errorf("the EPUB is broken: %v", err)
	}
	var c struct {
		Rootfiles []struct {
			Path string `xml:"full-path,attr"`
		} `xml:"rootfiles>rootfile"`
	}
	if err := xml.Unmarshal(container, &c); err != nil || len(c.Rootfiles) == 0 {
		return extracted{}, fmt.Errorf("the EPUB is broken: META-INF/container.xml names no package file")
	}
	opfPath := c.Rootfiles[0].Path
	opfData, err := z.read(opfPath)
	if err != nil {
		return extracted{}, fmt.Errorf("the EPUB is broken: %v", err)
	}
	var opf struct {
		Title    []string `xml:"metadata>title"`
		Manifest []struct {
			ID        string `xml:"id,attr"`
			Href      string `xml:"href,attr"`
			MediaType string `xml:"media-type,attr"`
			Props     string `xml:"properties,attr"`
		} `xml:"manifest>item"`
		Spine []struct {
			IDRef  string `xml:"idref,attr"`
			Linear string `xml:"linear,attr"`
		} `xml:"spine>itemref"`
	}
	if err := xml.Unmarshal(opfData, &opf); err != nil {
		return extracted{}, fmt.Errorf("the EPUB's package file %s is broken: %v", opfPath, err)
	}
	hrefs := map[string]string{}
	for _, it := range opf.Manifest {
		if strings.Contains(it.MediaType, "html") && !strings.Contains(it.Props, "nav") {
			hrefs[it.ID] = it.Href
		}
	}
	dir := path.Dir(opfPath)
	var b strings.Builder
	for _, ref := range opf.Spine {
		href, ok := hrefs[ref.IDRef]
		if !ok || ref.Linear == "no" {
			continue
		}
		name := path.Join(dir, unescapeHref(href))
		page, err := z.read(name)
		if err != nil {
			return extracted{}, fmt.Errorf("the EPUB is broken: %v", err)
		}
		ex, err := extractHTML(page)
		if err != nil {
			continue // a chapter without text: a cover, a blank page
		}
		b.WriteString(ex.markdown)
	}
	ex := extracted{markdown: b.String()}
	if len(opf.Title) > 0 {
		ex.title = strings.Join(strings.Fields(opf.Title[0]), " ")
	}
	if strings.TrimSpace(ex.markdown) == "" {
		return ex, formatError("the EPUB has no text")
	}
	return ex, nil
}

// unescapeHref undoes the percent-encoding of a manifest href ("Bab%201.xhtml").
func unescapeHref(h string) string {
	h, _, _ = strings.Cut(h, "#")
	if !strings.Contains(h, "%") {
		return h
	}
	var b strings.Builder
	for i := 0; i < len(h); i++ {
		if h[i] == '%' && i+2 < len(h) {
			var v byte
			if _, err := fmt.Sscanf(h[i+1:i+3], "%02x", &v); err == nil {
				b.WriteByte(v)
				i += 2
				continue
			}
		}
		b.WriteByte(h[i])
	}
	return b.String()
}
