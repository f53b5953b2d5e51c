package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
)

// The hostile-input suite: inputs a pull request could carry, run through
// the real binary, each asserting the exit code, a file:line:col message
// with the rule, no panic, and generous bounds on time and memory (a hang
// or a blow-up fails; the figures themselves are measured by
// BenchmarkHostileInput). The symlink escapes are in symlink_test.go, the
// preview's Host/Origin refusal and many live-reload clients in
// internal/serve, the bad-input portfolio in internal/rules.

// hostileLimit bounds one run's wall time: generous, so a loaded CI
// machine passes, but a hang or exponential blow-up does not.
const hostileLimit = 2 * time.Minute

// hostileRSS bounds one run's peak memory. The inputs answered in 14-46 MB
// when measured; 512 MB leaves room for a loaded machine and still catches
// an alias bomb expanded or a 50 MB file read whole several times.
const hostileRSS = 512 << 20

type hostileInput struct {
	name string
	make func() []byte
	rule string // the diagnostic check must give, at file:line:col
}

// validFront is a complete front matter, so what follows is what is tested.
const validFront = "---\ntitle: Hostile\ncreated: 2026-01-01\nstatus: draft\nowner: A\nteam_size: 1\ntimeline: 6 weeks\nrisk_tolerance: low\n---\n"

func hostileInputs(t testing.TB) []hostileInput {
	bomb, err := os.ReadFile("../../internal/rules/testdata/bad-input/alias-bomb.md")
	if err != nil {
		t.Fatal(err)
	}
	return []hostileInput{
		{"alias-bomb.md", func() []byte { return bomb }, "front-matter/alias"},
		{"fifty-megabytes.md", func() []byte {
			return append([]byte(validFront), bytes.Repeat([]byte("log line\n"), 50<<20/9)...)
		}, "file/too-large"},
		{"five-thousand-phases.md", func() []byte {
			var b strings.Builder
			b.WriteString(validFront + "\n## Overview\n\nMany phases.\n\n## Rollout Strategy\n\n")
			for i := 1; i <= 5000; i++ {
				b.WriteString("### Phase " + strconv.Itoa(i) + ": Step\n\n**Duration:** 1 day\n\n- [ ] a task\n\n**Exit criteria:** done\n\n")
			}
			return []byte(b.String())
		}, "structure/metrics-table"},
		{"ten-thousand-quotes.md", func() []byte {
			return []byte(validFront + "\n## Overview\n\n" + strings.Repeat("> ", 10000) + "deep\n")
		}, "structure/metrics-table"},
	}
}

// runBounded runs the binary and returns its exit code, output and peak
// resident memory, failing when it outlives hostileLimit.
func runBounded(t testing.TB, dir, bin string, args ...string) (code int, out string, maxRSS int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hostileLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v: still running after %v", args, hostileLimit)
	}
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("%v: %v", args, err)
		}
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxRSS = ru.Maxrss << 10 // KiB on Linux
	}
	return cmd.ProcessState.ExitCode(), buf.String(), maxRSS
}

func noPanic(t testing.TB, what, out string) {
	t.Helper()
	if strings.Contains(out, "panic:") || strings.Contains(out, "goroutine ") {
		t.Errorf("%s panicked:\n%.2000s", what, out)
	}
}

