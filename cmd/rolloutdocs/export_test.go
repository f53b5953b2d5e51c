package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exportFixture makes a plans directory (content/plans/ holding the given
// example plans plus extra files) and an empty Hugo site.
func exportFixture(t *testing.T, examples []string, extra map[string]string) (source, hugoSite string) {
	t.Helper()
	source, hugoSite = t.TempDir(), t.TempDir()
	plans := filepath.Join(source, "content", "plans")
	if err := os.MkdirAll(plans, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range examples {
		data, err := os.ReadFile(filepath.Join("..", "..", "content", "plans", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(plans, name), data, 0o644)
	}
	for name, text := range extra {
		os.WriteFile(filepath.Join(plans, name), []byte(text), 0o644)
	}
	os.WriteFile(filepath.Join(hugoSite, "hugo.toml"), []byte("baseURL = 'https://docs.example/'\n"), 0o644)
	return source, hugoSite
}

const brokenPlan = "---\ntitle: Broken\nstatus: nope\n---\n# Broken\n"

func TestExportCommand(t *testing.T) {
	for _, tc := range []struct {
		name     string
		extra    map[string]string
		args     func(source, site string) []string
		code     int
		written  bool
		stderr   string // part of what stderr must say
		pagesMin int
	}{
		{
			name: "clean plans are written",
			args: func(src, site string) []string { return []string{"--hugo", site, "--source", src} },
			code: exitOK, written: true, pagesMin: 5,
		},
		{
			name:  "plans with errors are reported and nothing is written",
			extra: map[string]string{"broken.md": brokenPlan},
			args:  func(src, site string) []string { return []string{"--hugo", site, "--source", src} },
			code:  exitProblem, stderr: "broken.md:3:9: error",
		},
		{
			name:  "--allow-errors writes them anyway",
			extra: map[string]string{"broken.md": brokenPlan},
			args:  func(src, site string) []string { return []string{"--hugo", site, "--source", src, "--allow-errors"} },
			code:  exitOK, written: true, stderr: "broken.md:3:9: error", pagesMin: 5,
		},
		{
			name: "--hugo is required",
			args: func(src, site string) []string { return []string{"--source", src} },
			code: exitUsage, stderr: "--hugo SITE is required",
		},
		{
			name: "a directory that is not a Hugo site",
			args: func(src, site string) []string { return []string{"--hugo", src, "--source", src} },
			code: exitUsage, stderr: "has no hugo.toml",
		},
		{
			name: "a bad section",
			args: func(src, site string) []string {
				return []string{"--hugo", site, "--source", src, "--section", "Roll Outs"}
			},
			code: exitUsage, stderr: "--section",
		},
		{
			name: "plans inside the Hugo site's content/",
			args: func(src, site string) []string { return []string{"--hugo", src, "--source", src} },
			code: exitUsage, stderr: "inside the Hugo site's content directory",
		},
		{
			name: "no plans",
			args: func(src, site string) []string {
				empty := t.TempDir()
				os.MkdirAll(filepath.Join(empty, "content"), 0o755)
				return []string{"--hugo", site, "--source", empty}
			},
			code: exitProblem, stderr: "no plans found",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, site := exportFixture(t, []string{"dark-mode.md"}, tc.extra)
			if tc.name == "plans inside the Hugo site's content/" {
				os.WriteFile(filepath.Join(src, "hugo.toml"), []byte("title = 'docs'\n"), 0o644)
			}
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"export"}, tc.args(src, site)...), &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr does not say %q:\n%s", tc.stderr, stderr.String())
			}
			data, err := os.ReadFile(filepath.Join(site, "data", "rolloutdocs", "export.json"))
			if written := err == nil; written != tc.written {
				t.Fatalf("export.json written: %v, want %v", written, tc.written)
			}
			if !tc.written {
				return
			}
			var ex struct {
				Section string           `json:"section"`
				Pages   []map[string]any `json:"pages"`
			}
			if err := json.Unmarshal(data, &ex); err != nil {
				t.Fatal(err)
			}
			if ex.Section != "rollouts" || len(ex.Pages) < tc.pagesMin {
				t.Errorf("export: section %q, %d pages; want rollouts and at least %d", ex.Section, len(ex.Pages), tc.pagesMin)
			}
			if !strings.Contains(stdout.String(), "wrote ") {
				t.Errorf("stdout does not say what was written: %q", stdout.String())
			}
		})
	}
}

func TestExportIsDeterministic(t *testing.T) {
	src, site := exportFixture(t, []string{"dark-mode.md", "saml-sso.md"}, nil)
	dest := filepath.Join(site, "data", "rolloutdocs", "export.json")
	var outs [][]byte
	for range 2 {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"export", "--hugo", site, "--source", src}, &stdout, &stderr); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		data, err := os.ReadFile(dest)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, data)
		os.Remove(dest)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two exports of the same plans differ")
	}
}
