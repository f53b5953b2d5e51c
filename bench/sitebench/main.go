// Command sitebench times the in-process parts of a build that the
// command line cannot show on its own, for bench/run.sh:
//
//	go run ./bench/sitebench build   -source DIR -dest OUT|- [-cpuprofile F] [-memprofile F]
//	go run ./bench/sitebench rebuild -source DIR [-runs 20] [-cpuprofile F]
//
// build does what `rolloutdocs build` does (load, check, render, link
// check, write) and prints how long each step took, so a profile can be
// read against the steps; with -dest - it writes nothing. rebuild builds once, then edits one plan (a word
// in its overview) -runs times and times site.Builder.Rebuild, the work
// `rolloutdocs serve` does after an editor saves; it prints the median in
// milliseconds on the last line and puts the plan back as it was.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/linkcheck"
	"github.com/rolloutdocs/rolloutdocs/internal/output"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/site"
	"github.com/rolloutdocs/rolloutdocs/internal/templates"
)

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "build" && os.Args[1] != "rebuild") {
		fmt.Fprintln(os.Stderr, "usage: sitebench build|rebuild -source DIR [flags]  (see -h of each)")
		os.Exit(2)
	}
	mode := os.Args[1]
	fs := flag.NewFlagSet("sitebench "+mode, flag.ExitOnError)
	source := fs.String("source", "", "directory holding content/ (a generated portfolio)")
	dest := fs.String("dest", "", "build: where to write the site (new, or a previous build); - to discard the files")
	runs := fs.Int("runs", 20, "rebuild: how many edits to time")
	edit := fs.String("edit", "prose", "rebuild: what each edit changes: prose (a sentence in the overview), task (ticks or unticks a task: the plan's progress) or title (the plan's title, which every metric page across plans that lists the plan shows)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the timed work to this file")
	memprofile := fs.String("memprofile", "", "build: write a heap profile (live and allocated) to this file, taken after the write; rebuild: taken after the initial build, what a preview holds while it waits for a save")
	fs.Parse(os.Args[2:])
	if *source == "" || (mode == "build" && *dest == "") {
		fs.Usage()
		os.Exit(2)
	}
	var err error
	if mode == "build" {
		setBuildGC()
		stop := startCPUProfile(*cpuprofile)
		err = build(*source, *dest, *memprofile)
		stop()
	} else {
		err = rebuild(*source, *runs, *edit, *cpuprofile, *memprofile)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitebench:", err)
		os.Exit(1)
	}
}

// startCPUProfile starts profiling when path is set; the returned function
// stops it and may be called more than once.
func startCPUProfile(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitebench:", err)
		os.Exit(1)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "sitebench:", err)
		os.Exit(1)
	}
	stopped := false
	return func() {
		if !stopped {
			stopped = true
			pprof.StopCPUProfile()
			f.Close()
		}
	}
}

// setBuildGC sets the garbage collector as runBuild in
// cmd/rolloutdocs/build.go does (GOGC 400 under a 320 MiB soft limit;
// GOGC and GOMEMLIMIT, when set, win), so the timings and profiles show
// the collector's share in a real build.
func setBuildGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(320 << 20)
	}
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("heap").WriteTo(f, 0)
}

