package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
)

// Writer writes a site file by file, as a build makes the files, into a
// temporary directory beside the destination, and swaps it in on Commit.
// Until then the previous site stays whole; Abort removes what was
// written. So a build need not hold its whole site in memory to replace
// the old one atomically. A Writer is safe for concurrent use.
type Writer struct {
	dest string // absolute
	tmp  string

	mu     sync.Mutex
	names  map[string]bool
	dirs   map[string]bool // created under tmp
	closed bool
}

// NewWriter checks dest as Write does (refusing the source directory, a
// directory holding it, and a directory holding files rolloutdocs did not
// write) and prepares the temporary directory.
func NewWriter(dest, source string) (*Writer, error) {
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return nil, fmt.Errorf("destination %s: %w", dest, err)
	}
	if err := checkDestination(absDest, source); err != nil {
		return nil, err
	}
	parent := filepath.Dir(absDest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	removeStale(parent, filepath.Base(absDest))

	tmp, err := os.MkdirTemp(parent, tmpPrefix(absDest))
	if err != nil {
		return nil, fmt.Errorf("create a temporary directory beside %s: %w", dest, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("chmod %s: %w", tmp, err)
	}
	// The marker goes in first: a temporary directory left by a crash is
	// recognisably ours and removed by the next build. Commit rewrites it
	// with the list of files.
	if err := writeFile(filepath.Join(tmp, Marker), markerContent(nil), 0o644); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("write %s: %w", Marker, err)
	}
	return &Writer{dest: absDest, tmp: tmp, names: map[string]bool{}, dirs: map[string]bool{".": true}}, nil
}

// WriteFile writes one file of the site (a clean slash path relative to
// the site's root). Writing the same name again replaces the file.
func (w *Writer) WriteFile(name string, data []byte) error {
	p, err := w.prepare(name)
	if err != nil {
		return err
	}
	if err := writeFile(p, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// Create opens a file of the site for writing piece by piece (a large
// index built as the pages are made). Close it before Commit.
func (w *Writer) Create(name string) (io.WriteCloser, error) {
	p, err := w.prepare(name)
	if err != nil {
		return nil, err
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", name, err)
	}
	return &bufferedFile{Writer: bufio.NewWriterSize(f, 64<<10), f: f, name: name}, nil
}

// prepare records name and makes its directory; it returns the file's path.
func (w *Writer) prepare(name string) (string, error) {
	if !validName(name) {
		return "", fmt.Errorf("site file %q: not a clean relative path", name)
	}
	w.mu.Lock()
	closed := w.closed
	w.names[name] = true
	w.mu.Unlock()
	if closed {
		return "", fmt.Errorf("write %s: the site was already committed or aborted", name)
	}
	if err := w.mkdirs(path.Dir(name)); err != nil {
		return "", err
	}
	return filepath.Join(w.tmp, filepath.FromSlash(name)), nil
}

// mkdirs makes dir and its parents under the temporary directory once.
// Two goroutines may both make one; the second finds it there.
func (w *Writer) mkdirs(dir string) error {
	w.mu.Lock()
	done := w.dirs[dir]
	w.mu.Unlock()
	if done {
		return nil
	}
	if err := w.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(w.tmp, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create directory %s: %w", dir, err)
	}
	w.mu.Lock()
	w.dirs[dir] = true
	w.mu.Unlock()
	return nil
}

// Commit lists every file written in the marker and puts the new site in
// place of the old one, whose files are then removed.
func (w *Writer) Commit() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return errors.New("the site was already committed or aborted")
	}
	w.closed = true
	names := make([]string, 0, len(w.names))
	for n := range w.names {
		names = append(names, n)
	}
	w.mu.Unlock()
	slices.Sort(names)
	if err := writeFile(filepath.Join(w.tmp, Marker), markerContent(names), 0o644); err != nil {
		os.RemoveAll(w.tmp)
		return fmt.Errorf("write %s: %w", Marker, err)
	}
	return swap(w.tmp, w.dest)
}

// Abort removes everything written; the destination is left as it was.
// It does nothing after Commit.
func (w *Writer) Abort() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.closed = true
		os.RemoveAll(w.tmp)
	}
}

type bufferedFile struct {
	*bufio.Writer
	f    *os.File
	name string
}

func (b *bufferedFile) Close() error {
	err := b.Flush()
	if cerr := b.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", b.name, err)
	}
	return nil
}
