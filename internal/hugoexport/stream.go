package hugoexport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/pages"
)

// Stream writes export.json as the pages are made, one plan's pages at a
// time, without holding them (the in-memory export it replaced, kept in
// reference_test.go, held every page, a rebased copy of it and the whole
// file: 4.5 GB at 10,000 plans). The file's JSON puts the index files
// before the pages, and those are complete only once every plan is done,
// so the pages are encoded into a spool file in the system's temporary
// directory and copied into export.json by Commit. The bytes are the
// in-memory export's (TestStreamMatchesMarshal).
//
// Nothing is written to the Hugo site before Commit; Close removes the
// spool (call it in every case, as after os.Create).
type Stream struct {
	section string
	spool   *os.File
	out     *bufio.Writer // on spool

	mu      sync.Mutex
	next    int            // the position of the next set to write
	waiting map[int][]byte // encoded sets that came before their turn
	pages   int
	err     error
}

// NewStream starts an export for section.
func NewStream(section string) (*Stream, error) {
	if err := CheckSection(section); err != nil {
		return nil, err
	}
	spool, err := os.CreateTemp("", "rolloutdocs-export-*.json")
	if err != nil {
		return nil, fmt.Errorf("creating the export's spool file: %w", err)
	}
	return &Stream{section: section, spool: spool, out: bufio.NewWriterSize(spool, 256<<10), waiting: map[int][]byte{}}, nil
}

// Add encodes set, the pages at position i (0, 1, 2, ...): the file lists
// the sets in the order of i, each set's pages in its order. It may be
// called from several goroutines at once; a set waits, encoded, until
// those before it are written. The home page publishes every file in
// IndexFiles, which Commit must then be given; the 404 page is left out,
// as Build leaves it.
func (s *Stream) Add(i int, set []pages.Page) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	n := 0
	for _, p := range set {
		if p.Kind == "404" {
			continue
		}
		hp, err := hugoPage(p, s.section)
		if err != nil {
			return err
		}
		if p.Kind == "home" {
			for _, name := range slices.Sorted(maps.Keys(IndexFiles)) {
				hp.Outputs = append(hp.Outputs, IndexFiles[name])
			}
		}
		// A separator and a line break come before each page; the
		// first page's comma is dropped when the pages are copied.
		buf.WriteString(",\n")
		if err := enc.Encode(&hp); err != nil {
			return fmt.Errorf("encoding the Hugo export: %s: %w", p.Path, err)
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		n++
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.pages += n
	s.waiting[i] = buf.Bytes()
	for {
		data, ok := s.waiting[s.next]
		if !ok {
			return nil
		}
		delete(s.waiting, s.next)
		s.next++
		if _, err := s.out.Write(data); err != nil {
			s.err = fmt.Errorf("writing the export's spool file: %w", err)
			return s.err
		}
	}
}

// Pages is the number of pages added so far.
func (s *Stream) Pages() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pages
}

// Commit writes the export into site, as Write does: files are the site's
// index files as `rolloutdocs build` made them (those named in IndexFiles
// are exported, and each must be there), and every set from 0 up must
// have been added.
func (s *Stream) Commit(site string, files map[string][]byte) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return "", s.err
	}
	if len(s.waiting) > 0 {
		return "", fmt.Errorf("the export is missing the pages at position %d", s.next)
	}
	names := slices.Sorted(maps.Keys(IndexFiles))
	for _, name := range names {
		if _, ok := files[name]; !ok {
			return "", fmt.Errorf("the export needs %s, which the home page publishes", name)
		}
	}
	if err := s.out.Flush(); err != nil {
		return "", fmt.Errorf("writing the export's spool file: %w", err)
	}
	if _, err := s.spool.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("reading the export's spool file: %w", err)
	}
	return replace(site, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 256<<10)
		bw.WriteString(`{"generator":` + strconv.Quote(Generator) + `,"format":` + strconv.Itoa(Format) + `,"section":`)
		writeJSONString(bw, []byte(s.section))
		bw.WriteString(`,"files":{`)
		for i, name := range names {
			if i > 0 {
				bw.WriteByte(',')
			}
			writeJSONString(bw, []byte(name))
			bw.WriteByte(':')
			writeJSONString(bw, files[name])
		}
		bw.WriteString(`},"pages":[`)
		pages := bufio.NewReaderSize(s.spool, 256<<10)
		if _, err := pages.Discard(1); err != nil && !errors.Is(err, io.EOF) { // the first page's comma
			return fmt.Errorf("reading the export's spool file: %w", err)
		}
		if _, err := bw.ReadFrom(pages); err != nil {
			return err
		}
		bw.WriteString("\n]}\n")
		return bw.Flush()
	})
}

