// Package output writes a built site to a directory safely: the files go to
// a temporary directory beside the destination, which is then swapped in, so
// an interrupted or failed write leaves the previous site whole. It refuses
// destinations that hold files it did not write, the source directory, or a
// directory that contains the source, and it never deletes anything it did
// not write.
package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Marker is the file that marks a directory as written by rolloutdocs. It
// lists every file of the site, so a later write knows which files it may
// replace.
const Marker = ".rolloutdocs"

const markerHeader = "# Written by rolloutdocs build. Files listed here are replaced on every build;\n# any other file makes the next build stop instead of deleting it.\n"

// ErrRefused is wrapped by every refusal to write to a destination.
var ErrRefused = errors.New("refusing to write the site")

// writeFile is replaced in tests to make a write fail half-way.
var writeFile = os.WriteFile

// Write replaces the directory dest with exactly files (slash paths relative
// to dest). source is the directory the site was built from; dest may lie
// inside it but must not be it or contain it.
func Write(dest, source string, files map[string][]byte) error {
	for name := range files {
		if !validName(name) {
			return fmt.Errorf("site file %q: not a clean relative path", name)
		}
	}
	w, err := NewWriter(dest, source)
	if err != nil {
		return err
	}
	if err := writeAll(w, sortedNames(files), files); err != nil {
		w.Abort()
		return err
	}
	return w.Commit()
}

// tmpPrefix names the temporary directories for dest; removeStale finds
// them by it.
func tmpPrefix(absDest string) string { return "." + filepath.Base(absDest) + ".rolloutdocs-tmp-" }

func oldPrefix(absDest string) string { return "." + filepath.Base(absDest) + ".rolloutdocs-old-" }

// removeStale deletes temporary directories an interrupted build left
// beside dest, but only those that carry the marker (so they are ours).
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || !(strings.HasPrefix(n, "."+base+".rolloutdocs-tmp-") || strings.HasPrefix(n, "."+base+".rolloutdocs-old-")) {
			continue
		}
		dir := filepath.Join(parent, n)
		if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
			os.RemoveAll(dir)
		}
	}
}

func swap(tmp, absDest string) error {
	_, err := os.Lstat(absDest)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, absDest); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("move the new site into place at %s: %w", absDest, err)
		}
		return nil
	}
	old, err := os.MkdirTemp(filepath.Dir(absDest), oldPrefix(absDest))
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("prepare the swap of %s: %w", absDest, err)
	}
	os.Remove(old) // only the unique name was wanted
	if err := os.Rename(absDest, old); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("move the previous site aside: %w", err)
	}
	if err := os.Rename(tmp, absDest); err != nil {
		// Put the previous site back so the destination is never missing.
		if rerr := os.Rename(old, absDest); rerr != nil {
			return fmt.Errorf("move the new site into place: %w (and restoring the previous site from %s failed: %v)", err, old, rerr)
		}
		os.RemoveAll(tmp)
		return fmt.Errorf("move the new site into place: %w", err)
	}
	// Everything in old was listed in its marker (checkDestination made
	// sure), so removing it deletes only files rolloutdocs wrote.
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("remove the previous site from %s: %w", old, err)
	}
	return nil
}

// writeAll queues files in name order; w writes them in the background
// and reports the first failure.
func writeAll(w *Writer, names []string, files map[string][]byte) error {
	for _, n := range names {
		if err := w.WriteFile(n, files[n]); err != nil {
			return err
		}
	}
	return nil
}

// Check reports whether Write would refuse dest, so a command can say so
// before it spends time building.
func Check(dest, source string) error {
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("destination %s: %w", dest, err)
	}
	return checkDestination(absDest, source)
}

// checkDestination refuses a destination that is the source, contains it,
// is not a directory, or holds files rolloutdocs did not write.
func checkDestination(absDest, source string) error {
	if source != "" {
		absSource, err := filepath.Abs(source)
		if err != nil {
			return fmt.Errorf("source %s: %w", source, err)
		}
		absSource = resolve(absSource)
		realDest := resolve(absDest)
		if realDest == absSource {
			return fmt.Errorf("%w to %s: it is the source directory; choose a destination such as %s",
				ErrRefused, absDest, filepath.Join(absSource, "public"))
		}
		if within(absSource, realDest) {
			return fmt.Errorf("%w to %s: it contains the source directory %s, whose files would be replaced",
				ErrRefused, absDest, absSource)
		}
	}
	info, err := os.Lstat(absDest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("destination %s: %w", absDest, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%w to %s: it is a file, not a directory", ErrRefused, absDest)
	}
	entries, err := os.ReadDir(absDest)
	if err != nil {
		return fmt.Errorf("destination %s: %w", absDest, err)
	}
	if len(entries) == 0 {
		return nil
	}
	listed, err := readMarker(filepath.Join(absDest, Marker))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w to %s: the directory holds files that rolloutdocs did not write (no %s marker); "+
			"empty it or choose another --destination", ErrRefused, absDest, Marker)
	}
	if err != nil {
		return fmt.Errorf("destination %s: %w", absDest, err)
	}
	foreign, err := unlisted(absDest, listed)
	if err != nil {
		return err
	}
	if len(foreign) > 0 {
		shown := foreign[:min(len(foreign), 5)]
		more := ""
		if len(foreign) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(foreign)-len(shown))
		}
		return fmt.Errorf("%w to %s: it holds files the previous build did not write: %s%s; "+
			"move them elsewhere (the site is replaced as a whole)", ErrRefused, absDest, strings.Join(shown, ", "), more)
	}
	return nil
}

// unlisted returns the files under dir that the marker does not list.
func unlisted(dir string, listed map[string]bool) ([]string, error) {
	var foreign []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel != Marker && !listed[rel] {
			foreign = append(foreign, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("destination %s: %w", dir, err)
	}
	slices.Sort(foreign)
	return foreign, nil
}

func markerContent(names []string) []byte {
	var b bytes.Buffer
	b.WriteString(markerHeader)
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func readMarker(p string) (map[string]bool, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	listed := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		listed[line] = true
	}
	return listed, sc.Err()
}

func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// validName accepts clean, relative slash paths that stay inside the
// destination.
func validName(n string) bool {
	return n != "" && n != Marker && !strings.HasPrefix(n, "/") && path.Clean(n) == n &&
		n != ".." && !strings.HasPrefix(n, "../") && !strings.Contains(n, "\\")
}

func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	// The destination may not exist yet: resolve its parent.
	if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(r, filepath.Base(p))
	}
	return p
}

// within reports whether child lies inside (or is) parent.
func within(child, parent string) bool {
	rel, err := filepath.Rel(parent, child)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
