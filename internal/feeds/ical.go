package feeds

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// contentLines writes iCalendar content lines (RFC 5545 section 3.1):
// each ends in CRLF and is folded so no line is longer than 75 octets,
// a continuation starting with one space, never inside a UTF-8 sequence.
type contentLines struct{ buf *bytes.Buffer }

// maxLineOctets is the longest line RFC 5545 allows, without the CRLF.
const maxLineOctets = 75

// line writes name (with any parameters, ";VALUE=DATE") and value, which
// must already be in the property's syntax (text escaped with icalText).
func (w contentLines) line(name, value string) {
	s := name + ":" + value
	width := 0
	for len(s) > 0 {
		limit := maxLineOctets - width
		if len(s) <= limit {
			w.buf.WriteString(s)
			break
		}
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut-- // back to the start of the character that would be split
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n ")
		s = s[cut:]
		width = 1 // the continuation's leading space
	}
	w.buf.WriteString("\r\n")
}

// text writes a TEXT property.
func (w contentLines) text(name, value string) { w.line(name, icalText(value)) }

// icalText escapes a TEXT value (RFC 5545 section 3.3.11): backslash,
// semicolon, comma and newline are escaped; other control characters,
// which TEXT may not hold, become spaces (a CR of a CRLF goes).
func icalText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			b.WriteString(`\n`)
		case '\t':
			b.WriteByte(c)
		default:
			if c < 0x20 || c == 0x7f {
				b.WriteByte(' ')
				continue
			}
			b.WriteByte(c)
		}
	}
	return strings.ToValidUTF8(b.String(), "\uFFFD")
}

// icalDate is a DATE value: 20260302.
func icalDate(t time.Time) string { return t.Format("20060102") }

// icalUTC is a DATE-TIME value in UTC: 20260302T091500Z.
func icalUTC(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