func TestHostileInputs(t *testing.T) {
	bin := buildBinary(t)
	src := t.TempDir()
	dir := filepath.Join(src, "content", "plans")
	os.MkdirAll(dir, 0o755)
	for _, in := range hostileInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, in.name), in.make(), 0o644); err != nil {
				t.Fatal(err)
			}
			rel := "content/plans/" + in.name
			code, out, rss := runBounded(t, src, bin, "check", rel)
			noPanic(t, "check "+in.name, out)
			if code != exitProblem {
				t.Errorf("check %s: exit %d, want %d\n%.1000s", in.name, code, exitProblem, out)
			}
			if !strings.Contains(out, rel+":") || !strings.Contains(out, "["+in.rule+"]") {
				t.Errorf("check %s: no %s:line:col message with [%s]:\n%.1000s", in.name, rel, in.rule, out)
			}
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, rel+":") && !fileLineCol(line, rel) {
					t.Errorf("check %s: message without file:line:col: %q", in.name, line)
				}
			}
			if rss > hostileRSS {
				t.Errorf("check %s: peak memory %d MB, over %d MB", in.name, rss>>20, hostileRSS>>20)
			}
		})
	}
	// The site is built from all of them at once: each plan gets a page
	// saying what is wrong with it, and nothing panics.
	code, out, rss := runBounded(t, src, bin, "build")
	noPanic(t, "build", out)
	if code != exitOK {
		t.Errorf("build: exit %d, want %d (plans with errors are built and marked)\n%.2000s", code, exitOK, out)
	}
	for _, in := range hostileInputs(t) {
		page := filepath.Join(src, "public", "plans", strings.TrimSuffix(in.name, ".md"), "index.html")
		if _, err := os.Stat(page); err != nil {
			t.Errorf("build: no page for %s: %v", in.name, err)
		}
	}
	if rss > hostileRSS {
		t.Errorf("build: peak memory %d MB, over %d MB", rss>>20, hostileRSS>>20)
	}
}

// fileLineCol reports whether a message line starts file:line:col:.
func fileLineCol(line, file string) bool {
	rest := strings.TrimPrefix(line, file+":")
	parts := strings.SplitN(rest, ":", 3)
	if len(parts) < 3 {
		return false
	}
	for _, p := range parts[:2] {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// BenchmarkHostileInput measures check on each hostile input: time per run
// and the process's peak memory.
//
//	go test ./cmd/rolloutdocs -run '^$' -bench HostileInput -benchtime 5x
func BenchmarkHostileInput(b *testing.B) {
	bin := buildBinary(b)
	src := b.TempDir()
	dir := filepath.Join(src, "content", "plans")
	os.MkdirAll(dir, 0o755)
	for _, in := range hostileInputs(b) {
		os.WriteFile(filepath.Join(dir, in.name), in.make(), 0o644)
		b.Run(in.name, func(b *testing.B) {
			var peak int64
			for b.Loop() {
				_, _, rss := runBounded(b, src, bin, "check", "content/plans/"+in.name)
				peak = max(peak, rss)
			}
			b.ReportMetric(float64(peak)/(1<<20), "MB-peak")
		})
	}
}

// treeHash is a digest of every file under dir (names and bytes).
func treeHash(t testing.TB, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		h.Write([]byte(rel + "\x00"))
		h.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// A build killed with SIGKILL at any moment leaves public/ as the last
// complete build made it: the site is written aside and swapped in. The
// moments are spread over the build; wherever each lands (before the
// swap or after it) public/ must be one whole build, never a mix.
func TestKilledBuildLeavesPublicWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2,000 plans several times")
	}
	bin := buildBinary(t)
	src := t.TempDir()
	if _, err := genplans.Write(src, 2000, 1); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runBounded(t, src, bin, "build"); code != exitOK {
		t.Fatalf("first build: exit %d\n%s", code, out)
	}
	before := treeHash(t, filepath.Join(src, "public"))
	start := time.Now()
	runBounded(t, src, bin, "build")
	full := time.Since(start)
	if after := treeHash(t, filepath.Join(src, "public")); after != before {
		t.Fatal("two builds of the same input differ")
	}
	for _, frac := range []float64{0.1, 0.5, 0.9} {
		cmd := exec.Command(bin, "build")
		cmd.Dir = src
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(frac * float64(full)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if got := treeHash(t, filepath.Join(src, "public")); got != before {
			t.Errorf("killed at %.0f%% of a build: public/ is not the last whole build", frac*100)
		}
	}
	// The next build still works over what the killed ones left.
	if code, out, _ := runBounded(t, src, bin, "build"); code != exitOK {
		t.Fatalf("build after the kills: exit %d\n%s", code, out)
	}
	if got := treeHash(t, filepath.Join(src, "public")); got != before {
		t.Error("the build after the kills differs from the first")
	}
}