// Close removes the spool file.
func (s *Stream) Close() error {
	s.spool.Close()
	return os.Remove(s.spool.Name())
}

// jsonChunk is how much of a string writeJSONString encodes at a time
// (at least utf8.UTFMax; tests make it small).
var jsonChunk = 64 << 10

// writeJSONString writes data as a JSON string, as an Encoder with
// SetEscapeHTML(false) writes string(data), a piece at a time: the index
// files are tens of megabytes at 10,000 plans. The encoder escapes
// character by character (an invalid byte on its own), so a piece may end
// before any byte that starts a character; when the last four bytes
// before the cut all continue one, none of them starts a character the cut
// could split, and the piece ends there.
func writeJSONString(w *bufio.Writer, data []byte) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	w.WriteByte('"')
	for len(data) > 0 {
		end := min(jsonChunk, len(data))
		for back := 0; back < utf8.UTFMax && end-back > 0 && end-back < len(data); back++ {
			if utf8.RuneStart(data[end-back]) {
				end -= back
				break
			}
		}
		buf.Reset()
		enc.Encode(string(data[:end])) // a string always encodes
		w.Write(buf.Bytes()[1 : buf.Len()-2])
		data = data[end:]
	}
	w.WriteByte('"')
}

// replace writes site/data/rolloutdocs/export.json with write, atomically
// (written beside it, then renamed), so Hugo never reads half an export;
// a file of that name that rolloutdocs did not write is left alone and
// reported, and a file that would not change keeps its time, so
// `hugo server` does not rebuild. It returns the path.
func replace(site string, write func(w io.Writer) error) (string, error) {
	if err := CheckSite(site); err != nil {
		return "", err
	}
	dir := filepath.Join(site, filepath.FromSlash(DataDir))
	dest := filepath.Join(dir, DataFile)
	if err := checkOwned(dest); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+DataFile+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", dest, err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	cw := &comparingWriter{w: tmp}
	if old, err := os.Open(dest); err == nil {
		defer old.Close()
		cw.old = bufio.NewReaderSize(old, 256<<10)
	}
	if err := write(cw); err != nil {
		tmp.Close()
		return "", fmt.Errorf("writing %s: %w", dest, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("writing %s: %w", dest, err)
	}
	if cw.unchanged() {
		return dest, nil
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", fmt.Errorf("writing %s: %w", dest, err)
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return "", fmt.Errorf("writing %s: %w", dest, err)
	}
	return dest, nil
}

// comparingWriter writes to w and compares what it writes with old, the
// file it replaces, as it goes (reading the old file whole first would
// double the memory an export takes).
type comparingWriter struct {
	w       io.Writer
	old     *bufio.Reader // nil: no old file, or it differs already
	scratch []byte
}

func (c *comparingWriter) Write(p []byte) (int, error) {
	if c.old != nil {
		if cap(c.scratch) < len(p) {
			c.scratch = make([]byte, len(p))
		}
		got := c.scratch[:len(p)]
		if _, err := io.ReadFull(c.old, got); err != nil || !bytes.Equal(got, p) {
			c.old = nil
		}
	}
	return c.w.Write(p)
}

// unchanged reports whether everything written matched the old file,
// to its end.
func (c *comparingWriter) unchanged() bool {
	if c.old == nil {
		return false
	}
	_, err := c.old.ReadByte()
	return errors.Is(err, io.EOF)
}
