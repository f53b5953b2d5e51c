package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
)

// memSink collects what BuildTo writes, and notices a file written twice.
type memSink struct {
	mu      sync.Mutex
	files   map[string][]byte
	rewrote []string
}

func (s *memSink) WriteFile(name string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.files[name]; ok {
		s.rewrote = append(s.rewrote, name)
	}
	s.files[name] = bytes.Clone(data)
	return nil
}

func (s *memSink) Create(name string) (io.WriteCloser, error) {
	return &memFile{sink: s, name: name}, nil
}

type memFile struct {
	bytes.Buffer
	sink   *memSink
	name   string
	closed bool
}

func (f *memFile) Close() error {
	if f.closed {
		return errors.New("closed twice")
	}
	f.closed = true
	return f.sink.WriteFile(f.name, f.Bytes())
}

func buildTo(t *testing.T, cfg Config) (*memSink, *Result, error) {
	t.Helper()
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sink := &memSink{files: map[string][]byte{}}
	res, err := b.BuildTo(sink)
	return sink, res, err
}

// BuildTo writes exactly the site Build returns, and reports the same
// diagnostics and counts: for the examples, for a generated portfolio
// larger than a batch, for plans sharing a slug or failing to parse, and
// for a site with layouts of its own (which gets full pages).
func TestBuildToMatchesBuild(t *testing.T) {
	generated := t.TempDir()
	if _, err := genplans.Write(generated, streamBatch+75, 3); err != nil {
		t.Fatal(err)
	}
	troubled := examplePortfolio(t)
	plans := filepath.Join(troubled, "content", "plans")
	dark, err := os.ReadFile(filepath.Join(plans, "dark-mode.md"))
	if err != nil {
		t.Fatal(err)
	}
	// Two files with the slug dark-mode, the second with fewer phases, a
	// plan whose front matter does not parse, and one with rule errors.
	writeFile(t, filepath.Join(troubled, "content", "more", "dark-mode.md"), strings.Replace(string(dark), "### Phase 4", "### Not a phase", 1))
	writeFile(t, filepath.Join(plans, "broken.md"), "---\ntitle: [unclosed\n---\n# Broken\n")
	writeFile(t, filepath.Join(plans, "thin.md"), "---\ntitle: Thin\nstatus: launched\n---\n\n## Overview\n\nNothing yet.\n")
	overridden := examplePortfolio(t)
	writeFile(t, filepath.Join(overridden, "layouts", "_partials", "rollout", "plan-row.html"),
		`<tr><td>{{ .Title }}</td><td>{{ len .Params.phases }} phases</td><td>{{ with .Params.overview_html }}{{ safeHTML . }}{{ end }}</td></tr>`)

	for name, cfg := range map[string]Config{
		"examples":    {Source: examplePortfolio(t)},
		"sub-path":    {Source: examplePortfolio(t), BaseURL: "https://docs.example/rollouts/", RepoURL: "https://git.example/p/blob/main/"},
		"generated":   {Source: generated},
		"troubled":    {Source: troubled},
		"own layouts": {Source: overridden},
	} {
		t.Run(name, func(t *testing.T) {
			_, want := build(t, cfg)
			sink, got, err := buildTo(t, cfg)
			if err != nil {
				t.Fatal(err)
			}
			sameSite(t, sink.files, want.Files)
			if (len(got.Diagnostics) > 0 || len(want.Diagnostics) > 0) && !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
				t.Errorf("diagnostics differ:\n got %v\nwant %v", got.Diagnostics, want.Diagnostics)
			}
			if got.Plans != want.Plans || got.Pages != want.Pages {
				t.Errorf("BuildTo: %d plans, %d pages; Build: %d plans, %d pages", got.Plans, got.Pages, want.Plans, want.Pages)
			}
			if name != "troubled" && len(sink.rewrote) > 0 {
				t.Errorf("files written twice: %v", sink.rewrote)
			}
		})
	}
	// The override really reads what lean pages drop.
	sink, _, err := buildTo(t, Config{Source: overridden})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sink.files["index.html"]), "4 phases</td>") {
		t.Errorf("the site's own row partial did not see the plans' phases")
	}
}

// After BuildTo the builder still builds and rebuilds as if new.
func TestBuildToThenRebuild(t *testing.T) {
	src := examplePortfolio(t)
	b, err := New(Config{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.BuildTo(&memSink{files: map[string][]byte{}}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(src, "content", "plans", "dark-mode.md")
	res, err := b.Rebuild([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	sameSite(t, res.Files, fullBuild(t, src).Files)
}

func TestBuildToStrictAndSinkErrors(t *testing.T) {
	src := examplePortfolio(t)
	writeFile(t, filepath.Join(src, "content", "plans", "thin.md"), "---\ntitle: Thin\n---\n")
	if _, _, err := buildTo(t, Config{Source: src, Strict: true}); !errors.Is(err, ErrStrict) {
		t.Errorf("strict BuildTo = %v, want ErrStrict", err)
	}
	b, err := New(Config{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.BuildTo(&failingSink{after: 5})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("BuildTo with a failing sink = %v", err)
	}
}

// failingSink fails every write after the first few, as a full disk would.
type failingSink struct {
	mu     sync.Mutex
	writes int
	after  int
}

func (s *failingSink) WriteFile(name string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.writes++; s.writes > s.after {
		return fmt.Errorf("write %s: disk full", name)
	}
	return nil
}

func (s *failingSink) Create(name string) (io.WriteCloser, error) { return nopCloser{io.Discard}, nil }

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
