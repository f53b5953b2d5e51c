// Package frontmatter writes a plan's YAML header. Commands that create or
// convert plans (new, import, the portfolio generator) share it so every
// header they write quotes values the same safe way and reads back, through
// plan.Parse, exactly as written.
package frontmatter

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Entry is one key of a header. Value is a string, an int or a []string.
type Entry struct {
	Key   string
	Value any
	// Comment, if set, follows the value as a YAML comment to guide the
	// author ("# people on the rollout").
	Comment string
}

// Format renders entries between --- lines, one key per line in the given
// order, each line ending in newline ("\n" or "\r\n").
func Format(entries []Entry, newline string) []byte {
	var b strings.Builder
	b.WriteString("---" + newline)
	for _, e := range entries {
		b.WriteString(e.Key + ":")
		switch v := e.Value.(type) {
		case []string:
			if len(v) == 0 {
				b.WriteString(" []")
			}
			comment(&b, e.Comment)
			b.WriteString(newline)
			for _, item := range v {
				b.WriteString("  - " + Quote(item) + newline)
			}
			continue
		case int:
			b.WriteString(" " + strconv.Itoa(v))
		case string:
			b.WriteString(" " + Quote(v))
		default:
			panic(fmt.Sprintf("frontmatter: unsupported value %T for %s", v, e.Key)) // programming error
		}
		comment(&b, e.Comment)
		b.WriteString(newline)
	}
	b.WriteString("---" + newline)
	return []byte(b.String())
}

func comment(b *strings.Builder, c string) {
	if c != "" {
		b.WriteString(" # " + strings.Join(strings.Fields(c), " "))
	}
}

// plainSafe is text YAML reads back as the same string when written
// unquoted: it starts with a letter, digit or one of a few harmless
// characters, and holds no ": ", " #", quote, flow or block indicator.
var plainSafe = regexp.MustCompile(`^[\p{L}\p{N}(][\p{L}\p{M}\p{N} _.,;()/&+'’@=~-]*$`)

// notPlain are words YAML reads as something other than a string, or that
// surprise readers when unquoted.
var notPlain = regexp.MustCompile(`(?i)^(y|n|yes|no|on|off|true|false|null|~|[-+]?(\.inf|\.nan)|[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|0x[0-9a-f_]+|0o?[0-7_]+|0b[01_]+|[0-9]+(:[0-5]?[0-9])+(\.[0-9_]*)?)$`)

// datePattern matches dates, which are written plain: plan.Parse reads
// them as the text written, and that is how people write them.
var datePattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// Quote returns s as a YAML scalar that reads back as s: plain when that is
// safe, else double-quoted with escapes for quotes, backslashes and
// control characters.
func Quote(s string) string {
	if datePattern.MatchString(s) {
		return s
	}
	if plainSafe.MatchString(s) && !notPlain.MatchString(s) && s == strings.TrimSpace(s) {
		return s
	}
	return doubleQuote(s)
}

// doubleQuote writes a YAML double-quoted scalar. Go's escapes (\n, \t,
// \xXX, \uXXXX, \UXXXXXXXX, \", \\) are all valid YAML escapes; printable
// Unicode is kept as is.
func doubleQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r == 0x85 || r == 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || (r >= 0x80 && r < 0xa0):
			// Line and paragraph separators, NEL, BOM and C1 controls
			// are invisible or break lines; escape them.
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
