package e2e

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
)

// gitLog runs git log in the source with format, one entry a line.
func gitLog(t *testing.T, src string, args ...string) []string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", src, "log"}, args...)...).Output()
	if err != nil {
		t.Fatalf("git log %s: %v", strings.Join(args, " "), err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// TestHistoryOnPlanPages opens the plan pages of the build with history
// (historyCommits) in a browser and holds what they show to git log: the
// status history newest first, each linked to its commit, the subject
// with markup shown as text, the rename, and a plan without start.
func TestHistoryOnPlanPages(t *testing.T) {
	b := browsertest.NewBrowser(t)
	s := buildWithInvalidDraft(t)
	srv := browsertest.Serve(t, s.Dir, subPath)
	p := b.Page(t)

	_, err := p.Open(srv.URL("plans/dark-mode/"))
	must(t, err)
	items, err := browsertest.Eval[[]string](p, `[...document.querySelectorAll("ol.status-history li")].map(li =>
		li.querySelector(".status").textContent.trim() + " | " + li.querySelector("a").getAttribute("href") + " | " + li.querySelector(".subject").textContent)`)
	must(t, err)
	// Every commit changed dark-mode but the rename; each set a status.
	log := gitLog(t, s.Source, "--follow", "--format=%H|%s", "--", "content/plans/dark-mode.md")
	if len(log) != 4 {
		t.Fatalf("git log lists %d commits of dark-mode.md, want 4: %q", len(log), log)
	}
	labels := []string{"Launched", "Approved", "In review", "Draft"}
	if len(items) != len(log) {
		t.Fatalf("status history has %d entries, git log %d:\n%q", len(items), len(log), items)
	}
	for i, entry := range log {
		hash, subject, _ := strings.Cut(entry, "|")
		want := labels[i] + " | https://git.example/org/plans/commit/" + hash + " | " + subject
		if !strings.EqualFold(items[i], want) {
			t.Errorf("status history entry %d:\n got %q\nwant %q", i+1, items[i], want)
		}
	}
	if !strings.Contains(strings.Join(items, "\n"), historySubject) {
		t.Errorf("the subject with markup is not shown as written: %q", items)
	}
	injected, err := browsertest.Eval[int](p, `document.querySelectorAll(".history b, .history script").length`)
	must(t, err)
	if injected != 0 {
		t.Errorf("the commit subject's markup became %d elements", injected)
	}

	_, err = p.Open(srv.URL("plans/payments-retry/"))
	must(t, err)
	text, err := p.Text(".history")
	must(t, err)
	if !strings.Contains(text, "2 commits changed this file, earlier named content/plans/draft-payments-retry.md") {
		t.Errorf("the renamed draft's history reads %q; want the rename", text)
	}

	_, err = p.Open(srv.URL("plans/postgres-16-migration/"))
	must(t, err)
	text, err = p.Text(".history")
	must(t, err)
	first := gitLog(t, s.Source, "--format=%s", "--", "content/plans/postgres-16-migration.md")
	if len(first) != 1 || !strings.Contains(text, first[0]) {
		t.Errorf("the plan without start shows %q; git log says %q", text, first)
	}
}
