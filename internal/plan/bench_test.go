package plan_test

import (
	"fmt"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// BenchmarkParse parses generated plans in the template's shape (front
// matter, 4 phases, 4-6 metrics, 3-5 triggers): the per-file cost of
// `build` and every rebuild.
//
//	go test ./internal/plan -run '^$' -bench Parse -benchmem
func BenchmarkParse(b *testing.B) { benchmarkParse(b, plan.Parse) }

// BenchmarkParseForCheck is BenchmarkParse for `check`, which does not
// parse the inline content it never reads.
func BenchmarkParseForCheck(b *testing.B) { benchmarkParse(b, plan.ParseForCheck) }

func benchmarkParse(b *testing.B, parse func(string, []byte) (*plan.Plan, []diag.Diagnostic)) {
	const variants = 64
	srcs := make([][]byte, variants)
	size := 0
	for i := range srcs {
		srcs[i] = genplans.Plan(i, 1)
		size += len(srcs[i])
	}
	b.SetBytes(int64(size / variants))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p, ds := parse(fmt.Sprintf("plan-%d.md", i%variants), srcs[i%variants])
		if len(p.Phases) == 0 {
			b.Fatalf("plan %d: no phases read (%v)", i%variants, ds)
		}
	}
}
