package lsp

import (
	"net/url"
	"path/filepath"
	"strings"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// document is one open text: what the editor holds, which may differ from
// the file on disk.
type document struct {
	uri protocol.DocumentUri
	// path names the plan in diagnostics: relative to the workspace folder
	// when inside it, as `check` run there prints it.
	path string
	// isPlan is false for a Markdown file that is not a plan: outside the
	// workspace's plan folder (a README beside content/) or named as
	// `check` skips (_index.md). Its diagnostics stay empty.
	isPlan  bool
	version protocol.Integer
	text    string
	// checked is the analysis of checkedVersion; analyses are cached per
	// version so a burst of requests reads the text once.
	checked        *analysis
	checkedVersion protocol.Integer
	// pending is the debounce timer of a change not yet published.
	pending *time.Timer
}

// uriPath turns a document URI into a file path. A URI that is not a
// file (an unsaved "untitled:" buffer) keeps its last segment as a name,
// so the plan still has a slug and its diagnostics a file.
func uriPath(uri protocol.DocumentUri) string {
	u, err := url.Parse(string(uri))
	if err != nil {
		return string(uri)
	}
	if u.Scheme == "file" {
		p := u.Path
		if len(p) >= 3 && p[0] == '/' && p[2] == ':' { // file:///C:/...
			p = p[1:]
		}
		return filepath.FromSlash(p)
	}
	name := u.Opaque
	if name == "" {
		name = u.Path
	}
	name = name[strings.LastIndex(name, "/")+1:]
	if name == "" {
		name = "untitled.md"
	}
	return name
}

// pathURI is the file URI of an absolute path.
func pathURI(path string) protocol.DocumentUri {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	return protocol.DocumentUri(u.String())
}

// displayPath is how diagnostics name a file: relative to root when it lies
// inside it, else as given.
func displayPath(root, path string) string {
	if root == "" || !filepath.IsAbs(path) {
		return path
	}
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	return rel
}
