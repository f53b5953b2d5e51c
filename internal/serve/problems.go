package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// maxSourceLine bounds the source line an overlay item quotes: a line of a
// plan is short, a minified blob pasted in is not worth shipping.
const maxSourceLine = 240

// problem is one error the overlay lists.
type problem struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"col,omitempty"`
	Severity string `json:"severity"`
	Rule     string `json:"rule,omitempty"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	// Source is the text of the line the diagnostic points at, if the file
	// could be read.
	Source string `json:"source,omitempty"`
	// path is File as the diagnostic named it, to find it on disk.
	path string
}

// problems is what the overlay shows: the errors of the build (warnings do
// not interrupt an author; the terminal lists them) and a build failure.
type problems struct {
	Errors   []problem `json:"errors"`
	Warnings int       `json:"warnings"`
	// Key identifies this set, so a tab remembers that it was dismissed.
	Key string `json:"key"`
}

// problemsOf turns a build's diagnostics into the overlay's list; file
// names are shown relative to root when they are below it.
func problemsOf(ds []diag.Diagnostic, root string) problems {
	ps := problems{Errors: []problem{}}
	lines := sourceLines{}
	for _, d := range ds {
		if d.Severity != diag.Error {
			ps.Warnings++
			continue
		}
		p := problem{File: displayPath(d.File, root), path: d.File, Line: d.Pos.Line, Col: d.Pos.Col, Severity: d.Severity.String(),
			Rule: d.Rule, Message: d.Message, Hint: d.Hint}
		if p.Line == 0 && p.File != "" {
			p.Line, p.Col = 1, 1
		}
		if p.Col == 0 && p.Line > 0 {
			p.Col = 1
		}
		p.Source = lines.get(d.File, p.Line)
		ps.Errors = append(ps.Errors, p)
	}
	ps.Key = ps.key()
	return ps
}

func displayPath(file, root string) string {
	if root == "" || file == "" {
		return file
	}
	rel, err := filepath.Rel(absPath(root), absPath(file))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file
	}
	return filepath.ToSlash(rel)
}

// withBuildError adds a failed build as the first problem.
func (ps problems) withBuildError(err error) problems {
	out := problems{Warnings: ps.Warnings}
	out.Errors = []problem{{Severity: "error", Rule: "build", Message: err.Error(),
		Hint: "the preview keeps showing the last good build until this is fixed"}}
	for _, p := range ps.Errors {
		if p.Rule != "build" || p.File != "" { // the previous failure is replaced
			out.Errors = append(out.Errors, p)
		}
	}
	out.Key = out.key()
	return out
}

func (ps problems) key() string {
	if len(ps.Errors) == 0 {
		return ""
	}
	h := sha256.New()
	for _, p := range ps.Errors {
		h.Write([]byte(strings.Join([]string{p.File, strconv.Itoa(p.Line), strconv.Itoa(p.Col), p.Rule, p.Message, p.Source}, "\x00")))
		h.Write([]byte{1})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func (ps problems) equal(o problems) bool {
	return ps.Key == o.Key && ps.Warnings == o.Warnings
}

// event is the payload of a "problems" event; Errors is never null.
func (ps problems) event() problems {
	if ps.Errors == nil {
		ps.Errors = []problem{}
	}
	return ps
}

// files lists the files with errors, sorted.
func (ps problems) files() []string {
	var fs []string
	for _, p := range ps.Errors {
		if p.path != "" && !slices.Contains(fs, p.path) {
			fs = append(fs, p.path)
		}
	}
	slices.Sort(fs)
	return fs
}

func (ps problems) hasFile(f string) bool {
	for _, p := range ps.Errors {
		if p.path == f {
			return true
		}
	}
	return false
}

// sourceLines reads each file once per build.
type sourceLines map[string][][]byte

func (sl sourceLines) get(file string, line int) string {
	if file == "" || line < 1 {
		return ""
	}
	lines, ok := sl[file]
	if !ok {
		data, err := os.ReadFile(file)
		if err == nil && len(data) <= 4<<20 {
			lines = bytes.Split(data, []byte("\n"))
		}
		sl[file] = lines
	}
	if line > len(lines) {
		return ""
	}
	text := bytes.TrimSuffix(lines[line-1], []byte("\r"))
	if line == 1 {
		text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
	}
	if !utf8.Valid(text) {
		text = bytes.ToValidUTF8(text, []byte("\uFFFD"))
	}
	s := string(text)
	if utf8.RuneCountInString(s) > maxSourceLine {
		s = string([]rune(s)[:maxSourceLine]) + "…"
	}
	return s
}
