package rules

import "strings"

// freeFormWords are the stand-ins people type while drafting: "TK" (to
// come), "TBD", "TODO". They count as whole words only, in capitals (and
// "tbd", which people write in lower case too): "XXXL", "TKO" and
// "todo list" are not placeholders.
var freeFormWords = map[string]bool{"TK": true, "TBD": true, "TBC": true, "TODO": true, "FIXME": true, "XXX": true, "tbd": true}

// htmlTags are the HTML elements a plan may write inline; <name> that is
// none of them is an <angle-bracket> placeholder.
var htmlTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "br": true, "code": true, "del": true, "details": true, "div": true,
	"em": true, "hr": true, "i": true, "img": true, "ins": true, "kbd": true, "li": true, "mark": true,
	"ol": true, "p": true, "pre": true, "q": true, "s": true, "small": true, "span": true, "strong": true,
	"sub": true, "summary": true, "sup": true, "table": true, "tbody": true, "td": true, "th": true,
	"thead": true, "tr": true, "u": true, "ul": true, "var": true, "wbr": true, "figure": true,
	"figcaption": true, "blockquote": true, "cite": true, "dl": true, "dt": true, "dd": true, "center": true,
	"font": true, "section": true, "article": true, "aside": true, "header": true, "footer": true, "nav": true,
	"picture": true, "source": true, "video": true, "audio": true, "iframe": true, "svg": true, "time": true,
}

// mayHaveFreeForm is a quick filter run on every line: one without the
// start of a placeholder (TK, TB, TO, XX, FI, tb, ??, __, <) holds none,
// and is neither copied nor scanned further.
func mayHaveFreeForm[S ~string | ~[]byte](line S) bool {
	for i := 0; i+1 < len(line); i++ {
		switch c, next := line[i], line[i+1]; c {
		case 'T':
			if next == 'K' || next == 'B' || next == 'O' {
				return true
			}
		case 'X':
			if next == 'X' {
				return true
			}
		case 'F':
			if next == 'I' {
				return true
			}
		case 't':
			if next == 'b' {
				return true
			}
		case '?', '_':
			if next == c {
				return true
			}
		case '<':
			return true
		}
	}
	return false
}

// findFreeForm returns the free-form placeholders of one line with code
// spans masked: the words above, runs of three or more _ or ?, and
// <angle bracket> names that are not HTML, autolinks or comments.
func findFreeForm(line string) []placeholder {
	var out []placeholder
	if strings.Trim(line, " _*-\t") == "" {
		return nil // a thematic break (___), or blank
	}
	for i := 0; i < len(line); {
		ch := line[i]
		switch {
		case isWordByte(ch):
			j := i
			for j < len(line) && isWordByte(line[j]) {
				j++
			}
			w := line[i:j]
			if freeFormWords[w] && (i == 0 || !isJoinByte(line[i-1])) && (j == len(line) || !isJoinByte(line[j])) {
				out = append(out, placeholder{text: w, label: w, start: i})
			}
			i = j
		case ch == '_' || ch == '?':
			j := i
			for j < len(line) && line[j] == ch {
				j++
			}
			if j-i >= 3 {
				out = append(out, placeholder{text: line[i:j], label: line[i:j], start: i})
			}
			i = j
		case ch == '<':
			j := strings.IndexByte(line[i+1:], '>')
			if j < 0 {
				return out
			}
			inner := line[i+1 : i+1+j]
			if isAngleName(inner) {
				out = append(out, placeholder{text: line[i : i+j+2], label: inner, start: i})
			}
			i += j + 2
		default:
			i++
		}
	}
	return out
}

// isAngleName reports whether <inner> reads as a placeholder name such as
// <team name>, <owner> or <DATE>: letters, digits, spaces, _ and -, not an
// HTML tag, closing tag, autolink or comment.
func isAngleName(inner string) bool {
	if inner == "" || len(inner) > 40 || inner[0] == ' ' || inner[len(inner)-1] == ' ' {
		return false
	}
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		if !(isWordByte(c) || c == ' ' || c == '_' || c == '-') {
			return false
		}
	}
	if c := inner[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return false
	}
	return !htmlTags[strings.ToLower(inner)]
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isJoinByte: a byte that makes a word part of a longer token ("TODO_x",
// "TK-421", "xTBD", "TBD's" stays a word): letters, digits, _ and -, and
// any non-ASCII byte (a letter of another script).
func isJoinByte(c byte) bool {
	return isWordByte(c) || c == '_' || c == '-' || c >= 0x80
}
