// Package genplans generates realistic rollout plans in the template's
// shape, for benchmarks and load tests: a portfolio of any size whose plans
// vary in status, progress, risk, owners, tags and dates, all passing
// `rolloutdocs check` without errors. The same (index, seed) always gives
// the same bytes, so benchmark inputs are comparable across runs and Go
// versions.
package genplans

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/frontmatter"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// PlansDir is where Write puts the plans, relative to its directory.
const PlansDir = "content/plans"

// Write writes n plans to dir/content/plans/<slug>.md and returns their
// paths. It never replaces a file: an existing one stops it with an error.
func Write(dir string, n int, seed int64) ([]string, error) {
	if n < 0 {
		return nil, fmt.Errorf("the number of plans must not be negative, not %d", n)
	}
	out := filepath.Join(dir, PlansDir)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", out, err)
	}
	paths := make([]string, 0, n)
	for i := range n {
		path := filepath.Join(out, Slug(i, seed)+".md")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return paths, fmt.Errorf("%s already exists; generate into an empty directory", path)
		}
		if err != nil {
			return paths, fmt.Errorf("writing plan %d: %w", i, err)
		}
		_, werr := f.Write(Plan(i, seed))
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return paths, fmt.Errorf("writing %s: %w", path, werr)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// Title is the i-th plan's title. Titles are unique for any n: the first
// len(areas)*len(changes) combine an area and a change, later ones add a
// wave number.
func Title(i int, seed int64) string {
	area, change, wave := titleParts(i, seed)
	title := area + " " + change
	if wave > 1 {
		title += fmt.Sprintf(" Wave %d", wave)
	}
	return title
}

func titleParts(i int, seed int64) (area, change string, wave int) {
	combos := len(areas) * len(changes)
	// A multiplier coprime with combos spreads neighbouring indexes over
	// different areas and changes; the seed shifts the starting point.
	k := (i%combos + int(uint64(seed)%uint64(combos))) % combos
	k = k * 7919 % combos
	return areas[k%len(areas)], changes[k/len(areas)], i/combos + 1
}

// Slug is the i-th plan's file name without .md.
func Slug(i int, seed int64) string { return plan.Slugify(Title(i, seed)) }

// Plan returns the text of the i-th plan of the portfolio for seed.
func Plan(i int, seed int64) []byte {
	area, _, _ := titleParts(i, seed)
	g := &gen{r: newRNG(uint64(seed), uint64(i)), title: Title(i, seed), area: area}
	g.slug = plan.Slugify(g.title)
	return g.plan()
}

type gen struct {
	r     *rng
	title string
	slug  string
	area  string
	b     strings.Builder
}

