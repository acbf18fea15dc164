package telegramtest

import (
	"fmt"
	"html"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// allowedTags are the tags Telegram's HTML parse mode accepts
// (https://core.telegram.org/bots/api#html-style).
var allowedTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true,
	"a": true, "code": true, "pre": true, "blockquote": true, "tg-emoji": true,
}

// ParseHTML parses text as Telegram's HTML parse mode does and returns the text a user sees
// (tags removed, entities decoded). It rejects what Telegram rejects: tags it does not know,
// unbalanced or misnested tags, a bare "<", ">" or "&", named entities other than &lt; &gt;
// &amp; &quot;, spans without class="tg-spoiler" and links without href. The error's text is
// the "can't parse entities" detail Telegram returns.
func ParseHTML(text string) (string, error) {
	var out strings.Builder
	var stack []string
	for i := 0; i < len(text); {
		switch c := text[i]; c {
		case '<':
			j := strings.IndexByte(text[i:], '>')
			if j < 0 {
				return "", fmt.Errorf("Unclosed start tag at byte offset %d", i)
			}
			raw := text[i+1 : i+j]
			if strings.HasPrefix(raw, "/") {
				name := strings.ToLower(strings.TrimSpace(raw[1:]))
				if len(stack) == 0 {
					return "", fmt.Errorf("Unexpected end tag at byte offset %d", i)
				}
				if top := stack[len(stack)-1]; top != name {
					return "", fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top, name)
				}
				stack = stack[:len(stack)-1]
			} else {
				name, attrs, err := parseTag(raw)
				if err != nil {
					return "", fmt.Errorf("%v at byte offset %d", err, i)
				}
				if !allowedTags[name] {
					return "", fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, i)
				}
				switch name {
				case "a":
					if attrs["href"] == "" {
						return "", fmt.Errorf("Can't find href attribute of the tag \"a\" at byte offset %d", i)
					}
				case "span":
					if attrs["class"] != "tg-spoiler" {
						return "", fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", i)
					}
				}
				stack = append(stack, name)
			}
			i += j + 1
		case '>':
			return "", fmt.Errorf("Character '>' is reserved at byte offset %d", i)
		case '&':
			j := strings.IndexByte(text[i:min(len(text), i+12)], ';')
			if j < 2 {
				return "", fmt.Errorf("Character '&' is reserved at byte offset %d", i)
			}
			ent := text[i : i+j+1]
			dec, ok := decodeEntity(ent)
			if !ok {
				return "", fmt.Errorf("Unsupported HTML entity \"%s\" at byte offset %d", ent, i)
			}
			out.WriteString(dec)
			i += j + 1
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && size == 1 {
				return "", fmt.Errorf("Strings must be encoded in UTF-8")
			}
			out.WriteRune(r)
			i += size
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1])
	}
	return out.String(), nil
}

func decodeEntity(ent string) (string, bool) {
	switch ent {
	case "&lt;", "&gt;", "&amp;", "&quot;":
		return html.UnescapeString(ent), true
	}
	if strings.HasPrefix(ent, "&#") {
		dec := html.UnescapeString(ent)
		return dec, dec != ent
	}
	return "", false
}

// parseTag splits the inside of a start tag into its name and attributes.
func parseTag(raw string) (string, map[string]string, error) {
	raw = strings.TrimSpace(raw)
	end := strings.IndexFunc(raw, unicode.IsSpace)
	if end < 0 {
		end = len(raw)
	}
	name := strings.ToLower(raw[:end])
	if name == "" {
		return "", nil, fmt.Errorf("Empty tag name")
	}
	attrs := map[string]string{}
	rest := strings.TrimSpace(raw[end:])
	for rest != "" {
		eq := strings.IndexByte(rest, '=')
		if eq < 0 {
			attrs[strings.ToLower(rest)] = ""
			break
		}
		key := strings.ToLower(strings.TrimSpace(rest[:eq]))
		rest = strings.TrimSpace(rest[eq+1:])
		var val string
		if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
			q := strings.IndexByte(rest[1:], rest[0])
			if q < 0 {
				return "", nil, fmt.Errorf("Unclosed attribute value")
			}
			val, rest = rest[1:q+1], rest[q+2:]
		} else {
			sp := strings.IndexFunc(rest, unicode.IsSpace)
			if sp < 0 {
				sp = len(rest)
			}
			val, rest = rest[:sp], rest[sp:]
		}
		attrs[key] = html.UnescapeString(val)
		rest = strings.TrimSpace(rest)
	}
	return name, attrs, nil
}

// UTF16Len is the length of s in UTF-16 code units, the unit of Telegram's text limits.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if w := utf16.RuneLen(r); w > 0 {
			n += w
		} else {
			n++
		}
	}
	return n
}
