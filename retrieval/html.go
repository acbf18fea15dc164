package retrieval

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// extractHTML reads a web page's main content into Markdown: the <main> element (or the one
// element with role="main", or the only <article>), else the body; navigation, headers and
// footers of the site, sidebars, forms, scripts, cookie banners and the like are dropped.
// Headings, lists, tables and preformatted code keep their structure. A page declared in
// another character set than UTF-8 is decoded.
func extractHTML(data []byte) (extracted, error) {
	r, err := charset.NewReader(bytes.NewReader(data), "text/html")
	if err != nil {
		return extracted{}, fmt.Errorf("the web page's character set is unknown: %v", err)
	}
	root, err := html.Parse(r)
	if err != nil {
		return extracted{}, fmt.Errorf("the web page cannot be parsed: %v", err)
	}
	title := ""
	if t := findFirst(root, func(n *html.Node) bool { return n.DataAtom == atom.Title }); t != nil {
		title = strings.Join(strings.Fields(textOf(t)), " ")
	}
	md := htmlMarkdown(mainContent(root))
	if strings.TrimSpace(md) == "" {
		return extracted{}, formatError("the web page has no text")
	}
	return extracted{markdown: md, title: title}, nil
}

// mainContent picks the element that holds a page's own text.
func mainContent(root *html.Node) *html.Node {
	if n := findFirst(root, func(n *html.Node) bool {
		return n.DataAtom == atom.Main || attrOf(n, "role") == "main"
	}); n != nil {
		return n
	}
	var articles []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.DataAtom == atom.Article {
			articles = append(articles, n)
			return false
		}
		return true
	})
	if len(articles) == 1 {
		return articles[0]
	}
	if b := findFirst(root, func(n *html.Node) bool { return n.DataAtom == atom.Body }); b != nil {
		return b
	}
	return root
}

// boilerplateClass matches the class or id of the parts of a page that are the site's, not the
// text's: "cookie-banner", "site-nav", "sidebar", "share-buttons", "related-posts"…
var boilerplateClass = regexp.MustCompile(`(?i)(?:^|[-_ ])(?:cookie|consent|banner|nav|navbar|navigation|menu|breadcrumbs?|sidebar|share|sharing|social|comments?|related|advert|ads|promo|newsletter|subscribe|popup|modal|skip|toc|pagination|footer|masthead|site-header)(?:$|[-_ ])`)

// isBoilerplate tells whether an element is left out of the text.
func isBoilerplate(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Nav, atom.Aside,
		atom.Form, atom.Button, atom.Iframe, atom.Select, atom.Input, atom.Textarea, atom.Head,
		atom.Footer, atom.Dialog, atom.Menu, atom.Object, atom.Embed, atom.Canvas:
		return true
	case atom.Header:
		// An article's own header holds its title; the site's header does not.
		for p := n.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Article {
				return false
			}
		}
		return true
	}
	switch attrOf(n, "role") {
	case "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert":
		return true
	}
	if attrOf(n, "hidden") != "" || attrOf(n, "aria-hidden") == "true" {
		return true
	}
	return boilerplateClass.MatchString(attrOf(n, "class")) || boilerplateClass.MatchString(attrOf(n, "id"))
}

// htmlMarkdown writes an element's content as Markdown-ish text.
func htmlMarkdown(n *html.Node) string {
	w := &mdWriter{}
	w.block(n)
	w.flush()
	return w.out.String()
}

type mdWriter struct {
	out    strings.Builder
	line   strings.Builder
	prefix string // of the paragraph being written: "## ", "- "
}

// flush ends the paragraph being written.
func (w *mdWriter) flush() {
	text := strings.Join(strings.Fields(w.line.String()), " ")
	w.line.Reset()
	if hasText(text) {
		w.out.WriteString(w.prefix + text + "\n\n")
	}
	w.prefix = ""
}

