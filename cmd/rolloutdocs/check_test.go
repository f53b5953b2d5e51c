package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixtures = "../../internal/rules/testdata/rules/"

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCheckExitCodes(t *testing.T) {
	warningOnly := fixtures + "rollout/canary/invalid-too-large.md"
	withError := fixtures + "time/over-timeline/invalid.md"
	tests := []struct {
		name string
		args []string
		code int
		// out and errOut must appear in stdout and stderr.
		out, errOut string
	}{
		{"clean portfolio", []string{"check", "../../content"}, exitOK, "", "no problems in "},
		{"warnings only", []string{"check", warningOnly}, exitOK, "[rollout/canary]", "0 errors, 1 warning in 1 plan"},
		{"warnings with --strict", []string{"check", "--strict", warningOnly}, exitProblem, "[rollout/canary]", ""},
		{"flags after paths", []string{"check", warningOnly, "--strict"}, exitProblem, "[rollout/canary]", ""},
		{"an error", []string{"check", withError}, exitProblem, "invalid.md:7:11: error:", "1 error, 0 warnings in 1 plan"},
		{"missing path", []string{"check", "no/such/dir"}, exitUsage, "", "no/such/dir"},
		{"unknown format", []string{"check", "--format", "xml", withError}, exitUsage, "", `unknown format "xml"`},
		{"unknown flag", []string{"check", "--stritc"}, exitUsage, "", "flag provided but not defined"},
		{"help", []string{"check", "--help"}, exitOK, "rolloutdocs check --format github", ""},
		{"help via rolloutdocs help", []string{"help", "check"}, exitOK, "Examples:", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.out) {
				t.Errorf("stdout lacks %q:\n%s", tt.out, out)
			}
			if !strings.Contains(errOut, tt.errOut) {
				t.Errorf("stderr lacks %q:\n%s", tt.errOut, errOut)
			}
		})
	}
}

// TestCheckDefaultsToContent: with no PATH, check reads content/ in the
// working directory; without one it is a usage error that says so.
func TestCheckDefaultsToContent(t *testing.T) {
	src, err := os.ReadFile(fixtures + "time/over-timeline/invalid.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	if code, _, errOut := runCmd(t, "check"); code != exitUsage || !strings.Contains(errOut, "content/") {
		t.Errorf("no content/: exit %d, stderr %q", code, errOut)
	}
	if err := os.MkdirAll(filepath.Join("content", "plans"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("content", "plans", "late.md"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCmd(t, "check")
	if code != exitProblem || !strings.Contains(out, "content/plans/late.md:7:11: error:") {
		t.Errorf("exit %d, stdout:\n%s", code, out)
	}
}

func TestCheckFormats(t *testing.T) {
	path := fixtures + "triggers/inside-target/invalid-level.md"
	code, out, errOut := runCmd(t, "check", "--format", "json", path)
	var items []struct {
		File, Severity, Rule, Message string
		Line, Col                     int
	}
	if err := json.Unmarshal([]byte(out), &items); err != nil || code != exitProblem || len(items) != 1 {
		t.Fatalf("json: exit %d, err %v, %d items\n%s", code, err, len(items), out)
	}
	if it := items[0]; it.Rule != "triggers/inside-target" || it.Line != 85 || it.Col != 15 || it.Severity != "error" {
		t.Errorf("json item %+v", it)
	}
	if errOut != "" {
		t.Errorf("json format wrote to stderr: %q", errOut)
	}

	_, out, _ = runCmd(t, "check", "--format", "github", path)
	if !strings.HasPrefix(out, "::error file="+path+",line=85,col=15,title=triggers/inside-target::rollback trigger") {
		t.Errorf("github output:\n%s", out)
	}

	_, out, _ = runCmd(t, "check", "--format=sarif", path)
	var log struct {
		Version string
		Runs    []struct {
			Results []struct{ RuleID string }
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
		t.Errorf("sarif output (%v):\n%s", err, out)
	}
}
