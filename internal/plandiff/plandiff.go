// Package plandiff compares two versions of a rollout plan through the plan
// model and says what the change does to the rollout: each semantic change
// (a status transition, a canary step raised, an exit criterion removed, a
// rollback trigger loosened...) with the line it is on in the new version,
// classified riskier, safer or neutral with a reason a reviewer can check.
//
// It reads plans only through internal/plan's model and trigger and target
// quantities only through internal/threshold, the way the rules compare
// them; it never parses Markdown itself.
package plandiff

import (
	"fmt"
	"sort"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Risk is what a change does to the rollout's risk.
type Risk string

const (
	Riskier Risk = "riskier"
	Safer   Risk = "safer"
	Neutral Risk = "neutral"
)

// rank orders risks for sorting: riskier first.
func (r Risk) rank() int {
	switch r {
	case Riskier:
		return 0
	case Safer:
		return 1
	}
	return 2
}

// Change is one semantic change to a plan. The JSON field names are the
// documented, stable output of `rolloutdocs diff --format json`.
type Change struct {
	// Kind names what changed: "status", "phase-removed", "step",
	// "exit-criterion-removed", "trigger-loosened"... (Kinds lists them).
	Kind   string `json:"kind"`
	Risk   Risk   `json:"risk"`
	Reason string `json:"reason"`
	Before string `json:"before"`
	After  string `json:"after"`
	// Line is the change's line in the head version; for something
	// removed, the line of what held it (its phase, its section), 0 when
	// the head has no such place.
	Line int `json:"line"`
	// Rollout is true for a change to the rollout itself (phases, steps,
	// durations, criteria, metrics, triggers): the changes that make an
	// approved plan need re-approval.
	Rollout bool `json:"-"`
}

// Kinds is every change kind, for documentation and tests.
var Kinds = []string{
	KindAdded, KindDeleted, KindRenamed, KindUnparsed,
	"status", "owner", "approver-added", "approver-removed", "team-size", "timeline", "start", "risk-tolerance", "strategy", "title", "flag",
	"phase-added", "phase-removed", "phase-renamed", "phases-reordered",
	"steps", "step-raised", "step-lowered", "step-added", "step-skipped", "duration",
	"exit-criterion-added", "exit-criterion-removed", "exit-criterion-reworded", "exit-criterion-ticked", "exit-criterion-unticked",
	"task-added", "task-removed", "task-reworded", "task-ticked", "task-unticked",
	"metric-added", "metric-removed", "metric-baseline", "metric-target-loosened", "metric-target-tightened", "metric-target", "metric-method",
	"trigger-added", "trigger-removed", "trigger-loosened", "trigger-tightened", "trigger-reworded",
	"section-added", "section-removed", "prose",
}

// Kinds of a whole file.
const (
	KindAdded    = "plan-added"
	KindDeleted  = "plan-deleted"
	KindRenamed  = "plan-renamed"
	KindUnparsed = "plan-unparsed"
)

// PlanDiff is what changed in one plan.
type PlanDiff struct {
	// File is the head version's path (the base's for a deleted plan);
	// BaseFile is the base's path when it differs (a rename).
	File     string `json:"file"`
	BaseFile string `json:"base_file,omitempty"`
	Slug     string `json:"slug"`
	Title    string `json:"title"`
	// Status is the head's status (the base's for a deleted plan).
	Status string `json:"status"`
	// Verdict is the riskiest of the changes' risks.
	Verdict Risk `json:"verdict"`
	// Reapproval is true for a plan approved (or further) on both sides
	// whose rollout changed while its approvers did not.
	Reapproval bool     `json:"reapproval"`
	Changes    []Change `json:"changes"`
	// Diagnostics are the parse errors of either side: such a plan is
	// compared as far as it could be read.
	Diagnostics []diag.Diagnostic `json:"diagnostics,omitempty"`
}

// Riskier counts the plan's riskier changes.
func (d *PlanDiff) Riskier() int {
	n := 0
	for _, c := range d.Changes {
		if c.Risk == Riskier {
			n++
		}
	}
	return n
}

// Compare compares base and head, either of which may be nil (an added or
// a deleted plan), and returns the plan's diff with its changes riskiest
// first. diags are both sides' parse diagnostics; only errors are kept.
func Compare(base, head *plan.Plan, diags []diag.Diagnostic) PlanDiff {
	var d PlanDiff
	switch {
	case base == nil && head == nil:
		return d
	case base == nil:
		d = PlanDiff{File: head.Path, Slug: head.Slug, Title: head.Title(), Status: head.Front.Status}
		d.Changes = []Change{{Kind: KindAdded, Risk: Neutral, Reason: "new plan " + quote(head.Title()) + statusNote(head.Front.Status, " (status %s)", " (no status)"), After: head.Path, Line: 1}}
	case head == nil:
		d = PlanDiff{File: base.Path, Slug: base.Slug, Title: base.Title(), Status: base.Front.Status}
		d.Changes = []Change{{Kind: KindDeleted, Risk: Neutral, Reason: "plan " + quote(base.Title()) + " deleted" + statusNote(base.Front.Status, " (it was %s)", ""), Before: base.Path}}
	default:
		d = PlanDiff{File: head.Path, Slug: head.Slug, Title: head.Title(), Status: head.Front.Status}
		if base.Path != head.Path {
			d.BaseFile = base.Path
			d.Changes = append(d.Changes, Change{Kind: KindRenamed, Risk: Neutral, Reason: "plan moved from " + base.Path + " to " + head.Path, Before: base.Path, After: head.Path, Line: 1})
		}
		c := &comparer{base: base, head: head}
		c.compare()
		d.Changes = append(d.Changes, c.changes...)
		d.Reapproval = needsReapproval(base, head, c.changes)
	}
	for _, dg := range diags {
		if dg.Severity == diag.Error {
			d.Diagnostics = append(d.Diagnostics, dg)
		}
	}
	if len(d.Diagnostics) > 0 {
		d.Changes = append(d.Changes, Change{Kind: KindUnparsed, Risk: Neutral,
			Reason: plural(len(d.Diagnostics), "parse error", "parse errors") + ": compared as far as the plan could be read", Line: d.Diagnostics[0].Pos.Line})
	}
	sortChanges(d.Changes)
	d.Verdict = verdict(d.Changes)
	return d
}

// statusNote formats a status for a reason, or says there is none.
func statusNote(status, format, none string) string {
	if status == "" {
		return none
	}
	return fmt.Sprintf(format, status)
}

func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Risk.rank() != cs[j].Risk.rank() {
			return cs[i].Risk.rank() < cs[j].Risk.rank()
		}
		return cs[i].Line < cs[j].Line
	})
}

