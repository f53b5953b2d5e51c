package lsp

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// plan300 is the example plan grown to 300 lines with more tasks in each
// phase, the size the latency target is set for.
func plan300(tb testing.TB) string {
	text := readFile(tb, examplePlan)
	for n := 0; strings.Count(text, "\n") < 300; n++ {
		text = strings.Replace(text, "**Exit Criteria:**", fmt.Sprintf("- [ ] Extra task %d: review the dashboards with the on-call engineer\n\n**Exit Criteria:**", n), -1)
		text = strings.ReplaceAll(text, "\n\n- [ ] Extra", "\n- [ ] Extra")
	}
	lines := strings.SplitAfter(text, "\n")
	return strings.Join(lines[:300], "") + strings.Join(lines[300:], "")
}

// BenchmarkDidChange measures what an author waits for: from sending a
// didChange with the whole text of a 300-line plan to receiving its
// publishDiagnostics, the debounce (DefaultDebounce) included, over the
// in-process pipe. It reports the median and the 95th percentile;
// the target is p95 under 50 ms. Run it with
//
//	go test ./internal/lsp -run '^$' -bench DidChange -benchtime 200x
func BenchmarkDidChange(b *testing.B) {
	ctx, c := connect(b, "", Options{})
	uri := protocol.DocumentUri("file:///bench/plan.md")
	text := plan300(b)
	if n := strings.Count(text, "\n"); n < 300 {
		b.Fatalf("the plan has %d lines", n)
	}
	if err := c.Open(ctx, uri, 1, text); err != nil {
		b.Fatal(err)
	}
	if _, err := c.Diagnostics(ctx, uri, 1); err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	b.ResetTimer()
	for i := range b.N {
		version := int32(i + 2)
		// Each change edits a task line, as typing does.
		edited := strings.Replace(text, "Extra task 0:", fmt.Sprintf("Extra task 0 (%d):", i), 1)
		start := time.Now()
		if err := c.Change(ctx, uri, version, edited); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Diagnostics(ctx, uri, version); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
		c.Reset()
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[min(len(took)-1, len(took)*95/100)].Microseconds())/1000, "p95-ms")
}

// BenchmarkAnalyze300 is the check alone (parse, rules, conversion to LSP
// diagnostics) of the 300-line plan: what BenchmarkDidChange spends beyond
// the debounce and the pipe.
func BenchmarkAnalyze300(b *testing.B) {
	text := plan300(b)
	for b.Loop() {
		a := analyze("plan.md", text, nil)
		toLSPDiagnostics(&a)
	}
}