// build does what `rolloutdocs build` does: BuildTo through a link check
// into an output.Writer. With dest "-" the files are discarded instead,
// which separates rendering from the cost of creating files.
func build(source, dest, memprofile string) error {
	t := time.Now()
	step := func(name string) {
		fmt.Printf("%-14s %6.0f ms\n", name, float64(time.Since(t).Microseconds())/1000)
		t = time.Now()
	}
	b, err := site.New(site.Config{Source: source})
	if err != nil {
		return err
	}
	var sink site.Sink = discard{}
	var w *output.Writer
	if dest != "-" {
		if w, err = output.NewWriter(dest, source); err != nil {
			return err
		}
		defer w.Abort()
		sink = w
	}
	links := linkcheck.NewChecker(templates.BasePath(b.Config().BaseURL))
	res, err := b.BuildTo(site.CheckingLinks(sink, links))
	if err != nil {
		return err
	}
	step("render+write")
	read := func(string) ([]byte, error) { return nil, errors.New("discarded") }
	if w != nil {
		read = w.ReadFile
	}
	if broken := links.Broken(read); len(broken) > 0 {
		return fmt.Errorf("%d broken links, the first: %s", len(broken), broken[0])
	}
	step("linkcheck")
	if w != nil {
		if err := w.Commit(); err != nil {
			return err
		}
		step("commit")
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("%d plans, %d pages; peak heap %d MiB, total allocated %d MiB in %d objects, %d GCs\n",
		res.Plans, res.Pages, ms.HeapSys>>20, ms.TotalAlloc>>20, ms.Mallocs, ms.NumGC)
	if memprofile != "" {
		runtime.GC()
		if err := writeHeapProfile(memprofile); err != nil {
			return err
		}
		runtime.KeepAlive(b)
	}
	return nil
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }
func (discard) Create(string) (io.WriteCloser, error) {
	return nopCloser{io.Discard}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// rebuild times Rebuild after an edit to the middle plan of the portfolio.
// Each edit changes the plan's text, so its pages really change.
func rebuild(source string, runs int, kind, cpuprofile, memprofile string) (err error) {
	files, err := plan.FindFiles(filepath.Join(source, "content"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no plans under %s/content", source)
	}
	target := files[len(files)/2]
	orig, err := os.ReadFile(target)
	if err != nil {
		return err
	}
	editFor, err := editor(kind, string(orig))
	if err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	defer func() {
		if rerr := os.WriteFile(target, orig, 0o644); rerr != nil {
			err = errors.Join(err, fmt.Errorf("restoring %s: %w", target, rerr))
		}
	}()

	// Configured as `rolloutdocs serve` configures its builder: the index
	// files are made when a browser asks for them, not on every save.
	b, err := site.New(site.Config{Source: source, IndexesOnRequest: true})
	if err != nil {
		return err
	}
	start := time.Now()
	if _, err := b.Build(); err != nil {
		return err
	}
	fmt.Printf("initial build of %d plans: %d ms\n", len(files), time.Since(start).Milliseconds())
	runtime.GC()
	printHeap("after the initial build")
	if memprofile != "" {
		if err := writeHeapProfile(memprofile); err != nil {
			return err
		}
	}

	// Only the rebuilds are profiled, not the initial build.
	stop := startCPUProfile(cpuprofile)
	defer stop()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	times := make([]time.Duration, 0, runs)
	for i := range runs {
		if err := os.WriteFile(target, []byte(editFor(i+1)), 0o644); err != nil {
			return err
		}
		start := time.Now()
		res, err := b.Rebuild([]string{target})
		d := time.Since(start)
		if err != nil {
			return err
		}
		if len(res.Changed) == 0 {
			return fmt.Errorf("rebuild %d reported no change", i+1)
		}
		times = append(times, d)
		if i == 0 {
			fmt.Printf("one plan edited: %d site files changed\n", len(res.Changed))
		}
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	fmt.Printf("each rebuild allocated %d MiB on average; %d collections in all\n",
		(after.TotalAlloc-before.TotalAlloc)/uint64(runs)>>20, after.NumGC-before.NumGC)
	runtime.GC()
	printHeap(fmt.Sprintf("after %d rebuilds", runs))
	runtime.KeepAlive(b)
	slices.Sort(times)
	fmt.Printf("rebuild after one plan changes (%s edit, %d runs): min %.1f ms, median %.1f ms, max %.1f ms\n",
		kind, runs, ms(times[0]), ms(times[len(times)/2]), ms(times[len(times)-1]))
	fmt.Printf("%.1f\n", ms(times[len(times)/2]))
	return nil
}

// editor returns the n-th edit of a plan's text for an edit kind.
func editor(kind, orig string) (func(n int) string, error) {
	switch kind {
	case "prose":
		const marker = "\n## Overview\n"
		if !strings.Contains(orig, marker) {
			return nil, errors.New("no Overview section to edit")
		}
		return func(n int) string {
			return strings.Replace(orig, marker, fmt.Sprintf("%sEdit number %d of this plan.\n\n", marker, n), 1)
		}, nil
	case "task":
		// Odd edits tick the first open task (or untick the first done
		// one, in a plan that is all done), even ones put it back, so each
		// edit changes the plan's progress.
		from, to := "- [ ] ", "- [x] "
		if !strings.Contains(orig, from) {
			from, to = to, from
		}
		if !strings.Contains(orig, from) {
			return nil, errors.New("no task to tick")
		}
		return func(n int) string {
			if n%2 == 1 {
				return strings.Replace(orig, from, to, 1)
			}
			return orig
		}, nil
	case "title":
		i := strings.Index(orig, "\ntitle: ")
		if i < 0 {
			return nil, errors.New("no title: line in the front matter")
		}
		end := i + 1 + strings.IndexByte(orig[i+1:], '\n')
		return func(n int) string {
			return orig[:end] + fmt.Sprintf(" (edit %d)", n) + orig[end:]
		}, nil
	}
	return nil, fmt.Errorf("-edit %q: want prose, task or title", kind)
}

// printHeap prints the live heap and what the process took from the
// system for it at its peak (what a serving process's resident size follows).
func printHeap(when string) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("%s: live heap %d MiB in %d objects, in spans of %d MiB; heap from the system %d MiB\n",
		when, ms.HeapAlloc>>20, ms.HeapObjects, ms.HeapInuse>>20, ms.HeapSys>>20)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
