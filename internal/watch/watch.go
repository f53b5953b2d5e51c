// Package watch reports which source files changed, in batches, by watching
// directory trees with fsnotify.
//
// fsnotify watches single directories, so the Watcher keeps the tree's
// watches itself: it adds one for every directory created (walking it for
// files that landed before the watch did), re-walks a directory renamed into
// the tree, and drops the watches of directories removed or renamed away,
// reporting the files they held as changed. Editors' save dances (write a
// temp file and rename it over, vim's backup-rename, JetBrains' safe write)
// surface as one changed path because their temp, backup and swap files are
// ignored (see Ignored) and a burst of events is coalesced into one Batch.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Batch is what changed during one burst of file-system events.
type Batch struct {
	// Paths are the files written, created, removed or renamed (either
	// name), sorted, each joined to the root it was found under. Ignored
	// files and directories themselves are never listed; the files a
	// created, removed or renamed directory holds are.
	Paths []string
	// Rescan is true when the kernel dropped events (its queue overflowed):
	// Paths then lists only the files that appeared or disappeared, and the
	// consumer should treat every file as possibly changed.
	Rescan bool
}

// Options tune a Watcher; the zero value is the default.
type Options struct {
	// Quiet is how long the watcher waits after the latest event before it
	// reports a batch. Default 30ms: an editor's save (temp file, rename,
	// chmod) takes a few milliseconds, so 30ms joins it into one rebuild,
	// and a `git checkout` or a search-and-replace across files usually
	// lands in one batch too. An editor's atomic save, the common case, is
	// reported sooner (see LandedQuiet), since 30ms is a third of the
	// preview's 100ms budget from save to repainted page.
	Quiet time.Duration
	// LandedQuiet replaces Quiet while a burst holds only whole files
	// renamed into place (a Create of a regular, non-empty file, with no
	// write, removal, rename or directory among its events): that is how
	// an editor's atomic save ends, so nothing more is coming and waiting
	// the full Quiet only delays the repaint. Any other event in the burst
	// brings Quiet back. Default min(5ms, Quiet); the 5ms still joins the
	// chmod or second rename some editors do right after.
	//
	// A file created by a plain write can look landed if its first bytes
	// are there when the watcher looks; its Write events then start
	// another batch, so the consumer sees it twice, never misses it.
	LandedQuiet time.Duration
	// MaxDelay bounds how long a continuous stream of events (a large copy)
	// can hold a batch back. Default 250ms.
	MaxDelay time.Duration
	// Skip, when set, leaves out more paths (an output directory inside the
	// source tree). It sees full paths; Ignored names are skipped anyway.
	Skip func(path string, isDir bool) bool
}

// Watcher watches directory trees. Read Batches until it is closed.
type Watcher struct {
	fs      *fsnotify.Watcher
	roots   []string
	opts    Options
	batches chan Batch
	errs    chan error
	done    chan struct{}
	wg      sync.WaitGroup

	// The fields below belong to the loop goroutine after New returns.
	dirs        map[string]bool // directories with a watch
	files       map[string]bool // files known to exist, to report a removed directory's contents
	pending     map[string]bool // changed paths not yet reported
	pendingDirs map[string]bool // directories created or moved in, to watch and walk at the flush
	// gone are directories dropped since the last flush: fsnotify reports a
	// watched directory's move twice (from its parent and from its own
	// watch), and the second report is not a file.
	gone   map[string]bool
	rescan bool
}

