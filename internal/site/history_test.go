package site

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// gitRepo runs git in dir with a fixed identity and a date per commit.
func gitRun(t *testing.T, dir string, day int, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	date := fmt.Sprintf("2026-03-%02dT09:30:00+02:00", day)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestBuildShowsHistoryFromGit builds a repository with status changes,
// a rename and a plan without start, and holds each plan page's history to
// what git log says.
func TestBuildShowsHistoryFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		testtool.Missing(t, "git is not installed: apt-get install git")
		return
	}
	src := examplePortfolio(t)
	dm := filepath.Join(src, "content", "plans", "dark-mode.md")
	orig, err := os.ReadFile(dm)
	if err != nil {
		t.Fatal(err)
	}
	withStatus := func(s string) string {
		return strings.Replace(string(orig), "status: launched", "status: "+s, 1)
	}
	gitRun(t, src, 1, "init", "-q", "-b", "main")
	writeFile(t, dm, withStatus("draft"))
	gitRun(t, src, 1, "add", "-A")
	commit := func(day int, who, msg string) {
		gitRun(t, src, day, "-c", "user.name="+who, "-c", "user.email=x@example.com", "commit", "-q", "-am", msg)
	}
	commit(1, "Ann Lee", "Add the portfolio")
	writeFile(t, dm, withStatus("in-review"))
	commit(3, "Ann Lee", "Dark mode: ready for review")
	gitRun(t, src, 4, "mv", "content/plans/dark-mode.md", "content/plans/dark-theme.md")
	commit(4, "Bo Chan", "Rename dark mode to dark theme")
	dt := filepath.Join(src, "content", "plans", "dark-theme.md")
	writeFile(t, dt, withStatus("approved"))
	commit(5, "Cy & Dee", "Approve dark theme & ship")
	// Uncommitted: the file says launched, git says approved.
	writeFile(t, dt, withStatus("launched"))

	_, res := build(t, Config{Source: src, GitHistory: true, RepoURL: "https://git.example/org/plans/blob/main/"})
	page := string(res.Files["plans/dark-theme/index.html"])
	if page == "" {
		t.Fatal("no page for dark-theme")
	}
	head := gitRun(t, src, 5, "log", "-1", "--format=%H", "--", "content/plans/dark-theme.md")
	if !strings.Contains(page, `href="https://git.example/org/plans/commit/`+head+`"`) {
		t.Errorf("the last change does not link to %s", head)
	}
	hashes := strings.Fields(gitRun(t, src, 5, "log", "--follow", "--format=%H", "--", "content/plans/dark-theme.md"))
	if want := fmt.Sprintf("%d commits changed this file, earlier named <code>content/plans/dark-mode.md</code>", len(hashes)); !strings.Contains(page, want) {
		t.Errorf("page lacks %q", want)
	}
	re := regexp.MustCompile(`<li(?: class="current")?><span class="badge status status-([a-z-]+)">[^<]*</span>\s*since <time datetime="([^"]+)">[^<]*</time>, by ([^<]*) in <a href="[^"]*commit/([0-9a-f]+)">`)
	var got []string
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		got = append(got, m[1]+" "+m[2]+" "+m[3]+" "+m[4])
	}
	want := []string{
		"approved 2026-03-05T09:30:00&#43;02:00 Cy &amp; Dee " + hashes[0],
		"in-review 2026-03-03T09:30:00&#43;02:00 Ann Lee " + hashes[2],
		"draft 2026-03-01T09:30:00&#43;02:00 Ann Lee " + hashes[3],
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("status history:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(page, "is not committed yet") {
		t.Error("the uncommitted status is not pointed out")
	}
	home := string(res.Files["index.html"])
	if !strings.Contains(home, `data-sort-key="changed"`) || !strings.Contains(home, `data-sort-value="2026-03-05T07:30:00Z"`) {
		t.Error("the index has no last-change column sorted in UTC")
	}

	// Without history the same source builds as before.
	_, plain := build(t, Config{Source: src})
	if strings.Contains(string(plain.Files["plans/dark-theme/index.html"]), "plan-history") || strings.Contains(string(plain.Files["index.html"]), `data-sort-key="changed"`) {
		t.Error("history shown with GitHistory off")
	}
	// Two builds of one commit are the same bytes.
	_, again := build(t, Config{Source: src, GitHistory: true, RepoURL: "https://git.example/org/plans/blob/main/"})
	for name, data := range res.Files {
		if string(again.Files[name]) != string(data) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestRefreshHistory commits under a built site: RefreshHistory renders
// again the committed plan's pages and the pages listing changes, not the
// others; with HEAD unmoved it changes nothing; the first commit of a new
// repository brings history to every plan.
func TestRefreshHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		testtool.Missing(t, "git is not installed: apt-get install git")
		return
	}
	src := examplePortfolio(t)
	gitRun(t, src, 1, "init", "-q", "-b", "main")
	commit := func(day int, msg string) {
		gitRun(t, src, day, "add", "-A")
		gitRun(t, src, day, "-c", "user.name=Ann Lee", "-c", "user.email=ann@example.com", "commit", "-q", "-m", msg)
	}
	b, first := build(t, Config{Source: src, GitHistory: true})
	if strings.Contains(string(first.Files["plans/dark-mode/index.html"]), "plan-history") {
		t.Fatal("history shown before the first commit")
	}

	commit(1, "Add the portfolio")
	res, err := b.RefreshHistory()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"plans/dark-mode/index.html", "plans/saml-sso/index.html"} {
		if !strings.Contains(string(res.Files[p]), "Add the portfolio") {
			t.Errorf("after the first commit %s shows no history", p)
		}
	}

	dm := filepath.Join(src, "content", "plans", "dark-mode.md")
	orig, err := os.ReadFile(dm)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dm, strings.Replace(string(orig), "status: launched", "status: in-progress", 1))
	if _, err := b.Rebuild([]string{dm}); err != nil {
		t.Fatal(err)
	}
	commit(2, "Reopen dark mode")
	res, err = b.RefreshHistory()
	if err != nil {
		t.Fatal(err)
	}
	changed := map[string]bool{}
	for _, c := range res.Changed {
		changed[c] = true
	}
	for _, p := range []string{"plans/dark-mode/index.html", "feed.xml"} {
		if !changed[p] {
			t.Errorf("after the commit %s is not among the changed files %q", p, res.Changed)
		}
	}
	if changed["plans/saml-sso/index.html"] {
		t.Error("a plan the commit did not touch was rendered again")
	}
	if page := string(res.Files["plans/dark-mode/index.html"]); !strings.Contains(page, "Reopen dark mode") {
		t.Error("the plan page does not show the new commit")
	}

	res, err = b.RefreshHistory()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changed) > 0 {
		t.Errorf("HEAD did not move, yet %q changed", res.Changed)
	}
}
