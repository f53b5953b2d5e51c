package output

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Files written one by one from many goroutines, and a file written piece
// by piece, make the same site Write makes.
func TestWriterStreamsASite(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	if err := Write(dest, "", site("index.html", "old/index.html")); err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(dest, "")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("plans/p%d/phases/%d/index.html", i%7, i)
			errs <- w.WriteFile(name, []byte(name))
		}()
	}
	f, err := w.Create("search.json")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		fmt.Fprintf(f, "[%d]", i)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "old/index.html")); err != nil {
		t.Fatalf("the previous site changed before Commit: %v", err)
	}
	if got, err := w.ReadFile("plans/p3/phases/10/index.html"); err != nil || string(got) != "plans/p3/phases/10/index.html" {
		t.Errorf("ReadFile before Commit = %q, %v", got, err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dest, "plans/p3/phases/10/index.html")); got != "plans/p3/phases/10/index.html" {
		t.Errorf("page = %q", got)
	}
	if got := read(t, filepath.Join(dest, "search.json")); got != "[0][1][2]" {
		t.Errorf("search.json = %q", got)
	}
	if _, err := os.Stat(filepath.Join(dest, "old")); !os.IsNotExist(err) {
		t.Errorf("the previous site's files survived: %v", err)
	}
	marker := read(t, filepath.Join(dest, Marker))
	if n := strings.Count(marker, "/index.html\n"); n != 100 || !strings.Contains(marker, "\nsearch.json\n") {
		t.Errorf("marker lists %d pages:\n%s", n, marker)
	}
	// The marker makes the next build accept the directory.
	if err := Check(dest, ""); err != nil {
		t.Errorf("Check after Commit: %v", err)
	}
	if err := w.WriteFile("late.html", nil); err == nil {
		t.Error("WriteFile after Commit succeeded")
	}
}

func TestWriterAbortKeepsPreviousSite(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	if err := Write(dest, "", site("index.html")); err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(dest, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteFile("index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	var f io.WriteCloser
	if f, err = w.Create("a/b.json"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	w.Abort()
	if got := read(t, filepath.Join(dest, "index.html")); got != "<p>index.html</p>" {
		t.Errorf("index.html = %q after Abort", got)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		t.Errorf("Abort left %d entries beside the site", len(entries)-1)
	}
	if err := w.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if _, err := w.Create("../x"); err == nil {
		t.Error("Create accepted a path leaving the site")
	}
}
