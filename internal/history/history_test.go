package history

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repo is a throwaway git repository a test commits to.
type repo struct {
	t   *testing.T
	dir string
	n   int // commits so far, for their dates
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed")
		}
		t.Skip("git is not installed")
	}
	r := &repo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir}, args...)...)
	date := fmt.Sprintf("2026-03-%02dT10:00:00+01:00", r.n+1)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *repo) write(rel, content string) {
	r.t.Helper()
	p := filepath.Join(r.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// commit commits everything as author and returns the commit's hash.
func (r *repo) commit(author, subject string) string {
	r.t.Helper()
	r.git("add", "-A")
	r.git("-c", "user.name="+author, "-c", "user.email="+strings.ToLower(author)+"@example.com", "commit", "-q", "-m", subject)
	r.n++
	return r.git("rev-parse", "HEAD")
}

func planText(status string) string {
	return "---\ntitle: Plan\nstatus: " + status + "\nowner: x\n---\n# Plan\n"
}

func statuses(f *File) string {
	var parts []string
	for _, s := range f.Statuses {
		parts = append(parts, s.Status+"@"+s.Commit.Subject)
	}
	return strings.Join(parts, " → ")
}

func TestReadFollowsStatusesAndRenames(t *testing.T) {
	r := newRepo(t)
	r.write("content/plans/a.md", planText("draft"))
	r.write("content/plans/gone.md", planText("draft"))
	r.write("README.md", "not a plan")
	r.commit("Ann", "add a")
	r.write("content/plans/a.md", planText("draft")+"more\n")
	r.commit("Bob", "edit a, no status change")
	r.write("content/plans/a.md", planText(`"in-review"`)+"more\n")
	r.commit("Bob", "a: review")
	r.git("mv", "content/plans/a.md", "content/plans/b.md")
	r.commit("Cy", "rename a to b")
	r.write("content/plans/b.md", planText("approved # signed off")+"more\n")
	r.git("rm", "-q", "content/plans/gone.md")
	last := r.commit("Dee", "b: approve; drop gone")
	// A new file where the renamed one was: its history is its own.
	r.write("content/plans/a.md", planText("draft"))
	r.commit("Eve", "a new a")

	h := Read(context.Background(), r.dir)
	if h.Note != "" {
		t.Fatalf("Note = %q", h.Note)
	}
	b := h.For("content/plans/b.md")
	if b == nil {
		t.Fatalf("no history for b.md; have %v", h.Files)
	}
	if got, want := statuses(b), "draft@add a → in-review@a: review → approved@b: approve; drop gone"; got != want {
		t.Errorf("b statuses:\n got %s\nwant %s", got, want)
	}
	if b.Last().Hash != last || b.Last().Author != "Dee" {
		t.Errorf("b last = %+v, want %s by Dee", b.Last(), last)
	}
	if len(b.Commits) != 5 {
		t.Errorf("b has %d commits, want 5", len(b.Commits))
	}
	if got := strings.Join(b.RenamedFrom, ","); got != "content/plans/a.md" {
		t.Errorf("RenamedFrom = %q", got)
	}
	if got := b.Statuses[0].Commit.Time.Format("2006-01-02 -07:00"); got != "2026-03-01 +01:00" {
		t.Errorf("first status date = %s", got)
	}
	a := h.For("content/plans/a.md")
	if a == nil || statuses(a) != "draft@a new a" || len(a.Commits) != 1 {
		t.Errorf("new a.md history = %+v", a)
	}
	if h.For("content/plans/gone.md") != nil || h.For("README.md") != nil {
		t.Errorf("deleted file or non-plan has history: %v", h.Files)
	}
}

func TestReadWithoutHistory(t *testing.T) {
	r := newRepo(t)
	empty := Read(context.Background(), r.dir)
	if !strings.Contains(empty.Note, "no commits") || len(empty.Files) != 0 {
		t.Errorf("empty repo: %+v", empty)
	}
	r.write("content/plans/a.md", planText("draft"))
	r.commit("Ann", "one")
	r.write("content/plans/a.md", planText("approved"))
	r.commit("Ann", "two")
	shallow := filepath.Join(t.TempDir(), "shallow")
	r.git("clone", "-q", "--depth=1", "file://"+r.dir, shallow)
	if h := Read(context.Background(), shallow); !strings.Contains(h.Note, "shallow") || len(h.Files) != 0 {
		t.Errorf("shallow clone: %+v", h)
	}
	if h := Read(context.Background(), t.TempDir()); !strings.Contains(h.Note, "not in a git repository") {
		t.Errorf("plain directory: %+v", h)
	}
	t.Setenv("PATH", t.TempDir())
	if h := Read(context.Background(), r.dir); !strings.Contains(h.Note, "git is not installed") {
		t.Errorf("no git: %+v", h)
	}
}

func TestFrontStatus(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"---\nstatus: draft\n---\n", "draft"},
		{"\ufeff---\r\ntitle: x\r\nstatus:   'in-review'  \r\n---\r\n", "in-review"},
		{"---\nstatus: \"approved\" # ok\n---\n", "approved"},
		{"---\nstatus: launched # done\n", "launched"},
		{"---\nstatuses: x\n  status: nested\n---\nstatus: body\n", ""},
		{"# no front matter\nstatus: draft\n", ""},
		{"", ""},
	} {
		if got := FrontStatus([]byte(tc.src)); got != tc.want {
			t.Errorf("FrontStatus(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
}
