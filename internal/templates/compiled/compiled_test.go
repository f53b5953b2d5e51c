package compiled

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strings"
	"testing"
	texttemplate "text/template"
	"text/template/parse"
)

// compileBoth parses src with html/template, escapes it, and compiles the
// escaped trees; the template is returned for running the reference.
func compileBoth(t testing.TB, src string, funcs template.FuncMap) (*template.Template, *Program, error) {
	t.Helper()
	ref, err := template.New("page").Funcs(funcs).Parse(src)
	if err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	// Escape a clone (executing the reference escapes it too, and the
	// clone keeps the reference's first run honest).
	esc := template.Must(ref.Clone())
	stubs := template.FuncMap{}
	for name := range funcs {
		stubs[name] = func(...any) (any, error) { return nil, errors.New("stub") }
	}
	esc.Funcs(stubs)
	var escapeErr *template.Error
	if err := esc.Execute(io.Discard, nil); errors.As(err, &escapeErr) {
		t.Fatalf("escape %q: %v", src, err)
	}
	f := reflect.ValueOf(esc).Elem().FieldByName("text")
	text := (*texttemplate.Template)(f.UnsafePointer())
	p, err := Compile("page", func(name string) *parse.Tree {
		if x := text.Lookup(name); x != nil {
			return x.Tree
		}
		return nil
	}, funcs)
	return ref, p, err
}

type stringer struct{ s string }

func (s stringer) String() string { return "stringer:" + s.s }

type record struct {
	Name   string
	Nested *record
	Tags   []string
	hidden string
}

func (r *record) Shout() string { return strings.ToUpper(r.Name) }

var testFuncs = template.FuncMap{
	"upper": func(v any) string { return strings.ToUpper(fmt.Sprint(v)) },
	"trust": func(v any) template.HTML { return template.HTML(fmt.Sprint(v)) },
	"url":   func(v any) template.URL { return template.URL(fmt.Sprint(v)) },
	"pair":  func(a, b any) (any, error) { return fmt.Sprint(a, "+", b), nil },
	"join": func(sep string, items ...any) (template.HTML, error) {
		return template.HTML(fmt.Sprint(sep, items)), nil
	},
	"fail":   func(v any) (any, error) { return nil, errors.New("failed on purpose") },
	"boom":   func() string { panic("boom") },
	"typed":  func(n int, f float64, s string, b bool) string { return fmt.Sprint(n, f, s, b) },
	"count":  func(items []string) int { return len(items) },
	"record": func() *record { return &record{Name: "rec", Tags: []string{"x"}} },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
}

func testData() map[string]any {
	s := "pointed"
	return map[string]any{
		"Title":  `Fish & <Chips> "quoted" 'single' +plus`,
		"Empty":  "",
		"Nil":    nil,
		"Zero":   0,
		"Int":    42,
		"Float":  2.5,
		"True":   true,
		"False":  false,
		"HTML":   template.HTML(`<b>bold</b> &amp;`),
		"URL":    template.URL(`javascript:alert(1)`),
		"JSURL":  `javascript:alert(1)`,
		"Link":   `https://example.com/a b?q=ü&x=<y>#frag`,
		"Color":  "red",
		"BadCSS": "expression(alert(1))",
		"Ptr":    &s,
		"Str":    stringer{"x"},
		"List":   []any{"a", map[string]any{"name": "in list"}, 3, nil},
		"Words":  []string{"one", "two", "three"},
		"Map":    map[string]any{"b": 2, "a": 1, "c": map[string]any{"deep": "value"}},
		"Maps":   []map[string]any{{"name": "first"}, {"name": "second"}},
		"Record": &record{Name: "Ada", Nested: &record{Name: "Bob"}, Tags: []string{"t1"}, hidden: "no"},
		"Nums":   []int{3, 1, 2},
	}
}