// New watches each root directory and everything below it.
func New(roots []string, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = 30 * time.Millisecond
	}
	if opts.LandedQuiet <= 0 || opts.LandedQuiet > opts.Quiet {
		opts.LandedQuiet = min(5*time.Millisecond, opts.Quiet)
	}
	if opts.MaxDelay < opts.Quiet {
		opts.MaxDelay = max(250*time.Millisecond, opts.Quiet)
	}
	// A buffer lets the kernel reader run ahead while the loop walks a new
	// directory; events are tiny.
	fsw, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &Watcher{
		fs:          fsw,
		opts:        opts,
		batches:     make(chan Batch),
		errs:        make(chan error, 16),
		done:        make(chan struct{}),
		dirs:        map[string]bool{},
		files:       map[string]bool{},
		pending:     map[string]bool{},
		pendingDirs: map[string]bool{},
		gone:        map[string]bool{},
	}
	for _, root := range roots {
		root = filepath.Clean(root)
		info, err := os.Stat(root)
		if err != nil {
			fsw.Close()
			return nil, fmt.Errorf("watch %s: %w", root, err)
		}
		if !info.IsDir() {
			fsw.Close()
			return nil, fmt.Errorf("watch %s: not a directory", root)
		}
		w.roots = append(w.roots, root)
		if err := w.walk(root, func(string) {}); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Batches delivers one Batch per burst of changes. It is closed by Close.
// While the consumer is busy (rebuilding), later changes are merged into the
// next batch rather than queued one by one.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Errors delivers problems the watcher could not recover from by itself,
// such as running out of inotify watches. Reading it is optional: errors
// are dropped when nobody reads.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Roots are the directories being watched, cleaned.
func (w *Watcher) Roots() []string { return slices.Clone(w.roots) }

// Close stops watching; Batches is closed once the loop has exited.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	err := w.fs.Close()
	w.wg.Wait()
	return err
}

func (w *Watcher) loop() {
	defer w.wg.Done()
	defer close(w.batches)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var (
		first   time.Time // when the oldest unreported event arrived
		ready   *Batch    // flushed but not yet taken by the consumer
		out     chan Batch
		waiting bool
		// landedOnly is true while every event of the waiting burst was a
		// whole file renamed into place (see Options.LandedQuiet).
		landedOnly bool
	)
	schedule := func(landed bool) {
		now := time.Now()
		if !waiting {
			waiting, first, landedOnly = true, now, true
		}
		landedOnly = landedOnly && landed
		quiet := w.opts.Quiet
		if landedOnly {
			quiet = w.opts.LandedQuiet
		}
		deadline := min(now.Add(quiet).UnixNano(), first.Add(w.opts.MaxDelay).UnixNano())
		timer.Reset(time.Duration(deadline - now.UnixNano()))
	}
	for {
		var next Batch
		if ready != nil {
			next, out = *ready, w.batches
		} else {
			out = nil
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if changed, landed := w.handle(ev); changed {
				schedule(landed)
			}
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.rescan = true
				schedule(false)
				continue
			}
			w.report(err)
		case <-timer.C:
			waiting = false
			b := w.flush()
			if len(b.Paths) == 0 && !b.Rescan {
				continue
			}
			if ready == nil {
				ready = &b
			} else {
				ready.Paths = mergeSorted(ready.Paths, b.Paths)
				ready.Rescan = ready.Rescan || b.Rescan
			}
		case out <- next:
			ready = nil
		}
	}
}

// handle records one event; it reports whether anything is now pending,
// and whether the event was a whole file landing (see Options.LandedQuiet).
func (w *Watcher) handle(ev fsnotify.Event) (changed, landed bool) {
	name := filepath.Clean(ev.Name)
	if Ignored(filepath.Base(name)) {
		return false, false
	}
	switch {
	case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
		// The name is gone (a rename reports the old name; the new one
		// arrives as a Create).
		if w.dirs[name] || w.pendingDirs[name] {
			w.dropDir(name)
			return true, false
		}
		if w.gone[name] || w.skip(name, false) {
			return false, false
		}
		delete(w.files, name)
		w.pending[name] = true
		return true, false
	case ev.Has(fsnotify.Create):
		info, err := os.Lstat(name)
		if err == nil && info.IsDir() {
			if w.dirs[name] || w.skip(name, true) {
				return false, false
			}
			// Watched and walked at the flush, not now: a directory renamed
			// in keeps its inode, and adding a watch for the new name
			// before fsnotify has processed the old name's IN_MOVE_SELF
			// would let that removal take the new watch with it.
			w.pendingDirs[name] = true
			return true, false
		}
		if w.skip(name, false) {
			return false, false
		}
		if err == nil {
			w.files[name] = true
		}
		w.pending[name] = true
		return true, err == nil && info.Mode().IsRegular() && info.Size() > 0
	case ev.Has(fsnotify.Write):
		if w.dirs[name] || w.skip(name, false) {
			return false, false
		}
		w.files[name] = true
		w.pending[name] = true
		return true, false
	}
	// Chmod alone (touch, a backup tool) does not change what a page shows.
	return false, false
}

