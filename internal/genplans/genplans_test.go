package genplans

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

func TestPlanIsDeterministic(t *testing.T) {
	for _, i := range []int{0, 1, 999, 1000, 9999} {
		if !bytes.Equal(Plan(i, 1), Plan(i, 1)) {
			t.Errorf("Plan(%d, 1) differs between calls", i)
		}
	}
	if bytes.Equal(Plan(3, 1), Plan(3, 2)) {
		t.Errorf("seeds 1 and 2 give the same plan")
	}
	if bytes.Equal(Plan(3, 1), Plan(4, 1)) {
		t.Errorf("plans 3 and 4 are the same")
	}
}

func TestSlugsAreUnique(t *testing.T) {
	for _, seed := range []int64{1, 42} {
		seen := map[string]int{}
		for i := range 12000 {
			s := Slug(i, seed)
			if j, dup := seen[s]; dup {
				t.Fatalf("seed %d: plans %d and %d share the slug %q", seed, j, i, s)
			}
			seen[s] = i
		}
	}
}

// TestGeneratedPlansPassCheck runs the real parser and rules over a sample
// that crosses the point where titles gain a wave number.
func TestGeneratedPlansPassCheck(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 60
	}
	indexes := make([]int, 0, n+20)
	for i := range n {
		indexes = append(indexes, i)
	}
	for i := 990; i < 1010; i++ {
		indexes = append(indexes, i)
	}
	statuses, risks := map[string]int{}, map[string]int{}
	for _, i := range indexes {
		src := Plan(i, 7)
		path := Slug(i, 7) + ".md"
		p, ds := plan.Parse(path, src)
		ds = append(ds, rules.Check(p)...)
		for _, d := range ds {
			t.Errorf("plan %d: %v", i, d)
		}
		if len(ds) > 0 {
			t.Fatalf("plan %d:\n%s", i, src)
		}
		statuses[p.Front.Status]++
		risks[p.Front.RiskTolerance]++

		lines := bytes.Count(src, []byte("\n"))
		if lines < 80 || lines > 150 {
			t.Errorf("plan %d has %d lines; the template's plans have about 100", i, lines)
		}
		if len(p.Phases) != 4 {
			t.Errorf("plan %d has %d phases, want 4", i, len(p.Phases))
		}
		if m := len(p.Metrics.Rows); m < 4 || m > 6 {
			t.Errorf("plan %d has %d metrics, want 4-6", i, m)
		}
		if tr := len(p.Triggers); tr < 3 || tr > 5 {
			t.Errorf("plan %d has %d triggers, want 3-5", i, tr)
		}
		if p.EffectiveStrategy() != plan.StrategyForRisk[p.Front.RiskTolerance] {
			t.Errorf("plan %d: strategy %q for risk %q", i, p.EffectiveStrategy(), p.Front.RiskTolerance)
		}
		checkProgress(t, i, p)
	}
	if !testing.Short() {
		for _, s := range plan.Statuses {
			if statuses[s] == 0 {
				t.Errorf("no generated plan has status %s: %v", s, statuses)
			}
		}
		for _, r := range plan.Risks {
			if risks[r] == 0 {
				t.Errorf("no generated plan has risk %s: %v", r, risks)
			}
		}
	}
}

// checkProgress asserts the boxes match the status: nothing done before
// approval, everything done at launch, and progress in between.
func checkProgress(t *testing.T, i int, p *plan.Plan) {
	t.Helper()
	done, total := 0, 0
	for _, ph := range p.Phases {
		for _, task := range append(append([]plan.Task(nil), ph.Tasks...), ph.ExitCriteria...) {
			total++
			if task.Done {
				done++
			}
		}
	}
	switch p.Front.Status {
	case "draft", "in-review", "approved":
		if done != 0 {
			t.Errorf("plan %d is %s with %d boxes checked", i, p.Front.Status, done)
		}
	case "launched":
		if done != total {
			t.Errorf("plan %d is launched with %d of %d boxes checked", i, done, total)
		}
	case "in-progress", "paused", "rolled-back":
		if done == 0 || done == total {
			t.Errorf("plan %d is %s with %d of %d boxes checked", i, p.Front.Status, done, total)
		}
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	paths, err := Write(dir, 25, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 25 {
		t.Fatalf("wrote %d plans, want 25", len(paths))
	}
	files, err := plan.FindFiles(filepath.Join(dir, "content"))
	if err != nil || len(files) != 25 {
		t.Fatalf("found %d plans (%v), want 25", len(files), err)
	}
	got, _ := os.ReadFile(paths[4])
	if !bytes.Equal(got, Plan(4, 3)) || filepath.Base(paths[4]) != Slug(4, 3)+".md" {
		t.Errorf("file %s does not hold Plan(4, 3)", paths[4])
	}
	pf := plan.LoadFiles(files)
	if ds := rules.CheckPortfolio(pf); diag.HasErrors(ds) {
		t.Errorf("written portfolio has errors: %v", ds)
	}

	// A second run must not replace what is there.
	if err := os.WriteFile(paths[0], []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, 25, 3); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second Write: %v, want an 'already exists' error", err)
	}
	if got, _ := os.ReadFile(paths[0]); string(got) != "mine" {
		t.Errorf("Write replaced an existing file")
	}
	if _, err := Write(dir, -1, 3); err == nil {
		t.Errorf("Write with n=-1 succeeded")
	}
}

func BenchmarkPlan(b *testing.B) {
	b.ReportAllocs()
	size := 0
	for i := 0; b.Loop(); i++ {
		size += len(Plan(i, 1))
	}
	b.SetBytes(int64(size / max(b.N, 1)))
}
