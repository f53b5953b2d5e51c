package pages

import (
	"bytes"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/rolloutdocs/rolloutdocs/internal/markdown"
)

// Inline renders a one-line Markdown snippet (a task, a table cell) to HTML
// without the paragraph around it. Raw HTML in it is dropped, as everywhere.
func Inline(src string) string {
	src = strings.TrimSpace(src)
	if src == "" {
		return ""
	}
	if plainText(src) {
		// Most snippets are plain words: escaping them is what goldmark
		// would do, at a fraction of the cost.
		return html.EscapeString(src)
	}
	return inlineMarkdown(src)
}

// inlineMarkdown is Inline through goldmark, for a trimmed, non-empty src.
func inlineMarkdown(src string) string {
	out, err := markdown.RenderString(inlineOnly(src))
	if err != nil {
		return html.EscapeString(src)
	}
	out = bytes.TrimSpace(out)
	if bytes.HasPrefix(out, []byte("<p>")) && bytes.HasSuffix(out, []byte("</p>")) && bytes.Count(out, []byte("<p>")) == 1 {
		out = out[3 : len(out)-4]
	}
	return string(out)
}

// inlineOnly escapes what would make a one-line snippet open a block
// (">= 3.8%" is a target, not a blockquote; "1. Deploy" is not a list), so
// it renders as the inline text it is, as in a table cell.
func inlineOnly(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", rune(c)) {
		// Keep emphasis, code, links and images, which are inline.
		if !strings.ContainsRune("*_`[!\\~", rune(c)) || strings.HasPrefix(s, "* ") || strings.HasPrefix(s, "```") ||
			strings.HasPrefix(s, "***") || strings.HasPrefix(s, "___") || strings.HasPrefix(s, "~~~") {
			return "\\" + s
		}
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + "\\" + s[i:]
	}
	return s
}

// plainText reports whether Inline's goldmark path would render s as its
// escaped text: no character that starts markup, an entity, an autolink or
// a typographic substitution, and nothing that opens a block once
// inlineOnly has escaped the start ("<1.5%", ">= 99.9%" and "0.7%" are
// text: metric cells are mostly such thresholds).
func plainText(s string) bool {
	i := 0
	switch {
	case s == "":
		return true
	case s[0] == '<' || s[0] == '>':
		i = 1 // escaped by inlineOnly; a second one is checked below
	case s[0] >= '0' && s[0] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i < len(s) && (s[i] == '.' || s[i] == ')') && !strings.HasPrefix(s[i:], "..") {
			i++ // "1." is escaped by inlineOnly: no list
		}
	case s[0] == '-':
		return false // a list item or a thematic break
	}
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '*', '_', '`', '[', ']', '<', '>', '&', '\\', '~', '!', '"', '\'', '#', '|', '@', ':', '+', '$':
			return false
		case '-':
			if i+1 < len(s) && s[i+1] == '-' {
				return false
			}
		case '.':
			if i+1 < len(s) && s[i+1] == '.' {
				return false
			}
		default:
			if c < 0x20 || c == 0x7f {
				return false // goldmark replaces NUL and treats controls specially
			}
		}
	}
	return utf8.ValidString(s) && !strings.Contains(strings.ToLower(s), "www.")
}

// Blocks renders block nodes of a plan's body to HTML.
func Blocks(body []byte, nodes ...ast.Node) string {
	out, err := markdown.Render(body, nodes...)
	if err != nil {
		return "<p>" + html.EscapeString(err.Error()) + "</p>"
	}
	return string(out)
}