func (w *mdWriter) block(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

func (w *mdWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.line.WriteString(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
		w.block(n)
		return
	default:
		return
	}
	if isBoilerplate(n) {
		return
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.flush()
		w.prefix = strings.Repeat("#", int(n.Data[1]-'0')) + " "
		w.block(n)
		w.flush()
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Blockquote, atom.Figure,
		atom.Figcaption, atom.Dl, atom.Dt, atom.Dd, atom.Address, atom.Details, atom.Summary,
		atom.Ul, atom.Ol, atom.Body, atom.Center, atom.Caption:
		w.flush()
		w.block(n)
		w.flush()
	case atom.Li:
		w.flush()
		w.prefix = "- "
		w.block(n)
		w.flush()
	case atom.Br:
		w.line.WriteString(" ")
	case atom.Hr:
		w.flush()
	case atom.Pre:
		w.flush()
		code := strings.Trim(textOf(n), "\n")
		if strings.TrimSpace(code) != "" {
			w.out.WriteString(indentCode(code) + "\n\n")
		}
	case atom.Table:
		w.flush()
		rows := htmlTableRows(n)
		if htmlLayoutTable(rows) {
			// A table used for layout (an admonition's icon and text, a one-cell frame) is
			// read as the blocks its cells hold, not as a table of one data row.
			walk(n, func(c *html.Node) bool {
				if c != n && c.DataAtom == atom.Table {
					w.node(c)
					return false
				}
				if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
					w.flush()
					w.block(c)
					w.flush()
					return false
				}
				return true
			})
			return
		}
		w.out.WriteString(pipeTable(rows))
	case atom.Img:
		if alt := strings.TrimSpace(attrOf(n, "alt")); alt != "" && n.Parent != nil && n.Parent.DataAtom == atom.Figure {
			w.line.WriteString(" " + alt + " ")
		}
	default:
		if htmlPhrasing[n.DataAtom] {
			// Phrasing elements (a, em, strong, code, span…) are part of the words around them:
			// "<code>reset</code>" in quotes stays "reset", <b>Kut</b>ip stays Kutip.
			w.block(n)
			return
		}
		// Other elements keep their text in the line, apart from the words around it.
		w.line.WriteString(" ")
		w.block(n)
		w.line.WriteString(" ")
	}
}

// htmlLayoutTable tells a table used for layout from a table of data: data has at least two
// rows with two or more filled cells (a header and a row, at least).
func htmlLayoutTable(rows [][]string) bool {
	n := 0
	for _, r := range rows {
		filled := 0
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				filled++
			}
		}
		if filled >= 2 {
			n++
		}
	}
	return n < 2
}

// htmlPhrasing are the inline elements that add no space of their own around their text.
var htmlPhrasing = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Cite: true,
	atom.Code: true, atom.Data: true, atom.Del: true, atom.Dfn: true, atom.Em: true, atom.Font: true,
	atom.I: true, atom.Ins: true, atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true,
	atom.Samp: true, atom.Small: true, atom.Span: true, atom.Strike: true, atom.Strong: true,
	atom.Sub: true, atom.Sup: true, atom.Time: true, atom.Tt: true, atom.U: true, atom.Var: true,
	atom.Big: true, atom.Nobr: true, atom.Label: true, atom.Acronym: true,
}

// htmlTableRows reads a table's rows (thead, tbody, tfoot or direct), each cell as its text.
func htmlTableRows(t *html.Node) [][]string {
	var rows [][]string
	walk(t, func(n *html.Node) bool {
		if n != t && n.DataAtom == atom.Table {
			return false // a nested table is part of its cell's text
		}
		if n.DataAtom == atom.Tr {
			var row []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
					row = append(row, strings.Join(strings.Fields(textOf(c)), " "))
				}
			}
			rows = append(rows, row)
			return false
		}
		return true
	})
	return rows
}

// walk visits n and its descendants in document order; visit returns false to skip a subtree.
func walk(n *html.Node, visit func(*html.Node) bool) {
	if !visit(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func findFirst(root *html.Node, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	walk(root, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if n.Type == html.ElementNode && match(n) {
			found = n
			return false
		}
		return true
	})
	return found
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf is all the text under n, boilerplate elements (scripts, styles) aside.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Script || c.DataAtom == atom.Style) {
			return false
		}
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		if c.Type == html.ElementNode && (c.DataAtom == atom.Br || c.DataAtom == atom.P || c.DataAtom == atom.Div) && c.Parent != nil {
			b.WriteString(" ")
		}
		return true
	})
	return b.String()
}