func (w *Watcher) skip(path string, isDir bool) bool {
	return w.opts.Skip != nil && w.opts.Skip(path, isDir)
}

// dropDir forgets a directory that was removed or renamed away: its watches
// (and its subdirectories') go, and the files it held are reported.
func (w *Watcher) dropDir(dir string) {
	w.gone[dir] = true
	for d := range w.dirs {
		if within(d, dir) {
			// The kernel may already have dropped the watch with the
			// directory; a missing watch is not an error here.
			_ = w.fs.Remove(d)
			delete(w.dirs, d)
		}
	}
	for d := range w.pendingDirs {
		if within(d, dir) {
			delete(w.pendingDirs, d)
		}
	}
	for f := range w.files {
		if within(f, dir) {
			delete(w.files, f)
			w.pending[f] = true
		}
	}
}

// flush watches and walks the directories that appeared, and returns the
// batch of everything pending.
func (w *Watcher) flush() Batch {
	b := Batch{Rescan: w.rescan}
	if w.rescan {
		w.rescan = false
		w.rescanAll()
	}
	dirs := make([]string, 0, len(w.pendingDirs))
	for d := range w.pendingDirs {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs) // parents first, so a nested directory is walked once
	clear(w.pendingDirs)
	clear(w.gone)
	for _, d := range dirs {
		if w.dirs[d] {
			continue
		}
		if _, err := os.Lstat(d); err != nil {
			continue // created and removed within the burst
		}
		err := w.walk(d, func(f string) { w.pending[f] = true })
		if err != nil {
			w.report(err)
		}
	}
	b.Paths = make([]string, 0, len(w.pending))
	for p := range w.pending {
		b.Paths = append(b.Paths, p)
	}
	slices.Sort(b.Paths)
	clear(w.pending)
	return b
}

// rescanAll re-reads every root after lost events: new directories get
// watches, and files that appeared or vanished are pending.
func (w *Watcher) rescanAll() {
	seen := map[string]bool{}
	for _, root := range w.roots {
		err := w.walk(root, func(f string) {
			seen[f] = true
			if !w.files[f] {
				w.pending[f] = true
			}
		})
		if err != nil {
			w.report(err)
		}
	}
	for f := range w.files {
		if !seen[f] {
			delete(w.files, f)
			w.pending[f] = true
		}
	}
	for d := range w.dirs {
		if info, err := os.Lstat(d); err != nil || !info.IsDir() {
			_ = w.fs.Remove(d)
			delete(w.dirs, d)
		}
	}
}

// walk adds a watch to dir and every directory below it (each before its
// entries are read, so a file created meanwhile is either seen by the walk
// or reported by the watch) and calls found for each file.
func (w *Watcher) walk(dir string, found func(string)) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while walking; its own event follows
			}
			return fmt.Errorf("watch: %w", err)
		}
		if path != dir && Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			if !w.skip(path, false) {
				w.files[path] = true
				found(path)
			}
			return nil
		}
		if path != dir && w.skip(path, true) {
			return filepath.SkipDir
		}
		if !w.dirs[path] {
			if err := w.fs.Add(path); err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return filepath.SkipDir
				}
				return watchError(path, err)
			}
			w.dirs[path] = true
		}
		return nil
	})
}

func watchError(path string, err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("watch %s: the system's limit of inotify watches is reached; "+
			"raise it with `sudo sysctl fs.inotify.max_user_watches=524288`: %w", path, err)
	}
	if errors.Is(err, syscall.EMFILE) {
		return fmt.Errorf("watch %s: too many inotify instances; "+
			"raise fs.inotify.max_user_instances or close other watchers: %w", path, err)
	}
	return fmt.Errorf("watch %s: %w", path, err)
}

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}

func mergeSorted(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
