package rules

import (
	"runtime"
	"sync"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Checked is the outcome of CheckFiles: every diagnostic, sorted, and each
// file's text (as parsed: BOM and CR removed) for showing source excerpts.
type Checked struct {
	Diagnostics []diag.Diagnostic
	// Sources maps a file path to its text; nil when not kept.
	Sources map[string][]byte
	// Files is the number of files checked.
	Files int
	// Readings are how the parser read each file where it was not the
	// template's own shape (plan.Plan.Readings), sorted; `check --explain`
	// prints them.
	Readings []diag.Reading
}

// BatchGCPercent is the garbage-collector setting (as for GOGC) a one-shot
// command running CheckFiles should use. Parsing allocates a lot but
// CheckFiles keeps little of it, so collecting less eagerly than the
// default 100 costs a few megabytes and saves about a quarter of the CPU
// time on a large portfolio. It is the caller's choice because it is a
// process-wide setting; BenchmarkCheck10k measures with it, as
// `rolloutdocs check` runs.
const BatchGCPercent = 400

// CheckFiles reads, parses (plan.ParseForCheck) and checks each file once,
// in parallel (one worker per CPU), keeping the diagnostics but not the
// parsed plans. That is what `rolloutdocs check` needs, and it keeps memory
// flat for large portfolios: a parsed plan holds its Markdown tree, and ten
// thousand of them alive at once would make the garbage collector the
// bottleneck. Use plan.LoadFiles and CheckPortfolio when the plans are
// needed afterwards.
func CheckFiles(files []string, keepSources bool) Checked {
	type result struct {
		diags    []diag.Diagnostic
		src      []byte
		slug     string
		ramps    []RampWindow
		readings []plan.Reading
	}
	results := make([]result, len(files))
	next := make(chan int, 64)
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), len(files))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				loaded := plan.LoadFileForCheck(files[i])
				ds := append(loaded.Diags, Check(loaded.Plan)...)
				results[i] = result{diags: ds, slug: loaded.Plan.Slug, ramps: RampWindows(loaded.Plan), readings: loaded.Plan.Readings}
				if keepSources {
					results[i].src = loaded.Plan.Source
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	out := Checked{Files: len(files)}
	if keepSources {
		out.Sources = make(map[string][]byte, len(files))
	}
	stubs := make([]*plan.Plan, len(files))
	var ramps []RampWindow
	n := 0
	for i, r := range results {
		n += len(r.diags)
		ramps = append(ramps, r.ramps...)
		stubs[i] = &plan.Plan{Path: files[i], Slug: r.slug}
		if keepSources {
			out.Sources[files[i]] = r.src
		}
	}
	dups := append(plan.DuplicateSlugs(stubs), HighRiskOverlaps(ramps)...)
	out.Diagnostics = make([]diag.Diagnostic, 0, n+len(dups))
	for i, r := range results {
		out.Diagnostics = append(out.Diagnostics, r.diags...)
		for _, rd := range r.readings {
			out.Readings = append(out.Readings, diag.Reading{File: files[i], Pos: rd.Pos, Text: rd.Text})
		}
	}
	diag.SortReadings(out.Readings)
	out.Diagnostics = append(out.Diagnostics, dups...)
	diag.Sort(out.Diagnostics)
	return out
}

// CheckSource returns what `check` reports for one file's text, parse
// problems and rule diagnostics, sorted: the plan is not kept. It is the
// single-file path that `check --fix` re-runs after each pass of fixes.
func CheckSource(path string, src []byte) []diag.Diagnostic {
	p, ds := plan.ParseForCheck(path, src)
	ds = append(ds, Check(p)...)
	diag.Sort(ds)
	return ds
}
