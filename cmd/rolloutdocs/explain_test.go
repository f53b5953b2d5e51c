package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// haltRulesPlan names its triggers "Halt Rules" and its method column
// "Source", with a phase written as a Stage and one that runs on.
const haltRulesPlan = `---
title: Shared Drafts
created: 2026-03-01
status: draft
owner: Mia Chen
team_size: 4
timeline: 4 weeks
risk_tolerance: low
---
# Shared Drafts

## Rollout Strategy

### Stage 1: Staff
- **Duration**: 48 hours
- **Exit Criteria**:
  - Error rate < 0.5%

### Phase 2: Everyone
**Duration:** 2 weeks

**Exit Criteria:**
- [ ] Error rate < 0.5%

## Success Metrics

| Metric | Baseline | Target | Source |
|---|---|---|---|
| Error rate | 0.2% | < 0.5% | Grafana |

## Halt Rules

- Error rate > 1% for 10 minutes
`

// TestCheckExplainBinary runs the real binary: --explain says how the plan
// was read, in text beside the diagnostics and in JSON, and refuses SARIF.
func TestCheckExplainBinary(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "plans"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plans", "x.md"), []byte(haltRulesPlan), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errOut.String()
	}

	code, out, errOut := run("check", "--explain", "plans/x.md")
	if code != exitOK {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitOK, out, errOut)
	}
	// The plan has one warning (no canary step); readings go beside it in
	// line order.
	warning := `plans/x.md:19:1: warning: the rollout goes straight to 100% in Phase 2 "Everyone" without a canary step; add a canary phase that reaches 1–10% of users before the full rollout [rollout/canary]`
	want := strings.Join([]string{
		`plans/x.md:14:1: read "Stage 1: Staff" as phase 1`,
		`plans/x.md:15:17: read duration "48 hours" of phase 1 as 2 days`,
		warning,
		`plans/x.md:27:31: read column "Source" as Method`,
		`plans/x.md:31:1: read "Halt Rules" as Rollback Triggers`,
	}, "\n") + "\n"
	if out != want {
		t.Errorf("check --explain printed:\n%s\nwant:\n%s", out, want)
	}
	if !strings.Contains(errOut, "0 errors, 1 warning in 1 plan") {
		t.Errorf("stderr: %s", errOut)
	}

	// Without --explain the output is as before: the warning alone.
	if _, out, _ := run("check", "plans/x.md"); out != warning+"\n" {
		t.Errorf("check without --explain printed:\n%s", out)
	}

	code, out, _ = run("check", "--explain", "--format", "json", "plans")
	if code != exitOK {
		t.Fatalf("json: exit %d\n%s", code, out)
	}
	var got struct {
		Diagnostics []map[string]any `json:"diagnostics"`
		Readings    []struct {
			File      string `json:"file"`
			Line, Col int
			Text      string `json:"text"`
		} `json:"readings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if got.Diagnostics == nil || len(got.Diagnostics) != 1 || len(got.Readings) != 4 {
		t.Fatalf("json: %d diagnostics, %d readings:\n%s", len(got.Diagnostics), len(got.Readings), out)
	}
	if r := got.Readings[3]; r.File != "plans/x.md" || r.Line != 31 || r.Col != 1 || r.Text != `read "Halt Rules" as Rollback Triggers` {
		t.Errorf("json reading %+v", r)
	}

	code, _, errOut = run("check", "--explain", "--format", "sarif", "plans")
	if code != exitUsage || !strings.Contains(errOut, "--explain works with --format text, json, github") {
		t.Errorf("sarif: exit %d, stderr %q", code, errOut)
	}
}
