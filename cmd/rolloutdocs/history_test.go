package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// TestBuildHistoryMatchesGitLog builds a generated repository (status
// changes, renames, edits over 80 commits) with the real binary, and holds
// every plan page's history to git itself: the commit count and earlier
// names to `git log --follow` (up to where the file began), and the
// status history to the status each of those commits' blobs says, where
// it changed.
func TestBuildHistoryMatchesGitLog(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		testtool.Missing(t, "git is not installed")
	}
	bin := buildBinary(t)
	src := t.TempDir()
	stats, err := genplans.WriteHistory(context.Background(), src, 10, 80, 3)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Renames == 0 || stats.Statuses == 0 {
		t.Fatalf("the generated history has %+v; want renames and status changes", stats)
	}
	dest := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := runBinary(t, bin, src, "build", "--source", ".", "--destination", dest, "--repo-url", "https://git.example/p/blob/main/"); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	git := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("git", append([]string{"-C", src}, args...)...).Output()
		if err != nil {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		return strings.TrimSpace(string(out))
	}
	hashLine := regexp.MustCompile(`^[0-9a-f]{40}$`)
	statusLine := regexp.MustCompile(`(?m)^status: *(\S+)`)
	entry := regexp.MustCompile(`<li(?: class="current")?><span class="badge status status-([a-z-]+)">[^<]*</span>\s*since <time[^>]*>[^<]*</time>, by [^<]* in <a href="https://git.example/p/commit/([0-9a-f]+)">`)
	files, err := filepath.Glob(filepath.Join(src, "content", "plans", "*.md"))
	if err != nil || len(files) != 10 {
		t.Fatalf("plans: %v, %d files", err, len(files))
	}
	renamed := 0
	for _, f := range files {
		rel := "content/plans/" + filepath.Base(f)
		slug := strings.TrimSuffix(filepath.Base(f), ".md")
		page, err := os.ReadFile(filepath.Join(dest, "plans", slug, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		// Each commit and the path the file had in it, newest first
		// (--follow does not follow renames with --reverse), then turned
		// oldest first. --follow also takes a file added with much of
		// another's text (a plan written from the same template) for a
		// copy of it ("C051 other.md this.md") and goes on with the other
		// file's commits; a copy is where this file began.
		var commits, paths []string
		lines := strings.Split(git("log", "--follow", "--format=%H", "--name-status", "--", rel), "\n")
	scan:
		for _, l := range lines {
			switch {
			case l == "":
			case hashLine.MatchString(l):
				commits = append(commits, l)
			default:
				fields := strings.Split(l, "\t")
				paths = append(paths, fields[len(fields)-1])
				if strings.HasPrefix(fields[0], "C") || fields[0] == "A" {
					break scan
				}
			}
		}
		slices.Reverse(commits)
		slices.Reverse(paths)
		if len(commits) != len(paths) {
			t.Fatalf("%s: git log listed %d commits and %d paths", rel, len(commits), len(paths))
		}
		var want []string // "status hash", newest first
		prev := "\x00"
		for i, c := range commits {
			status := ""
			if m := statusLine.FindStringSubmatch(git("show", c+":"+paths[i])); m != nil {
				status = m[1]
			}
			if status != prev {
				want = append([]string{status + " " + c}, want...)
				prev = status
			}
		}
		var got []string
		for _, m := range entry.FindAllStringSubmatch(string(page), -1) {
			got = append(got, m[1]+" "+m[2])
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: status history\n got %q\nwant %q (from git log --follow and git show)", rel, got, want)
		}
		count := "1 commit changed this file"
		if len(commits) != 1 {
			count = strconv.Itoa(len(commits)) + " commits changed this file"
		}
		if !strings.Contains(string(page), count) {
			t.Errorf("%s: the page does not say %q", rel, count)
		}
		if first := paths[0]; first != rel {
			renamed++
			if !strings.Contains(string(page), "earlier named <code>"+first+"</code>") {
				t.Errorf("%s: the page does not name its earlier path %s", rel, first)
			}
		}
	}
	if renamed == 0 {
		t.Error("no plan was renamed; the test checks no rename")
	}
}
