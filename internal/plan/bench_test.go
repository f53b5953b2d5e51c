package plan_test

import (
	"fmt"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// BenchmarkParse parses generated plans in the template's shape (front
// matter, 4 phases, 4-6 metrics, 3-5 triggers): the per-file cost of
// `check`, `build` and every rebuild.
//
//	go test ./internal/plan -run '^$' -bench Parse -benchmem
func BenchmarkParse(b *testing.B) {
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
		p, ds := plan.Parse(fmt.Sprintf("plan-%d.md", i%variants), srcs[i%variants])
		if len(p.Phases) == 0 {
			b.Fatalf("plan %d: no phases read (%v)", i%variants, ds)
		}
	}
}
