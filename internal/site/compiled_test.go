package site

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
)

// The compiled layouts render every page exactly as html/template does:
// each portfolio is built both ways and compared file by file. With the
// built-in layouts no page may fall back to html/template, or the speed
// would be quietly gone.
func TestCompiledLayoutsMatchHTMLTemplate(t *testing.T) {
	cases := []struct {
		name        string
		source      func(t *testing.T) string
		cfg         Config
		offFastPath bool // site layouts the compiler can't run
	}{
		{name: "example portfolio", source: func(t *testing.T) string { return examplePortfolio(t) }},
		{name: "example under a base path with a repository", source: func(t *testing.T) string { return examplePortfolio(t) },
			cfg: Config{BaseURL: "https://docs.example/rollouts/", RepoURL: "https://git.example/team/plans/blob/main/", Title: "Team <rollouts> & co"}},
		{name: "non-ASCII plans", source: func(t *testing.T) string { return copyTree(t, "../hugoexport/testdata/intl") }},
		{name: "hostile text", source: func(t *testing.T) string {
			src := t.TempDir()
			writeFile(t, filepath.Join(src, "content", "plans", "hostile.md"), hostile)
			writeFile(t, filepath.Join(src, "content", "plans", "invalid.md"), invalidPlan)
			return src
		}, cfg: Config{Title: `<script>alert("site")</script>`, RepoURL: `javascript:alert(15)//`}},
		{name: "many plans", source: func(t *testing.T) string { return largePortfolio(t, 24) }},
		{name: "generated plans (every status, progress and strategy)", source: func(t *testing.T) string {
			src := t.TempDir()
			if _, err := genplans.Write(src, 60, 7); err != nil {
				t.Fatal(err)
			}
			return src
		}},
		{name: "site layouts the compiler hands to html/template", source: func(t *testing.T) string {
			src := examplePortfolio(t)
			// Not compiled: call is not among the compiled built-ins.
			writeFile(t, filepath.Join(src, "layouts", "_partials", "rollout", "footer.html"),
				`<footer>{{ printf "%d plans" (len site.Pages) }}{{ with .Params.missing }}{{ call . }}{{ else with .Title }} · {{ . }}{{ end }}`+
					`{{ range $k, $v := dict "b" 2 "a" 1 }} {{ $k }}={{ $v }}{{ end }}<a href="{{ .RelPermalink }}" style="color: {{ "red" }}">self</a></footer>`)
			// Compiled, but trusted HTML in an attribute falls back at run
			// time (html/template strips its tags).
			writeFile(t, filepath.Join(src, "layouts", "_partials", "rollout", "breadcrumbs.html"),
				`{{ if eq 1.5 1.5 }}<p title="{{ safeHTML "<b>bold</b> text" }}">{{ .Title }}</p>{{ end }}`)
			return src
		}, offFastPath: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Source = tc.source(t)
			cfg.InterpretLayouts = true
			_, want := build(t, cfg)
			cfg.InterpretLayouts = false
			b, got := build(t, cfg)
			sameSite(t, got.Files, want.Files)
			fallbacks, notCompiled := b.engine.Fallbacks(), len(b.engine.NotCompiled())
			switch {
			case !tc.offFastPath && (fallbacks > 0 || notCompiled > 0):
				t.Errorf("%d renders fell back to html/template; not compiled: %v", fallbacks, b.engine.NotCompiled())
			case tc.offFastPath && (fallbacks == 0 || notCompiled == 0):
				t.Errorf("%d renders fell back, %d layouts not compiled: the case tests less than it says", fallbacks, notCompiled)
			}
			if len(got.Files) < 10 {
				t.Errorf("only %d files built", len(got.Files))
			}
		})
	}
}

func copyTree(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeFile(t, filepath.Join(to, rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}