func (g *gen) line(format string, args ...any) {
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

// phaseSpec is one phase before it is written.
type phaseSpec struct {
	name, summary string
	days          int
	tasks, exit   []string
}

func (g *gen) plan() []byte {
	r := g.r
	risk := pickWeighted(r, []string{"low", "medium", "high"}, []int{30, 45, 25})
	strategy := plan.StrategyForRisk[risk]
	phases := g.phases(strategy)
	total := 0
	for _, p := range phases {
		total += p.days
	}
	// The timeline covers the phases with up to two weeks to spare, and
	// never more than twice their length.
	weeks := (total+6)/7 + r.intn(3)
	for weeks*7 > 2*total {
		weeks--
	}
	status := pickWeighted(r, statuses, statusWeights)
	created := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.intn(540))
	owner := pick(r, firstNames) + " " + pick(r, lastNames)

	entries := []frontmatter.Entry{
		{Key: "title", Value: g.title},
		{Key: "created", Value: created.Format(time.DateOnly)},
		{Key: "status", Value: status},
		{Key: "owner", Value: owner},
		{Key: "team_size", Value: 2 + r.intn(11)},
		{Key: "timeline", Value: fmt.Sprintf("%d weeks", weeks)},
		{Key: "risk_tolerance", Value: risk},
	}
	if r.intn(10) < 7 {
		entries = append(entries, frontmatter.Entry{Key: "strategy", Value: strategy})
	}
	if r.intn(10) < 8 {
		start := created.AddDate(0, 0, 7+r.intn(22))
		entries = append(entries, frontmatter.Entry{Key: "start", Value: start.Format(time.DateOnly)})
	}
	if r.intn(10) < 7 {
		entries = append(entries, frontmatter.Entry{Key: "flag", Value: strings.ReplaceAll(g.slug, "-", "_")})
	}
	entries = append(entries, frontmatter.Entry{Key: "tags", Value: pickN(r, tags, 1+r.intn(3))})
	if r.intn(10) < 6 {
		var approvers []string
		for range 1 + r.intn(2) {
			approvers = append(approvers, pick(r, firstNames)+" "+pick(r, lastNames))
		}
		entries = append(entries, frontmatter.Entry{Key: "approvers", Value: approvers})
	}
	g.b.Write(frontmatter.Format(entries, "\n"))
	g.line("")
	g.line("# Rollout Plan: %s", g.title)
	g.line("")
	g.line("## Overview")
	g.line("")
	g.line("%s %s %s", fill(pick(r, problems), g.area), fill(pick(r, impacts), g.area), fill(pick(r, evidence), g.area))
	g.line("")
	g.line("%s %s", fill(pick(r, solutions), g.area), fill(pick(r, riskNotes[risk]), g.area))
	g.line("")
	g.line("## Rollout Strategy")
	g.line("")
	g.line("%s rollout with %d phases.", strings.ToUpper(strategy[:1])+strategy[1:], len(phases))

	done := progress(r, status, phases)
	for n, p := range phases {
		g.line("")
		g.line("### Phase %d: %s", n+1, p.name)
		g.line("> %s", p.summary)
		g.line("")
		g.line("**Duration:** %s", days(p.days))
		g.line("")
		// done[n] counts the checked boxes, tasks first, then exit criteria.
		checked := done[n]
		if checked == full {
			checked = len(p.tasks) + len(p.exit)
		}
		g.line("**Tasks:**")
		for k, t := range p.tasks {
			g.line("- [%s] %s", box(k < checked), t)
		}
		g.line("")
		g.line("**Exit Criteria:**")
		for k, t := range p.exit {
			g.line("- [%s] %s", box(len(p.tasks)+k < checked), t)
		}
	}
	g.metricsAndTriggers()
	if r.intn(10) < 4 {
		g.line("")
		g.line("## Communication Plan")
		g.line("")
		for _, c := range pickN(r, communications, 3) {
			g.line("- %s", fill(c, g.area))
		}
	}
	return []byte(g.b.String())
}

func box(checked bool) string {
	if checked {
		return "x"
	}
	return " "
}

// full marks a phase whose tasks and exit criteria are all checked.
const full = -1

// progress says how far each phase got, as the status implies: full, or
// how many of its boxes (tasks, then exit criteria) are checked, never all
// of them. A launched plan has every box checked.
func progress(r *rng, status string, phases []phaseSpec) []int {
	done := make([]int, len(phases))
	upTo := 0 // phases fully done
	switch status {
	case "launched":
		upTo = len(phases)
	case "in-progress", "paused", "rolled-back":
		upTo = 1 + r.intn(len(phases)-1)
	case "cancelled":
		upTo = r.intn(2)
	}
	for i := range done {
		switch {
		case i < upTo:
			done[i] = full
		case i == upTo && status != "launched" && upTo > 0:
			done[i] = 1 + r.intn(len(phases[i].tasks)+len(phases[i].exit)-1)
		}
	}
	return done
}

