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
//
// Files are created by one goroutine in the background, while the build
// renders the next pages: file systems create files in a directory tree
// one at a time, and concurrent creators only spin on the kernel's locks
// (measured on ext4: two creators took as long as one, for twice the CPU).
type Writer struct {
	dest string // absolute
	tmp  string

	queue chan writeJob
	done  chan struct{} // closed when the background writer has stopped
	// sending is held (shared) while a job is queued and (exclusive)
	// while the queue is closed, so nothing is sent on a closed queue.
	sending sync.RWMutex
	closed  bool // under sending

	mu       sync.Mutex
	names    map[string]bool
	dirs     map[string]bool // created under tmp
	writeErr error           // the background writer's first error
}

// writeJob is a file for the background writer, or (with data nil and
// flushed set) a marker that everything queued before it is on disk.
type writeJob struct {
	name    string
	data    []byte
	flushed chan struct{}
}

// queued is how many files may wait for the background writer; a build
// that renders faster than the disk takes files waits for it.
const queued = 256

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
	w := &Writer{
		dest: absDest, tmp: tmp, queue: make(chan writeJob, queued), done: make(chan struct{}),
		names: map[string]bool{}, dirs: map[string]bool{".": true},
	}
	go w.background()
	return w, nil
}

// WriteFile queues one file of the site (a clean slash path relative to
// the site's root) for writing; data must not change afterwards. Writing
// the same name again replaces the file. An error from an earlier write
// is returned by a later WriteFile, and by Commit.
func (w *Writer) WriteFile(name string, data []byte) error {
	if !validName(name) {
		return fmt.Errorf("site file %q: not a clean relative path", name)
	}
	w.mu.Lock()
	err := w.writeErr
	w.names[name] = true
	w.mu.Unlock()
	if err != nil {
		return err
	}
	if !w.send(writeJob{name: name, data: data}) {
		return fmt.Errorf("write %s: the site was already committed or aborted", name)
	}
	return nil
}

// send queues a job; it reports false once the writer is closed.
func (w *Writer) send(job writeJob) bool {
	w.sending.RLock()
	defer w.sending.RUnlock()
	if w.closed {
		return false
	}
	w.queue <- job
	return true
}

// close stops taking jobs and waits for the background writer to finish
// the queued ones. It reports false if the writer was already closed.
func (w *Writer) close() bool {
	w.sending.Lock()
	was := w.closed
	if !was {
		w.closed = true
		close(w.queue)
	}
	w.sending.Unlock()
	<-w.done
	return !was
}

// background writes the queued files in order until the queue closes.
// After a failure it only drains the queue.
func (w *Writer) background() {
	defer close(w.done)
	for job := range w.queue {
		if job.flushed != nil {
			close(job.flushed)
			continue
		}
		w.mu.Lock()
		failed := w.writeErr != nil
		w.mu.Unlock()
		if failed {
			continue
		}
		err := w.mkdirs(path.Dir(job.name))
		if err == nil {
			if err = writeFile(filepath.Join(w.tmp, filepath.FromSlash(job.name)), job.data, 0o644); err != nil {
				err = fmt.Errorf("write %s: %w", job.name, err)
			}
		}
		if err != nil {
			w.mu.Lock()
			w.writeErr = err
			w.mu.Unlock()
		}
	}
}

// flush waits until every file queued so far is written, and returns the
// first write error.
func (w *Writer) flush() error {
	flushed := make(chan struct{})
	if w.send(writeJob{flushed: flushed}) {
		<-flushed
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writeErr
}

// Create opens a file of the site for writing piece by piece (a large
// index built as the pages are made). Close it before Commit.
func (w *Writer) Create(name string) (io.WriteCloser, error) {
	if !validName(name) {
		return nil, fmt.Errorf("site file %q: not a clean relative path", name)
	}
	w.sending.RLock()
	closed := w.closed
	w.sending.RUnlock()
	if closed {
		return nil, fmt.Errorf("write %s: the site was already committed or aborted", name)
	}
	w.mu.Lock()
	w.names[name] = true
	w.mu.Unlock()
	if err := w.mkdirs(path.Dir(name)); err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(w.tmp, filepath.FromSlash(name)))
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", name, err)
	}
	return &bufferedFile{Writer: bufio.NewWriterSize(f, 64<<10), f: f, name: name}, nil
}

// mkdirs makes dir and its parents under the temporary directory once.
// If two goroutines (Create and the background writer) make one, the
// second finds it there.
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
	if !w.close() {
		return errors.New("the site was already committed or aborted")
	}
	w.mu.Lock()
	err := w.writeErr
	names := make([]string, 0, len(w.names))
	for n := range w.names {
		names = append(names, n)
	}
	w.mu.Unlock()
	if err != nil {
		os.RemoveAll(w.tmp)
		return err
	}
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
	if w.close() {
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

// ReadFile reads back a file written so far (the link check reads a page
// it must find an anchor on).
func (w *Writer) ReadFile(name string) ([]byte, error) {
	if !validName(name) {
		return nil, fmt.Errorf("site file %q: not a clean relative path", name)
	}
	if err := w.flush(); err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Join(w.tmp, filepath.FromSlash(name)))
}