// Each template renders the same through the compiled program as through
// html/template. fast says it must do so without falling back (a change
// that quietly falls back would lose the speed, not the output).
func TestCompiledMatchesHTMLTemplate(t *testing.T) {
	cases := []struct {
		name string
		src  string
		fast bool
	}{
		{"text and fields", `<p>{{ .Title }}</p><p>{{ .Map.c.deep }}|{{ .Missing }}|{{ .Missing.deeper }}|{{ .Nil }}</p>`, true},
		{"numbers and bools", `{{ .Int }} {{ .Float }} {{ .True }} {{ .Zero }} {{ 7 }} {{ 1.5 }} {{ true }} {{ "lit" }}`, true},
		{"typed values", `{{ .HTML }} {{ .Ptr }} {{ .Str }} {{ .Words }} {{ .Nums }}`, true},
		{"struct fields", `{{ .Record.Name }} {{ .Record.Nested.Name }} {{ .Record.Tags }}`, true},
		{"method falls back", `{{ .Record.Shout }}`, false},
		{"unexported field falls back", `{{ .Record.hidden }}`, false},
		{"field of nil falls back", `{{ .Nil.x }}`, false},
		{"field of nil pointer falls back", `{{ .Record.Nested.Nested.Name }}`, false},
		{"if else", `{{ if .Empty }}a{{ else if .Zero }}b{{ else if .List }}c{{ else }}d{{ end }}{{ if .Missing }}e{{ end }}{{ if .Record }}f{{ end }}`, true},
		{"with else with", `{{ with .Missing }}a{{ else with .Title }}[{{ . }}]{{ end }}{{ with .Map }}{{ .a }}{{ end }}`, true},
		{"range slice", `{{ range .List }}<{{ . }}>{{ end }}{{ range $i, $e := .Words }}{{ $i }}={{ $e }};{{ end }}`, true},
		{"range typed slices", `{{ range .Maps }}{{ .name }},{{ end }}{{ range .Nums }}{{ . }}{{ end }}{{ range .Record.Tags }}{{ . }}{{ end }}`, true},
		{"range map sorted", `{{ range $k, $v := .Map }}{{ $k }}{{ end }}{{ range .Map }}.{{ end }}`, true},
		{"range int", `{{ range 3 }}{{ . }}{{ end }}{{ range $i := 2 }}{{ $i }}{{ end }}`, true},
		{"range empty and else", `{{ range .Missing }}x{{ else }}none{{ end }}{{ range .Nums }}{{ else }}empty{{ end }}{{ range $x := .Words }}{{ else }}{{ $x }}{{ end }}`, true},
		{"break and continue", `{{ range .Words }}{{ if eq . "two" }}{{ continue }}{{ end }}{{ if eq . "three" }}{{ break }}{{ end }}{{ . }}{{ end }}`, true},
		{"variables", `{{ $x := .Title }}{{ $y := 1 }}{{ range .Words }}{{ $y = . }}{{ $x }}{{ end }}{{ $y }}{{ $.Int }}{{ with .Map }}{{ $.Zero }}{{ $x }}{{ end }}`, true},
		{"a nil value is no value once assigned", `{{ $n := .Nil }}[{{ $n.deeper }}]{{ $m := index .Map "zz" }}[{{ $m.x }}]`, true},
		{"shadowing", `{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}`, true},
		{"range assigns outer variables", `{{ $i := 0 }}{{ $e := "" }}{{ range $i, $e = .Words }}{{ end }}{{ $i }}{{ $e }}`, true},
		{"define and template", `{{ define "item" }}<i>{{ . }}</i>{{ end }}{{ range .Words }}{{ template "item" . }}{{ end }}{{ template "item" }}`, true},
		{"block in title", `<title>{{ block "title" . }}{{ .Title }}{{ end }}</title><textarea>{{ .Title }}</textarea>`, true},
		{"recursion", `{{ define "r" }}{{ if . }}{{ len . }}{{ template "r" (slice . 1) }}{{ end }}{{ end }}{{ template "r" .Words }}`, false},
		{"functions", `{{ upper .Title }} {{ trust .HTML }} {{ pair 1 .Int }} {{ join ", " .Int 2 "s" }} {{ .Title | upper }} {{ typed 1 2.5 "s" true }} {{ count .Words }} {{ record.Name }}`, true},
		{"function errors fall back", `{{ fail .Title }}`, false},
		{"panics fall back", `{{ boom }}`, false},
		{"wrong argument types fall back", `{{ count .List }}`, false},
		{"and or not", `{{ and .True .Int }} {{ and .False (fail 1) }} {{ or .Empty .Zero .Title }} {{ or .Int (fail 1) }} {{ not .Empty }} {{ not .Missing }} {{ .Int | and 1 }}`, true},
		{"eq ne", `{{ eq .Int 42 }} {{ eq .Title "x" "y" }} {{ ne .Empty "" }} {{ eq .Missing "x" }} {{ eq .True true }} {{ if eq .Map.zz "" }}no{{ end }}`, true},
		{"eq of other kinds falls back", `{{ if eq .Str .Str }}x{{ end }}`, false},
		{"eq and ordering of floats", `{{ eq .Float 2.5 }} {{ lt .Float 3.0 }} {{ le 2.5 .Float }} {{ gt .Float 2.5 }} {{ ge .Float 2.5 }}`, true},
		{"ordering", `{{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge .Int 43 }} {{ if lt .Int 50 }}small{{ end }}`, true},
		{"ordering of mixed kinds falls back", `{{ lt .Int .Float }}`, false},
		{"printf", `{{ printf "%s has %d words: %v %v" .Title (len .Words) .Missing .Nil }}{{ println "a" 1 }}`, true},
		{"len index print", `{{ len .Words }} {{ len .Title }} {{ len .Map }} {{ index .Words 1 }} {{ index .Map "a" }} {{ index .Map "zz" }} {{ (index .Maps 0).name }} {{ print "a" 1 .Nil .Missing }}`, true},
		{"index out of range falls back", `{{ index .Words 9 }}`, false},
		{"chains", `{{ (dict "a" (dict "b" "deep")).a.b }} {{ (index .List 1).name }}`, true},
		{"attributes", `<a href="{{ .Link }}" title="{{ .Title }}" data-x={{ .Title }} class="c-{{ .Color }}">x</a><a href="/p/{{ .Title }}?q={{ .Title }}">y</a>`, true},
		{"unsafe urls", `<a href="{{ .JSURL }}">a</a><a href="{{ .URL }}">b</a><a href="{{ url .JSURL }}">c</a>`, true},
		{"css values", `<p style="color: {{ .Color }}">a</p><p style="width: {{ .Int }}%">b</p><p style="x: {{ .BadCSS }}">c</p>`, true},
		{"trusted HTML in an attribute falls back", `<p title="{{ .HTML }}">a</p>`, false},
		{"comments", `<!-- {{ .Title }} -->{{/* a comment */}}<p>{{ .Title }}</p>`, true},
		{"unsupported builtin", `{{ call .Missing }}`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ref, prog, err := compileBoth(t, tc.src, testFuncs)
			var want bytes.Buffer
			refErr := ref.Execute(&want, testData())
			if err != nil {
				if tc.fast {
					t.Fatalf("not compiled: %v", err)
				}
				return
			}
			var got bytes.Buffer
			runErr := prog.Execute(&got, testData())
			switch {
			case runErr != nil && !errors.Is(runErr, ErrFallback):
				t.Fatalf("compiled run failed without falling back: %v", runErr)
			case runErr != nil && tc.fast:
				t.Fatalf("fell back: %v (html/template: %q, %v)", runErr, want.String(), refErr)
			case runErr == nil && !tc.fast:
				t.Fatalf("ran compiled where it should fall back: %q", got.String())
			case runErr == nil && refErr != nil:
				t.Fatalf("html/template failed (%v), compiled gave %q", refErr, got.String())
			case runErr == nil && got.String() != want.String():
				t.Errorf("compiled output differs\n got: %s\nwant: %s", got.String(), want.String())
			}
		})
	}
}

