package site

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/rolloutdocs/rolloutdocs/internal/sourcetree"
)

// ConfigFile is the optional settings file at the source root.
const ConfigFile = "rolloutdocs.yaml"

// DefaultTitle is the site title when neither a flag nor the config file
// names one.
const DefaultTitle = "Rollout plans"

// Config says what to build and how.
type Config struct {
	// Source is the directory holding content/ and optionally layouts/,
	// static/ and rolloutdocs.yaml. Empty means the current directory.
	Source string
	// BaseURL is where the site will be served, e.g.
	// "https://docs.example/rollouts/"; its path prefixes every link.
	BaseURL string
	Title   string
	// RepoURL is prefixed to each plan's source path (relative to Source)
	// to link pages to their file, e.g.
	// "https://git.example/team/plans/blob/main/".
	RepoURL string
	// Strict makes Build and Rebuild return ErrStrict when any plan has an
	// error or a warning (the Result is still complete).
	Strict bool
	// Progress receives progress lines for large portfolios; nil is silent.
	Progress io.Writer
	// PagesOnly makes the page set, the diagnostics and the index files
	// (portfolio.json, search.json, sitemap.xml) without rendering any
	// HTML: Result.Files then holds no pages. It is what `export --hugo`
	// needs, since Hugo renders the pages itself.
	PagesOnly bool
	// IndexesOnRequest leaves portfolio.json, search.json and sitemap.xml
	// out of Result.Files and puts them in Result.OnRequest instead, made
	// the first time they are asked for. The preview rebuilds on every
	// save, and copying them anew (10 MB at 1,000 plans, 90 MB at 10,000)
	// was a large part of a rebuild, for files a browser seldom asks for.
	IndexesOnRequest bool
	// FollowSymlinks reads symlinks that lead outside Source, which are
	// otherwise reported and skipped (internal/sourcetree). Unsafe for
	// untrusted input.
	FollowSymlinks bool
	// InterpretLayouts renders every page with html/template alone, not
	// with the compiled layouts (templates.Engine.InterpretOnly). The
	// output is the same; tests compare the two.
	InterpretLayouts bool
	// GitHistory reads each plan's history from git (internal/history)
	// at every full build, for the pages' last change and status history.
	// Off, or where there is no history, pages show none.
	GitHistory bool
}

// fileConfig is rolloutdocs.yaml. Fields set by flags (non-empty in
// Config) win over it.
type fileConfig struct {
	Title   string `yaml:"title"`
	BaseURL string `yaml:"base_url"`
	RepoURL string `yaml:"repo_url"`
}

// resolved returns cfg with the config file's settings filled in where cfg
// leaves them empty, and defaults after that. A config file that is a
// symlink out of the source is not read: refused gets it.
func resolved(cfg Config, tree *sourcetree.Tree, refused func(*sourcetree.Refusal)) (Config, error) {
	if cfg.Source == "" {
		cfg.Source = "."
	}
	p := filepath.Join(cfg.Source, ConfigFile)
	data, err := tree.ReadFile(p)
	var refusal *sourcetree.Refusal
	switch {
	case errors.As(err, &refusal):
		refused(refusal)
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return cfg, fmt.Errorf("read %s: %w", p, err)
	default:
		var fc fileConfig
		if err := yaml.UnmarshalWithOptions(data, &fc, yaml.Strict()); err != nil {
			return cfg, fmt.Errorf("%s: %s (known keys: title, base_url, repo_url)", p, strings.TrimSpace(yaml.FormatError(err, false, true)))
		}
		if cfg.Title == "" {
			cfg.Title = fc.Title
		}
		if cfg.BaseURL == "" {
			cfg.BaseURL = fc.BaseURL
		}
		if cfg.RepoURL == "" {
			cfg.RepoURL = fc.RepoURL
		}
	}
	if strings.TrimSpace(cfg.Title) == "" {
		cfg.Title = DefaultTitle
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "/"
	}
	if err := checkBaseURL(cfg.BaseURL); err != nil {
		return cfg, err
	}
	if !strings.HasSuffix(cfg.BaseURL, "/") {
		cfg.BaseURL += "/"
	}
	return cfg, nil
}

func checkBaseURL(u string) error {
	if strings.ContainsAny(u, "?#\"<> \t\n") {
		return fmt.Errorf("base URL %q: want a URL or path such as https://docs.example/rollouts/ or /rollouts/, without a query or fragment", u)
	}
	if i := strings.Index(u, "://"); i >= 0 {
		scheme := u[:i]
		if scheme != "http" && scheme != "https" {
			return fmt.Errorf("base URL %q: scheme must be http or https", u)
		}
		if len(u) == i+3 || u[i+3] == '/' {
			return fmt.Errorf("base URL %q has no host", u)
		}
		return nil
	}
	if !strings.HasPrefix(u, "/") {
		return fmt.Errorf("base URL %q: start a path with / (e.g. /rollouts/) or give a full URL", u)
	}
	return nil
}
