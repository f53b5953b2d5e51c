// Package schema derives the JSON Schema of a plan's front matter from
// plan.FrontMatter, the Go type that validator/v10 checks, so editors and
// other tools judge a header the way `rolloutdocs check` does.
//
// The schema stays in the subset of draft-07 that editors understand (type,
// enum, pattern, format, minLength, minimum, maximum, not, const, items,
// anyOf, $ref). Each
// validate tag maps to keywords; a tag the generator does not know is an
// error, so a new rule cannot silently go missing from the schema.
//
// plan.schema.json in this directory is the committed output; run
// `go generate ./schema` after changing plan.FrontMatter.
package schema

//go:generate go run gen.go

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// ID is where the published schema lives; editors fetch it from there
// (`# yaml-language-server: $schema=<ID>`).
const ID = "https://raw.githubusercontent.com/rolloutdocs/rolloutdocs/main/schema/plan.schema.json"

// FileName is the committed schema's name in this directory.
const FileName = "plan.schema.json"

// Draft is the JSON Schema dialect the output declares.
const Draft = "http://json-schema.org/draft-07/schema#"

// Schema is the part of JSON Schema the generator writes. Field order is
// output order, so the file is stable and reads top-down.
type Schema struct {
	Schema               string      `json:"$schema,omitempty"`
	ID                   string      `json:"$id,omitempty"`
	Comment              string      `json:"$comment,omitempty"`
	Title                string      `json:"title,omitempty"`
	Description          string      `json:"description,omitempty"`
	Ref                  string      `json:"$ref,omitempty"`
	Type                 types       `json:"type,omitempty"`
	Enum                 []any       `json:"enum,omitempty"`
	Format               string      `json:"format,omitempty"`
	MinLength            *int        `json:"minLength,omitempty"`
	Pattern              string      `json:"pattern,omitempty"`
	Minimum              *int64      `json:"minimum,omitempty"`
	Maximum              *int64      `json:"maximum,omitempty"`
	Not                  *Schema     `json:"not,omitempty"`
	Const                any         `json:"const,omitempty"`
	Items                *Schema     `json:"items,omitempty"`
	AnyOf                []*Schema   `json:"anyOf,omitempty"`
	Properties           *orderedMap `json:"properties,omitempty"`
	Required             []string    `json:"required,omitempty"`
	AdditionalProperties *bool       `json:"additionalProperties,omitempty"`
	Definitions          *orderedMap `json:"definitions,omitempty"`
}

// types is a JSON Schema "type": one name, or a list when several are
// allowed.
type types []string

func (t types) MarshalJSON() ([]byte, error) {
	if len(t) == 1 {
		return json.Marshal(t[0])
	}
	return json.Marshal([]string(t))
}

// orderedMap is a JSON object whose keys keep insertion order.
type orderedMap struct {
	keys   []string
	values map[string]*Schema
}

func (m *orderedMap) set(key string, s *Schema) {
	if m.values == nil {
		m.values = map[string]*Schema{}
	}
	if _, ok := m.values[key]; !ok {
		m.keys = append(m.keys, key)
	}
	m.values[key] = s
}

func (m *orderedMap) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range m.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		key, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(key)
		b.WriteByte(':')
		val, err := json.Marshal(m.values[k])
		if err != nil {
			return nil, fmt.Errorf("property %s: %w", k, err)
		}
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// emptyRef names the definition an optional key may hold instead of a value.
const emptyRef = "#/definitions/empty"

// textTypes are the JSON types a free-text key accepts. plan.Parse reads a
// number or boolean written for a text key as the text it was written as
// (`flag: 2026`, `owner: no`), so the schema must not reject them either.
// Keys with a format or a fixed set of values need no such allowance: no
// number or boolean passes those rules in either validator.
var textTypes = types{"string", "number", "boolean"}

// maxWholeNumber is the largest whole number plan.Parse accepts for an
// integer key; it reads them into 32 bits.
const maxWholeNumber = math.MaxInt32