// Any value, in every context the layouts use, escapes as html/template
// escapes it, or falls back.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "plain", `<script>alert("x")</script>`, "a&b'c\"d+e", "javascript:alert(1)", "JavaScript:x",
		"https://example.com/a b?q=ü#f", "%41%zz", "\x00\ufdd0\ufffe", "expression(x)", "-->", "a\\62 c", "mailto:x@y", " x y ", "ü"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	src := `<p>{{ .V }}</p><a href="{{ .V }}" title="{{ .V }}" data-u={{ .V }}>x</a><a href="/p?q={{ .V }}&r=/{{ .V }}">y</a>` +
		`<p style="color: {{ .V }}">z</p><title>{{ .V }}</title><textarea>{{ .V }}</textarea><!-- {{ .V }} -->`
	ref, prog, err := compileBoth(f, src, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, trusted bool) {
		for _, v := range []any{s, template.URL(s), template.CSS(s), &s, stringer{s}} {
			if trusted {
				v = template.HTML(s)
			}
			data := map[string]any{"V": v}
			var want, got bytes.Buffer
			if err := ref.Execute(&want, data); err != nil {
				t.Fatal(err)
			}
			err := prog.Execute(&got, data)
			if errors.Is(err, ErrFallback) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Fatalf("value %#v\n got: %s\nwant: %s", v, got.String(), want.String())
			}
		}
	})
}
