package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// buildSource makes a source directory holding the example plans.
func buildSource(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	dir := filepath.Join(src, "content", "plans")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../content/plans/*.md")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

func TestBuildCommand(t *testing.T) {
	src := buildSource(t)
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "keep.txt"), []byte("mine"), 0o644)
	brokenLink := buildSource(t)
	os.WriteFile(filepath.Join(brokenLink, "content", "plans", "links.md"), []byte("---\ntitle: Links\ncreated: 2026-01-01\nstatus: draft\nowner: A\nteam_size: 1\ntimeline: 1 week\nrisk_tolerance: low\n---\n\n## Overview\n\nSee [the runbook](../runbook/).\n"), 0o644)
	invalid := buildSource(t)
	os.WriteFile(filepath.Join(invalid, "content", "plans", "bad.md"), []byte("---\ntitle: Bad\nstatus: nope\n---\n"), 0o644)

	tests := []struct {
		name             string
		args             []string
		code             int
		stdoutIn, errIn  string
		wantFile, noFile string
	}{
		{"builds into public/", []string{"build", "--source", src}, exitOK, "built 8 plans", "", filepath.Join(src, "public", "plans", "dark-mode", "index.html"), ""},
		{"builds again over its own output", []string{"build", "--source", src}, exitOK, "built 8 plans", "", filepath.Join(src, "public", "index.html"), ""},
		{"under a sub-path", []string{"build", "--source", src, "--destination", filepath.Join(src, "sub"), "--base-url", "https://docs.example/rollouts/"}, exitOK, "built", "", filepath.Join(src, "sub", "404.html"), ""},
		{"refuses the source", []string{"build", "--source", src, "--destination", src}, exitUsage, "", "is the source directory", "", ""},
		{"refuses foreign files", []string{"build", "--source", src, "--destination", other}, exitUsage, "", "did not write", "", filepath.Join(other, "index.html")},
		{"no content directory", []string{"build", "--source", t.TempDir()}, exitUsage, "", "no content/ directory", "", ""},
		{"stray argument", []string{"build", "content/"}, exitUsage, "", "unexpected argument", "", ""},
		{"bad base URL", []string{"build", "--source", src, "--base-url", "docs.example"}, exitUsage, "", "base URL", "", ""},
		{"broken link in a plan", []string{"build", "--source", brokenLink}, exitProblem, "", "broken link", "", filepath.Join(brokenLink, "public")},
		{"invalid plan is built", []string{"build", "--source", invalid}, exitOK, "built 9 plans", "bad.md", filepath.Join(invalid, "public", "plans", "bad", "index.html"), ""},
		{"strict refuses it", []string{"build", "--source", invalid, "--strict", "--destination", filepath.Join(invalid, "strict")}, exitProblem, "", "nothing written", "", filepath.Join(invalid, "strict")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdoutIn) {
				t.Errorf("stdout %q, want it to mention %q", stdout.String(), tt.stdoutIn)
			}
			if !strings.Contains(stderr.String(), tt.errIn) {
				t.Errorf("stderr %q, want it to mention %q", stderr.String(), tt.errIn)
			}
			if tt.wantFile != "" {
				if _, err := os.Stat(tt.wantFile); err != nil {
					t.Errorf("want %s: %v", tt.wantFile, err)
				}
			}
			if tt.noFile != "" {
				if _, err := os.Stat(tt.noFile); err == nil {
					t.Errorf("%s was written", tt.noFile)
				}
			}
		})
	}
	if got, _ := os.ReadFile(filepath.Join(other, "keep.txt")); string(got) != "mine" {
		t.Error("a refused destination was changed")
	}
}