func (g *gen) phases(strategy string) []phaseSpec {
	r := g.r
	var ps []phaseSpec
	internal := func(days int) phaseSpec {
		return phaseSpec{name: pick(r, internalNames), summary: fill(pick(r, internalSummaries), g.area), days: days,
			tasks: pickN(r, internalTasks, 4+r.intn(2)), exit: pickN(r, internalExit, 3+r.intn(2))}
	}
	canary := func(pct, days int) phaseSpec {
		audience := pick(r, audiences)
		return phaseSpec{name: fmt.Sprintf("%s (%d%% of %s)", pick(r, canaryNames), pct, audience),
			summary: fmt.Sprintf("Roll out to %d%% of %s", pct, audience), days: days,
			tasks: append([]string{fmt.Sprintf("Enable the feature flag for %d%% of %s", pct, audience)}, pickN(r, canaryTasks, 3+r.intn(2))...),
			exit:  pickN(r, canaryExit, 3+r.intn(2))}
	}
	ramp := func(name string, steps []int, days int) phaseSpec {
		pcts := make([]string, len(steps))
		for i, s := range steps {
			pcts[i] = fmt.Sprintf("%d%%", s)
		}
		return phaseSpec{name: fmt.Sprintf("%s (%s)", name, strings.Join(pcts, " → ")),
			summary: "Increase exposure step by step, holding at each step to review the metrics", days: days,
			tasks: append([]string{"Increase to " + strings.Join(pcts, " → ")}, pickN(r, rampTasks, 3)...),
			exit:  pickN(r, rampExit, 2+r.intn(2))}
	}
	launch := func(days int) phaseSpec {
		return phaseSpec{name: pick(r, launchNames), summary: "Feature available to all users", days: days,
			tasks: pickN(r, launchTasks, 4+r.intn(2)), exit: pickN(r, launchExit, 3)}
	}
	switch strategy {
	case "conservative":
		ps = []phaseSpec{internal(5 + r.intn(6)), canary(1+r.intn(2), 7+r.intn(8)),
			ramp("Gradual Rollout", []int{10, 25, 50, 75, 100}, 14+r.intn(8)), launch(5 + r.intn(5))}
	case "standard":
		ps = []phaseSpec{internal(3 + r.intn(3)), canary(5, 3+r.intn(5)),
			ramp("Gradual Rollout", []int{25, 50, 100}, 7+r.intn(8)), launch(3 + r.intn(5))}
	default: // aggressive: no internal phase
		ps = []phaseSpec{canary(10, 2+r.intn(2)), ramp("Ramp", []int{25, 50}, 3+r.intn(3)),
			ramp("Expansion", []int{75, 100}, 3+r.intn(3)), launch(3 + r.intn(5))}
	}
	return ps
}

func days(n int) string {
	switch {
	case n == 7:
		return "1 week"
	case n%7 == 0:
		return fmt.Sprintf("%d weeks", n/7)
	}
	return fmt.Sprintf("%d days", n)
}

// metric is one Success Metrics row and the rollback trigger that goes
// with it ("" when the metric has none). The trigger always fires outside
// the target, so the plan passes the trigger rules.
type metric struct {
	name, baseline, target, method, trigger string
}

func (g *gen) metricsAndTriggers() {
	r := g.r
	rows := []metric{metricPool[0](r), metricPool[1](r)}
	for _, k := range r.perm(len(metricPool) - 2)[:2+r.intn(3)] {
		rows = append(rows, metricPool[2+k](r))
	}
	g.line("")
	g.line("## Success Metrics")
	g.line("")
	g.line("| Metric | Baseline | Target | Method |")
	g.line("|--------|----------|--------|--------|")
	var triggers []string
	for _, m := range rows {
		g.line("| %s | %s | %s | %s |", m.name, m.baseline, m.target, m.method)
		if m.trigger != "" {
			triggers = append(triggers, m.trigger)
		}
	}
	want := 3 + r.intn(3)
	if len(triggers) > want-1 {
		triggers = triggers[:want-1]
	}
	for _, q := range r.perm(len(qualitativeTriggers)) {
		if len(triggers) >= want {
			break
		}
		triggers = append(triggers, fill(qualitativeTriggers[q], g.area))
	}
	g.line("")
	g.line("## Rollback Triggers")
	g.line("")
	g.line("Immediately halt and rollback if:")
	for _, t := range triggers {
		g.line("- %s", t)
	}
}

// fill puts the plan's area into a sentence template.
func fill(s, area string) string {
	return strings.ReplaceAll(s, "{area}", strings.ToLower(area))
}

func pick(r *rng, xs []string) string { return xs[r.intn(len(xs))] }

// pickN returns n distinct items in their original order.
func pickN(r *rng, xs []string, n int) []string {
	n = min(n, len(xs))
	chosen := make([]bool, len(xs))
	for _, k := range r.perm(len(xs))[:n] {
		chosen[k] = true
	}
	out := make([]string, 0, n)
	for i, x := range xs {
		if chosen[i] {
			out = append(out, x)
		}
	}
	return out
}

func pickWeighted(r *rng, xs []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.intn(total)
	for i, w := range weights {
		if n < w {
			return xs[i]
		}
		n -= w
	}
	return xs[len(xs)-1]
}

// rng is SplitMix64: tiny, fast and fully specified, so a seed gives the
// same portfolio on every Go version (math/rand makes no such promise).
type rng struct{ state uint64 }

func newRNG(seed, stream uint64) *rng {
	r := &rng{state: seed*0x9E3779B97F4A7C15 ^ stream*0xBF58476D1CE4E5B9}
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.state += 0x9E3779B97F4A7C15
	z := r.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); the modulo bias is irrelevant here.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *rng) perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}
