package templates

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	rolloutdocs "github.com/rolloutdocs/rolloutdocs"
)

func theme(t *testing.T) fs.FS {
	t.Helper()
	sub, err := fs.Sub(rolloutdocs.Theme, "layouts")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// Every layout in layouts/ parses with the function map, and each kind of
// page rolloutdocs builds finds its layout.
func TestEveryLayoutParses(t *testing.T) {
	e, err := Load(theme(t), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"home.html", "404.html", "rollout/plan.html", "rollout/phase.html", "rollout/metric.html", "rollout/metrics.html", "rollout/portfolio-metric.html"} {
		if !slices.Contains(e.Layouts(), want) {
			t.Errorf("layout %s missing; have %v", want, e.Layouts())
		}
	}
	var partials []string
	fs.WalkDir(theme(t), "_partials", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			partials = append(partials, strings.TrimPrefix(p, "_partials/"))
		}
		return err
	})
	for _, p := range partials {
		if _, ok := e.partials[p]; !ok {
			t.Errorf("partial %s not loaded", p)
		}
	}
}

// The function map holds exactly the documented Hugo functions, so a layout
// that parses here uses nothing Hugo lacks.
func TestFuncMapIsHugos(t *testing.T) {
	e := &Engine{}
	var names []string
	for name := range e.funcMap() {
		names = append(names, name)
	}
	slices.Sort(names)
	want := slices.Clone(HugoFuncs)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("func map = %v\nHugoFuncs = %v", names, want)
	}
}

// Layouts must not use what only one engine has: Hugo-only keywords and
// functions outside HugoFuncs would break rolloutdocs build; root-relative
// links would break sites served under a sub-path.
func TestLayoutsKeepToTheSharedSubset(t *testing.T) {
	forbidden := []string{"{{ .Site.Data", "hugo.", "{{- .Site.Data", "resources.", ".Resources", "$.Page", "inline", "try ", "href=\"/", "src=\"/"}
	fs.WalkDir(theme(t), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, _ := fs.ReadFile(theme(t), p)
		for _, f := range forbidden {
			if strings.Contains(string(b), f) {
				t.Errorf("%s uses %q", p, f)
			}
		}
		return nil
	})
}

func TestOverrideReplacesOneFile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "_partials", "rollout"), 0o755)
	os.WriteFile(filepath.Join(dir, "_partials", "rollout", "footer.html"), []byte(`<footer>custom footer</footer>`), 0o644)
	e, err := Load(theme(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSite("Site", "/", nil)
	e.SetSite(s)
	var buf bytes.Buffer
	p := &Page{Title: "Gone", Kind: "404", Type: "rollout", Layout: "404", RelPermalink: "/404.html", Params: map[string]any{}, Site: s}
	if err := e.Render(&buf, p); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "custom footer") || !strings.Contains(out, "Page not found") || !strings.Contains(out, `class="site-header"`) {
		t.Errorf("override not applied file by file:\n%s", out)
	}
}

func TestBrokenOverrideNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "home.html"), []byte(`{{ define "main" }}{{ if }}{{ end }}`), 0o644)
	_, err := Load(theme(t), dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "home.html")) {
		t.Fatalf("err = %v, want one naming the file", err)
	}
	os.WriteFile(filepath.Join(dir, "home.html"), []byte(`{{ define "main" }}{{ readFile "x" }}{{ end }}`), 0o644)
	if _, err = Load(theme(t), dir); err == nil || !strings.Contains(err.Error(), "readFile") {
		t.Fatalf("err = %v, want an unknown-function error", err)
	}
}

func TestStandaloneLayoutSkipsBaseof(t *testing.T) {
	fsys := fstest.MapFS{
		"baseof.html":  {Data: []byte(`<base>{{ block "main" . }}{{ end }}</base>`)},
		"home.html":    {Data: []byte(`{{ define "main" }}home {{ .Title }}{{ end }}`)},
		"404.html":     {Data: []byte(`plain {{ .Title }}`)},
		"_partials/x":  {Data: []byte(`ignored: not .html`)},
		"rollout/a.md": {Data: []byte(`not a layout`)},
	}
	e, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]string{"home": "<base>home T</base>", "404": "plain T"} {
		var buf bytes.Buffer
		if err := e.Render(&buf, &Page{Title: "T", Kind: kind}); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want {
			t.Errorf("%s renders %q, want %q", kind, buf.String(), want)
		}
	}
	if err := e.Render(&bytes.Buffer{}, &Page{Kind: "page", Type: "rollout", Layout: "plan"}); err == nil || !strings.Contains(err.Error(), "rollout/plan.html") {
		t.Errorf("missing layout error = %v", err)
	}
}

func TestOverrides(t *testing.T) {
	e, err := Load(theme(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Overrides(); len(got) != 0 {
		t.Errorf("built-in layouts only: Overrides = %v", got)
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "_partials", "rollout"), 0o755)
	os.WriteFile(filepath.Join(dir, "_partials", "rollout", "footer.html"), []byte(`<footer>mine</footer>`), 0o644)
	os.WriteFile(filepath.Join(dir, "extra.html"), []byte(`<p>extra</p>`), 0o644)
	if e, err = Load(theme(t), dir); err != nil {
		t.Fatal(err)
	}
	if got, want := e.Overrides(), []string{"_partials/rollout/footer.html", "extra.html"}; !slices.Equal(got, want) {
		t.Errorf("Overrides = %v, want %v", got, want)
	}
}

// partialCached renders once per variant; under a limit of one result,
// each new variant replaces the one kept.
func TestLimitPartialCache(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "_partials"), 0o755)
	os.WriteFile(filepath.Join(dir, "_partials", "n.html"), []byte(`{{ .n }}`), 0o644)
	e, err := Load(theme(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	render := func(n int, variant string) string {
		html, err := e.partialCached("n.html", map[string]any{"n": n}, variant)
		if err != nil {
			t.Fatal(err)
		}
		return string(html)
	}
	steps := []struct {
		limit   int // set before the step when not 0
		n       int
		variant string
		want    string
	}{
		{0, 1, "a", "1"},
		{0, 2, "a", "1"}, // cached
		{0, 3, "b", "3"},
		{0, 4, "a", "1"}, // without a limit, every variant stays
		{1, 5, "a", "5"}, // a new limit starts empty
		{0, 6, "a", "5"},
		{0, 7, "b", "7"}, // replaces a
		{0, 8, "b", "7"},
		{0, 9, "a", "9"},
		{-1, 10, "a", "10"}, // no limit again, empty again
		{0, 11, "a", "10"},
	}
	for i, s := range steps {
		if s.limit != 0 {
			e.LimitPartialCache(s.limit)
		}
		if got := render(s.n, s.variant); got != s.want {
			t.Errorf("step %d: rendering %d with variant %q gave %q, want %q", i, s.n, s.variant, got, s.want)
		}
	}
}
