package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A plan with fixable front matter (in words, the wrong case, a typo) and
// one with a problem no fix knows (no owner at all).
const fixablePlan = "---\ntitle: Shared Drafts\ncreated: 2026-03-01\nstatus: In Progress\nownr: Dana\nteam_size: 4 people\ntimeline: 10 weeks\nrisk_tolerance: Medium\n---\n\n# Rollout Plan: Shared Drafts\n"

func TestCheckFixAndDiff(t *testing.T) {
	dir := t.TempDir()
	fixable := filepath.Join(dir, "fixable.md")
	broken := filepath.Join(dir, "broken.md")
	brokenText := "---\nstatus: In Progress\nteam_size: [4\n---\n# Broken\n"
	for path, text := range map[string]string{fixable: fixablePlan, broken: brokenText} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	code, out, errOut := runCmd(t, "check", "--diff", dir)
	if code != exitProblem {
		t.Errorf("--diff with fixes to make: exit %d, want %d", code, exitProblem)
	}
	for _, want := range []string{"--- a/" + fixable, "-status: In Progress", "+status: in-progress", "-ownr: Dana", "+owner: Dana", "+team_size: 4\n", "+risk_tolerance: medium"} {
		if !strings.Contains(out, want) {
			t.Errorf("--diff output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "4 problems in 1 file would be fixed") || !strings.Contains(errOut, broken+": not fixed") {
		t.Errorf("--diff stderr: %s", errOut)
	}
	if b, _ := os.ReadFile(fixable); string(b) != fixablePlan {
		t.Fatalf("--diff wrote the file:\n%s", b)
	}

	code, out, errOut = runCmd(t, "check", "--fix", dir)
	if code != exitProblem { // the broken plan and the missing sections remain
		t.Errorf("--fix: exit %d, want %d", code, exitProblem)
	}
	for _, want := range []string{fixable + ":4:9: fixed Write status: in-progress [front-matter/enum]", fixable + ":5:1: fixed Rename ownr to owner [front-matter/unknown-key]", "fixed 4 problems in 1 file"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("--fix stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(out, "front-matter/enum") && strings.Contains(out, fixable+":4:") {
		t.Errorf("the report still has the fixed problem:\n%s", out)
	}
	b, _ := os.ReadFile(fixable)
	want := strings.NewReplacer("In Progress", "in-progress", "ownr", "owner", "4 people", "4", "Medium", "medium").Replace(fixablePlan)
	if string(b) != want {
		t.Errorf("fixed file:\n%s\nwant:\n%s", b, want)
	}
	if b, _ := os.ReadFile(broken); string(b) != brokenText {
		t.Errorf("--fix touched a file that does not parse:\n%s", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("--fix left files behind: %v", entries)
	}

	code, out, errOut = runCmd(t, "check", "--diff", fixable)
	if code != exitOK || out != "" || !strings.Contains(errOut, "nothing to fix") {
		t.Errorf("--diff after --fix: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
