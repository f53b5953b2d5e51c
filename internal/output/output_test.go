package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func site(pages ...string) map[string][]byte {
	files := map[string][]byte{}
	for _, p := range pages {
		files[p] = []byte("<p>" + p + "</p>")
	}
	return files
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteCreatesAndReplaces(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "src")
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	dest := filepath.Join(src, "public")

	if err := Write(dest, src, site("index.html", "plans/a/index.html")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dest, "plans/a/index.html")); got != "<p>plans/a/index.html</p>" {
		t.Errorf("page = %q", got)
	}
	if m := read(t, filepath.Join(dest, Marker)); !strings.Contains(m, "plans/a/index.html\n") {
		t.Errorf("marker does not list the page:\n%s", m)
	}
	// A second build drops pages that are gone and keeps nothing stale.
	if err := Write(dest, src, site("index.html", "plans/b/index.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "plans/a")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("plans/a survived the rebuild: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "plans/b/index.html")); err != nil {
		t.Error(err)
	}
	entries, _ := os.ReadDir(src)
	for _, e := range entries {
		if strings.Contains(e.Name(), "rolloutdocs-") {
			t.Errorf("temporary directory left behind: %s", e.Name())
		}
	}
}

func TestWriteRefuses(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "src")
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	os.WriteFile(filepath.Join(src, "content", "plan.md"), []byte("x"), 0o644)

	foreign := filepath.Join(root, "foreign")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)

	file := filepath.Join(root, "afile")
	os.WriteFile(file, []byte("x"), 0o644)

	// A directory rolloutdocs wrote, to which someone later added a file.
	ours := filepath.Join(root, "ours")
	if err := Write(ours, src, site("index.html")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(ours, "CNAME"), []byte("docs.example"), 0o644)

	tests := []struct {
		name, dest, want string
	}{
		{"the source itself", src, "is the source directory"},
		{"a parent of the source", root, "contains the source directory"},
		{"files it did not write", foreign, "did not write"},
		{"a file", file, "is a file"},
		{"files added after a build", ours, "CNAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Write(tt.dest, src, site("index.html"))
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Write(%s) = %v, want a refusal mentioning %q", tt.dest, err, tt.want)
			}
		})
	}
	if got := read(t, filepath.Join(foreign, "notes.txt")); got != "mine" {
		t.Errorf("foreign file changed: %q", got)
	}
	if got := read(t, filepath.Join(ours, "CNAME")); got != "docs.example" {
		t.Errorf("CNAME changed: %q", got)
	}
	if got := read(t, filepath.Join(src, "content", "plan.md")); got != "x" {
		t.Errorf("source changed: %q", got)
	}
}

func TestWriteEmptyDirIsFine(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	os.MkdirAll(dest, 0o755)
	if err := Write(dest, "", site("index.html")); err != nil {
		t.Fatal(err)
	}
}

// A build that fails half-way through writing leaves the previous site
// exactly as it was, and no temporary directory behind.
func TestWriteFailureKeepsPreviousSite(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	if err := Write(dest, "", site("index.html", "plans/a/index.html")); err != nil {
		t.Fatal(err)
	}
	before := read(t, filepath.Join(dest, "index.html"))

	var writes atomic.Int32 // writeFile runs on several goroutines
	writeFile = func(name string, data []byte, perm os.FileMode) error {
		if writes.Add(1) > 3 {
			return errors.New("disk full")
		}
		return os.WriteFile(name, data, perm)
	}
	defer func() { writeFile = os.WriteFile }()

	next := site("index.html", "plans/b/index.html", "plans/c/index.html", "plans/d/index.html", "plans/e/index.html")
	next["index.html"] = []byte("new home")
	err := Write(dest, "", next)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Write = %v, want the injected failure", err)
	}
	if got := read(t, filepath.Join(dest, "index.html")); got != before {
		t.Errorf("index.html = %q, want the previous %q", got, before)
	}
	if _, err := os.Stat(filepath.Join(dest, "plans/a/index.html")); err != nil {
		t.Errorf("previous page lost: %v", err)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left behind: %v", names)
	}
}

// An interrupted build (a crash after the temporary directory was made)
// leaves a marked directory that the next build removes.
func TestStaleTemporaryDirectoryIsRemoved(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	stale := filepath.Join(root, ".public.rolloutdocs-tmp-123")
	os.MkdirAll(stale, 0o755)
	os.WriteFile(filepath.Join(stale, Marker), []byte(markerHeader), 0o644)
	unrelated := filepath.Join(root, ".public.rolloutdocs-tmp-mine")
	os.MkdirAll(unrelated, 0o755)

	if err := Write(dest, "", site("index.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary directory kept: %v", err)
	}
	if _, err := os.Stat(unrelated); err != nil {
		t.Errorf("unmarked directory removed: %v", err)
	}
}

func TestWriteRejectsEscapingNames(t *testing.T) {
	for _, name := range []string{"../x.html", "/etc/x", "a/../../x", Marker, ""} {
		err := Write(filepath.Join(t.TempDir(), "public"), "", map[string][]byte{name: []byte("x")})
		if err == nil {
			t.Errorf("Write accepted %q", name)
		}
	}
}