// FrontMatter returns the schema of plan.FrontMatter.
func FrontMatter() (*Schema, error) {
	root, err := objectSchema(reflect.TypeFor[plan.FrontMatter]())
	if err != nil {
		return nil, err
	}
	root.Schema = Draft
	root.ID = ID
	root.Comment = "Generated from plan.FrontMatter in internal/plan by `go generate ./schema`; do not edit."
	root.Title = "rolloutdocs plan front matter"
	root.Description = "The YAML header of a rollout plan: the block between the --- lines at the top of content/plans/<slug>.md."
	root.Definitions = &orderedMap{}
	root.Definitions.set("empty", &Schema{
		Description: "No value: the same as leaving the key out.",
		Enum:        []any{nil, ""},
	})
	return root, nil
}

// JSON returns the front-matter schema as the bytes of plan.schema.json:
// two-space indented, non-ASCII characters escaped so invisible ones stay
// visible, and a trailing newline.
func JSON() ([]byte, error) {
	s, err := FrontMatter()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encoding the schema: %w", err)
	}
	return asciiJSON(b.Bytes()), nil
}

func objectSchema(t reflect.Type) (*Schema, error) {
	s := &Schema{Type: types{"object"}, Properties: &orderedMap{}, AdditionalProperties: new(bool)}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		prop, required, err := fieldSchema(f)
		if err != nil {
			return nil, fmt.Errorf("field %s (%s): %w", f.Name, name, err)
		}
		s.Properties.set(name, prop)
		if required {
			s.Required = append(s.Required, name)
		}
	}
	return s, nil
}

// fieldSchema maps one struct field's validate tag to a property schema.
//
// Every key is either required or omitempty: validator skips an omitempty
// key's zero value, so the schema lets such a key be empty (null, or "")
// through the "empty" definition. A key with neither would be checked with
// its zero value, a case the schema cannot mirror, so it is refused.
func fieldSchema(f reflect.StructField) (prop *Schema, required bool, err error) {
	tags := strings.Split(f.Tag.Get("validate"), ",")
	elemTags := []string(nil)
	for i, tag := range tags {
		if tag == "dive" {
			tags, elemTags = tags[:i], tags[i+1:]
			break
		}
	}
	optional := false
	var own []string
	for _, tag := range tags {
		switch tag {
		case "required":
			required = true
		case "omitempty":
			optional = true
		case "":
		default:
			own = append(own, tag)
		}
	}
	if required == optional {
		return nil, false, fmt.Errorf("validate tag %q must have exactly one of required and omitempty", f.Tag.Get("validate"))
	}

	var value *Schema
	switch f.Type.Kind() {
	case reflect.String:
		value, err = stringSchema(own, required)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		value, err = integerSchema(own, required)
	case reflect.Slice:
		if f.Type.Elem().Kind() != reflect.String {
			return nil, false, fmt.Errorf("lists of %s are not supported", f.Type.Elem())
		}
		if len(own) > 0 {
			return nil, false, fmt.Errorf("unsupported validate tags %v on a list", own)
		}
		var items *Schema
		if items, err = stringSchema(elemTags, false); err == nil {
			value = &Schema{Type: types{"array"}, Items: items}
		}
	default:
		return nil, false, fmt.Errorf("type %s is not supported", f.Type)
	}
	if err != nil {
		return nil, false, err
	}
	if len(elemTags) > 0 && f.Type.Kind() != reflect.Slice {
		return nil, false, fmt.Errorf("dive on a %s", f.Type)
	}

	prop = value
	if optional {
		if f.Type.Kind() == reflect.Slice {
			// An empty list is already a list; null is the only other "empty".
			value.Type = append(value.Type, "null")
		} else {
			prop = &Schema{AnyOf: []*Schema{value, {Ref: emptyRef}}}
		}
	}
	prop.Description = f.Tag.Get("doc")
	return prop, required, nil
}

