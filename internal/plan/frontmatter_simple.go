package plan

import (
	"bytes"
	"reflect"
	"unicode"
	"unicode/utf8"
)

// The YAML parser is a sixth of the cost of parsing a plan, and almost every
// header is the same few lines: `key: value` with plain values, and lists
// as `- item` lines or `[a, b]`. decodeSimpleFrontMatter reads exactly that
// shape without it; anything else (quotes, comments, anchors, tabs,
// multi-line or empty values, unknown or repeated keys, a list where text
// belongs, a value YAML would read as null) makes it give up, and the YAML
// parser reads the header as before. A header it accepts decodes to the
// same values and positions as through the YAML parser
// (TestSimpleFrontMatterMatchesYAML, FuzzSimpleFrontMatter).

// decodeSimpleFrontMatter decodes yamlText (whose first line is file line
// firstLine) into r.p.Front and r.p.FrontPos when it has the simple shape,
// and reports whether it did. It changes nothing when it returns false.
func (r *reader) decodeSimpleFrontMatter(yamlText []byte, firstLine int) bool {
	var front FrontMatter
	fields := reflect.ValueOf(&front).Elem()
	positions := make(map[string]Pos, len(frontFields))

	// list is the slice field a `key:` line with no value opened; its
	// `- item` lines follow, each indented by listIndent spaces.
	var list struct {
		key    string
		index  int
		items  []string
		indent int
	}
	closeList := func() bool {
		if list.key == "" {
			return true
		}
		if list.items == nil {
			return false // `key:` with nothing after it is null
		}
		fields.Field(list.index).Set(reflect.ValueOf(list.items))
		list.key, list.items = "", nil
		return true
	}

	line := firstLine
	for rest := yamlText; len(rest) > 0; line++ {
		var text []byte
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			text, rest = rest[:i], rest[i+1:]
		} else {
			text, rest = rest, nil
		}
		if len(bytes.TrimLeft(text, " ")) == 0 {
			continue
		}
		if text[0] == ' ' || text[0] == '-' {
			// An item of the list the previous key opened.
			indent := len(text) - len(bytes.TrimLeft(text, " "))
			item := text[indent:]
			if list.key == "" || len(item) < 3 || item[0] != '-' || item[1] != ' ' {
				return false
			}
			if list.items == nil {
				list.indent = indent
				positions[list.key] = Pos{Line: line, Col: indent + 1}
			} else if indent != list.indent {
				return false
			}
			value := item[2:]
			if !isSimpleScalar(value, false) {
				return false
			}
			list.items = append(list.items, string(value))
			continue
		}
		if !closeList() {
			return false
		}
		colon := bytes.IndexByte(text, ':')
		if colon <= 0 {
			return false
		}
		key := string(text[:colon])
		info, known := frontFields[key]
		if _, seen := positions[key]; !known || seen || key == list.key {
			return false
		}
		after := text[colon+1:]
		if len(after) == 0 {
			if info.kind != reflect.Slice {
				return false // an empty value is null
			}
			list.key, list.index = key, info.index
			continue
		}
		if after[0] != ' ' {
			return false
		}
		value := bytes.TrimLeft(after, " ")
		pos := Pos{Line: line, Col: colon + 1 + len(after) - len(value) + 1}
		switch info.kind {
		case reflect.String:
			if !isSimpleScalar(value, false) || isYAMLNull(value) {
				return false
			}
			fields.Field(info.index).SetString(string(value))
		case reflect.Int:
			n, ok := smallWholeNumber(value)
			if !ok {
				return false
			}
			fields.Field(info.index).SetInt(int64(n))
		case reflect.Slice:
			items, ok := flowList(value)
			if !ok {
				return false
			}
			fields.Field(info.index).Set(reflect.ValueOf(items))
		default:
			return false
		}
		positions[key] = pos
	}
	if !closeList() || len(positions) == 0 {
		return false // a header of blank lines is YAML's null
	}
	r.p.Front = front
	for k, pos := range positions {
		r.p.FrontPos[k] = pos
	}
	return true
}

// isSimpleScalar reports whether s is plain YAML text that reads back as
// itself: it starts with a letter or digit, holds only letters, marks,
// digits, spaces and punctuation that means nothing inside a plain scalar,
// and does not end in a space. In a flow list (inFlow) commas and
// brackets are not allowed either.
func isSimpleScalar(s []byte, inFlow bool) bool {
	if len(s) == 0 || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			case i == 0:
				return false
			case c == ' ', c == '_', c == '.', c == ';', c == '(', c == ')', c == '/', c == '&',
				c == '+', c == '\'', c == '@', c == '=', c == '~', c == '-', c == '%':
			case c == ',' && !inFlow:
			default:
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r):
		case i > 0 && (unicode.Is(unicode.M, r) || r == '’'):
		default:
			return false
		}
		i += size
	}
	return true
}

// isYAMLNull reports whether a plain scalar is YAML's null.
func isYAMLNull(s []byte) bool {
	switch string(s) {
	case "null", "Null", "NULL":
		return true
	}
	return false
}

// smallWholeNumber reads a decimal number without sign or leading zeros
// that fits in an int32.
func smallWholeNumber(s []byte) (int, bool) {
	if len(s) == 0 || len(s) > 9 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// flowList reads `[a, b]` with simple items.
func flowList(s []byte) ([]string, bool) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false
	}
	inner := bytes.TrimSpace(s[1 : len(s)-1])
	items := []string{}
	if len(inner) == 0 {
		return items, true
	}
	for part := range bytes.SplitSeq(inner, []byte(",")) {
		part = bytes.Trim(part, " ")
		if !isSimpleScalar(part, true) || isYAMLNull(part) {
			return nil, false
		}
		items = append(items, string(part))
	}
	return items, true
}
