// Command floor is the benchmark's lower bound for a build: it reads every
// plan, renders its Markdown body with rolloutdocs' goldmark configuration
// and writes the HTML to OUT/plans/<slug>/index.html — no front-matter
// decoding, no rules, no layouts, no cross-plan pages. It uses one worker
// per CPU, as `rolloutdocs build` does, so the two are compared on the same
// footing.
//
//	go run ./bench/floor -source DIR -dest OUT
//
// OUT must not exist yet (or be empty): the floor never replaces files.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/markdown"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

func main() {
	source := flag.String("source", "", "directory holding content/ (a generated portfolio)")
	dest := flag.String("dest", "", "directory to write the HTML to; must not exist or be empty")
	flag.Parse()
	if *source == "" || *dest == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	n, err := run(filepath.Join(*source, "content"), *dest)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Printf("rendered %d plans in %s → %s\n", n, time.Since(start).Round(time.Millisecond), *dest)
}

func run(contentDir, dest string) (int, error) {
	if entries, err := os.ReadDir(dest); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("%s is not empty; give a new directory", dest)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	files, err := plan.FindFiles(contentDir)
	if err != nil {
		return 0, err
	}
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range next {
				errs[i] = renderOne(files[i], dest, &buf)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return len(files), errors.Join(errs...)
}

// renderOne renders one plan's body (the text after the front matter).
func renderOne(file, dest string, buf *bytes.Buffer) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	body := withoutFrontMatter(src)
	buf.Reset()
	if err := markdown.Markdown().Renderer().Render(buf, body, markdown.Parse(body)); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	slug := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	dir := filepath.Join(dest, "plans", slug)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}

// withoutFrontMatter drops a leading "---" YAML block.
func withoutFrontMatter(src []byte) []byte {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return src
	}
	if end := bytes.Index(src[4:], []byte("\n---\n")); end >= 0 {
		return src[4+end+5:]
	}
	return src
}