func verdict(cs []Change) Risk {
	v := Neutral
	for _, c := range cs {
		if c.Risk.rank() < v.rank() {
			v = c.Risk
		}
	}
	return v
}

// approvedOrFurther are the statuses at which a plan has been signed off.
var approvedOrFurther = map[string]bool{"approved": true, "in-progress": true, "paused": true, "launched": true, "rolled-back": true}

// needsReapproval: a plan signed off on both sides whose rollout changed
// while the list of approvers stayed the same. A plan moved back to draft
// or review is being re-reviewed anyway.
func needsReapproval(base, head *plan.Plan, cs []Change) bool {
	if !approvedOrFurther[base.Front.Status] || !approvedOrFurther[head.Front.Status] {
		return false
	}
	if !sameSet(base.Front.Approvers, head.Front.Approvers) {
		return false
	}
	for _, c := range cs {
		if c.Rollout {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
		if seen[s] < 0 {
			return false
		}
	}
	return true
}

// Sort orders plan diffs riskiest first: by verdict, then re-approval,
// then the number of riskier changes, then file.
func Sort(ds []PlanDiff) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := &ds[i], &ds[j]
		if a.Verdict.rank() != b.Verdict.rank() {
			return a.Verdict.rank() < b.Verdict.rank()
		}
		if a.Reapproval != b.Reapproval {
			return a.Reapproval
		}
		if ra, rb := a.Riskier(), b.Riskier(); ra != rb {
			return ra > rb
		}
		return a.File < b.File
	})
}