func stringSchema(tags []string, required bool) (s *Schema, err error) {
	s = &Schema{Type: slices.Clone(textTypes)}
	constrained := false // a format or enum: only a JSON string can pass
	for _, tag := range tags {
		name, param, _ := strings.Cut(tag, "=")
		switch name {
		case "notblank":
			s.MinLength = ptr(1)
			s.Pattern = NotBlankPattern
		case "oneof":
			for _, v := range strings.Fields(param) {
				s.Enum = append(s.Enum, v)
			}
			constrained = true
		case "date":
			s.Format = "date"
			if s.Pattern, err = portablePattern(plan.DatePattern); err != nil {
				return nil, fmt.Errorf("plan.DatePattern: %w", err)
			}
			constrained = true
		case "timespan":
			if s.Pattern, err = portablePattern(plan.TimespanPattern); err != nil {
				return nil, fmt.Errorf("plan.TimespanPattern: %w", err)
			}
			constrained = true
		default:
			return nil, fmt.Errorf("validate tag %q has no JSON Schema equivalent; teach schema.stringSchema about it", tag)
		}
	}
	if constrained {
		s.Type = types{"string"}
	}
	if required && s.MinLength == nil && !constrained {
		s.MinLength = ptr(1) // validator's required rejects ""
	}
	return s, nil
}

func integerSchema(tags []string, required bool) (*Schema, error) {
	s := &Schema{Type: types{"integer"}, Maximum: ptr(int64(maxWholeNumber))}
	for _, tag := range tags {
		name, param, _ := strings.Cut(tag, "=")
		switch name {
		case "gte", "min":
			n, err := strconv.ParseInt(param, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("validate tag %q: %w", tag, err)
			}
			s.Minimum = ptr(n)
		default:
			return nil, fmt.Errorf("validate tag %q has no JSON Schema equivalent; teach schema.integerSchema about it", tag)
		}
	}
	if required && (s.Minimum == nil || *s.Minimum <= 0) {
		s.Not = &Schema{Const: 0} // validator's required rejects 0
	}
	return s, nil
}

// perlClasses are the ASCII sets Go's regexp gives \d, \s and \w.
var perlClasses = map[byte]string{'d': `0-9`, 's': `\t\n\f\r `, 'w': `0-9A-Za-z_`}

// portablePattern rewrites a Go regular expression so that ECMA-262
// engines (which editors use) read it the same way: \d, \s and \w become
// the explicit ASCII sets Go gives them, where ECMA-262's \s also takes
// Unicode spaces. Negated classes inside brackets have no portable spelling
// and are refused, as is anything Go's regexp does not compile.
func portablePattern(p string) (string, error) {
	if _, err := regexp.Compile(p); err != nil {
		return "", err
	}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			next := p[i+1]
			i++
			set, perl := perlClasses[next|0x20]
			switch {
			case !perl:
				b.WriteByte(c)
				b.WriteByte(next)
			case next >= 'a' && inClass:
				b.WriteString(set)
			case next >= 'a':
				b.WriteString("[" + set + "]")
			case inClass:
				return "", fmt.Errorf("pattern %q: \\%c inside brackets has no portable spelling", p, next)
			default:
				b.WriteString("[^" + set + "]")
			}
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			// A ] right after [ or [^ is a literal, not the end.
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteByte(']')
				i++
			}
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func ptr[T any](v T) *T { return &v }

// NotBlankPattern matches a string holding at least one character that
// strings.TrimSpace keeps, which is what the notblank tag asks. It lists the
// space characters themselves rather than writing \S, because \S means
// different things to Go's regexp (ASCII only) and the ECMA-262 regexes
// editors use (Unicode spaces and U+FEFF).
var NotBlankPattern = func() string {
	var b strings.Builder
	b.WriteString("[^")
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		end := r
		for end+1 <= unicode.MaxRune && unicode.IsSpace(end+1) {
			end++
		}
		b.WriteRune(r)
		if end > r+1 {
			b.WriteByte('-')
		}
		if end > r {
			b.WriteRune(end)
		}
		r = end
	}
	b.WriteByte(']')
	return b.String()
}()

// asciiJSON escapes every non-ASCII character of a JSON text as \uXXXX.
// Non-ASCII only occurs inside strings, where the escape means the same.
func asciiJSON(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case r < utf8.RuneSelf:
			out.WriteByte(byte(r))
		case r > 0xFFFF:
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(&out, `\u%04x\u%04x`, hi, lo)
		default:
			fmt.Fprintf(&out, `\u%04x`, r)
		}
	}
	return out.Bytes()
}
