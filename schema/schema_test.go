package schema

import (
	"bytes"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestCommittedSchemaIsCurrent fails when plan.FrontMatter changed and
// plan.schema.json was not regenerated.
func TestCommittedSchemaIsCurrent(t *testing.T) {
	committed, err := os.ReadFile(FileName)
	if err != nil {
		t.Fatalf("reading the committed schema: %v (run `go generate ./schema`)", err)
	}
	generated, err := JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, generated) {
		t.Fatalf("schema/%s is stale: it differs from what plan.FrontMatter generates.\nRun `go generate ./schema` and commit the result.\n\n%s",
			FileName, firstDifference(committed, generated))
	}
}

func firstDifference(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n  committed: " + x + "\n  generated: " + y
		}
	}
	return ""
}

func TestJSONShape(t *testing.T) {
	b, err := JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(b, []byte("}\n")) || bytes.HasSuffix(b, []byte("\n\n")) {
		t.Errorf("schema must end with exactly one newline")
	}
	for i, c := range b {
		if c >= 0x80 {
			t.Fatalf("non-ASCII byte %#x at offset %d; invisible characters must be escaped", c, i)
		}
	}
}

// TestFieldSchemaRefusesUnknownRules keeps the schema honest: a validate
// tag the generator cannot express must stop generation, not vanish.
func TestFieldSchemaRefusesUnknownRules(t *testing.T) {
	tests := []struct {
		name string
		typ  any
		want string // part of the error
	}{
		{"unknown string tag", struct {
			A string `yaml:"a" validate:"required,email"`
		}{}, `"email"`},
		{"unknown int tag", struct {
			A int `yaml:"a" validate:"required,lte=5"`
		}{}, `"lte=5"`},
		{"neither required nor omitempty", struct {
			A string `yaml:"a" validate:"notblank"`
		}{}, "exactly one of required and omitempty"},
		{"both required and omitempty", struct {
			A string `yaml:"a" validate:"required,omitempty"`
		}{}, "exactly one of required and omitempty"},
		{"unsupported type", struct {
			A float64 `yaml:"a" validate:"required"`
		}{}, "not supported"},
		{"dive on a string", struct {
			A string `yaml:"a" validate:"required,dive,notblank"`
		}{}, "dive"},
		{"list of numbers", struct {
			A []int `yaml:"a" validate:"omitempty"`
		}{}, "not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := objectSchema(reflect.TypeOf(tt.typ))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one mentioning %s", err, tt.want)
			}
		})
	}
}

func TestFieldSchemaRequiredInteger(t *testing.T) {
	s, err := objectSchema(reflect.TypeOf(struct {
		N int `yaml:"n" validate:"required"`
	}{}))
	if err != nil {
		t.Fatal(err)
	}
	n := s.Properties.values["n"]
	if n.Not == nil || n.Not.Const != 0 {
		t.Fatalf("a required int without a minimum must exclude 0 (validator's zero value); got %+v", n)
	}
}

func TestPortablePattern(t *testing.T) {
	tests := []struct{ in, want string }{
		{`^[1-9][0-9]*\s*(d|w)$`, `^[1-9][0-9]*[\t\n\f\r ]*(d|w)$`},
		{`\d+\w`, `[0-9]+[0-9A-Za-z_]`},
		{`[\s,]`, `[\t\n\f\r ,]`},
		{`\S`, `[^\t\n\f\r ]`},
		{`a\\s`, `a\\s`}, // an escaped backslash then a letter s
		{`[]\s]`, `[]\t\n\f\r ]`},
		{`[^]\d]`, `[^]0-9]`},
		{`\.\-`, `\.\-`},
	}
	for _, tt := range tests {
		got, err := portablePattern(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("portablePattern(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{`[\S]`, `(`} {
		if got, err := portablePattern(bad); err == nil {
			t.Errorf("portablePattern(%q) = %q, want an error", bad, got)
		}
	}
}

// TestPortablePatternKeepsGoMeaning checks the rewrite changes nothing for
// Go's regexp on strings with ASCII and Unicode spaces.
func TestPortablePatternKeepsGoMeaning(t *testing.T) {
	patterns := []string{`^[1-9][0-9]*\s*(d|days?|w|weeks?)$`, `^\w+\s\d$`, `[\s,]x\S`}
	inputs := []string{"6 weeks", "6\tweeks", "6\u00a0weeks", "6\vw", "10d", "ab 1", "é 1", "a\u3000 1", ",xa", " x ", "\u2003x\u2003"}
	for _, p := range patterns {
		portable, err := portablePattern(p)
		if err != nil {
			t.Fatal(err)
		}
		orig, port := regexp.MustCompile(p), regexp.MustCompile(portable)
		for _, in := range inputs {
			if orig.MatchString(in) != port.MatchString(in) {
				t.Errorf("%q vs %q disagree on %q", p, portable, in)
			}
		}
	}
}

func TestNotBlankPatternMatchesTrimSpace(t *testing.T) {
	re := regexp.MustCompile(NotBlankPattern)
	inputs := []string{"", " ", "\t\n", "\v", "\u0085", "\u00a0", "\u2000\u200a", "\u3000", "\ufeff", "\u200b", "a", " a ", "\u00a0x", "💸"}
	for _, in := range inputs {
		want := strings.TrimSpace(in) != ""
		if got := re.MatchString(in); got != want {
			t.Errorf("NotBlankPattern on %q = %v, strings.TrimSpace says not-blank=%v", in, got, want)
		}
	}
}
