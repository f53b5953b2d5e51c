package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plans")
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // exact, when the command succeeds
		stderrIn string
	}{
		{"writes the plan", []string{"new", "Checkout Redesign", "--risk", "low", "--dir", dir}, exitOK, filepath.Join(dir, "checkout-redesign.md") + "\n", ""},
		{"never overwrites", []string{"new", "Checkout Redesign", "--dir", dir}, exitProblem, "", "already exists"},
		{"unquoted words make the title", []string{"new", "Search", "Ranking", "--dir", dir}, exitOK, filepath.Join(dir, "search-ranking.md") + "\n", ""},
		{"no title", []string{"new", "--dir", dir}, exitUsage, "", "give the feature's name"},
		{"bad risk", []string{"new", "X", "--risk", "extreme", "--dir", dir}, exitUsage, "", `"extreme" is not a risk tolerance`},
		{"zero team", []string{"new", "X", "--team-size", "0", "--dir", dir}, exitUsage, "", "at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if stdout.String() != tt.stdout {
				t.Errorf("stdout %q, want %q", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderrIn) {
				t.Errorf("stderr %q, want it to mention %q", stderr.String(), tt.stderrIn)
			}
		})
	}
	src, err := os.ReadFile(filepath.Join(dir, "checkout-redesign.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte("risk_tolerance: low\nstrategy: conservative\n")) {
		t.Errorf("the first plan was changed or has the wrong risk:\n%s", src)
	}
}
