package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// These tests drive the real file system: each step does what an editor,
// a shell or git would do, then asserts the batch the watcher reports.

const (
	// quietTest is the watcher's quiet period in these tests: longer than
	// the default so that a loaded machine, pausing between the syscalls of
	// one step, does not split the step into two batches.
	quietTest = 100 * time.Millisecond
	// batchTimeout is how long a step waits for its batch: generous, so a
	// loaded CI machine does not fail the test; it only bounds a failure.
	batchTimeout = 5 * time.Second
	// settle is how long a step waits to be sure no further batch comes.
	settle = 400 * time.Millisecond
)

type step struct {
	name string
	do   func(t *testing.T, root, outside string)
	// want are the batch's paths relative to root, slash-separated;
	// nil means "no batch at all".
	want []string
}

func TestWatcherBatches(t *testing.T) {
	cases := []struct {
		name  string
		files []string // created before the watcher starts
		steps []step
	}{
		{
			name:  "write an existing file",
			files: []string{"plans/a.md", "plans/b.md"},
			steps: []step{{do: func(t *testing.T, root, _ string) { write(t, root, "plans/a.md", "edited") }, want: []string{"plans/a.md"}}},
		},
		{
			name:  "create a file",
			files: []string{"plans/a.md"},
			steps: []step{{do: func(t *testing.T, root, _ string) { write(t, root, "plans/new.md", "x") }, want: []string{"plans/new.md"}}},
		},
		{
			name:  "delete a file",
			files: []string{"plans/a.md", "plans/b.md"},
			steps: []step{{do: func(t *testing.T, root, _ string) { remove(t, root, "plans/b.md") }, want: []string{"plans/b.md"}}},
		},
		{
			name:  "atomic save: temp file renamed over the original",
			files: []string{"plans/a.md"},
			steps: []step{{do: func(t *testing.T, root, _ string) {
				write(t, root, "plans/.a.md.3f2a", "new")
				rename(t, root, "plans/.a.md.3f2a", "plans/a.md")
			}, want: []string{"plans/a.md"}}},
		},
		{
			name:  "vim: probe file, swap file, backup-rename",
			files: []string{"plans/a.md"},
			steps: []step{{do: func(t *testing.T, root, _ string) {
				write(t, root, "plans/.a.md.swp", "swap")
				write(t, root, "plans/4913", "")
				remove(t, root, "plans/4913")
				rename(t, root, "plans/a.md", "plans/a.md~")
				write(t, root, "plans/a.md", "new")
				remove(t, root, "plans/a.md~")
				remove(t, root, "plans/.a.md.swp")
			}, want: []string{"plans/a.md"}}},
		},
		{
			name:  "JetBrains safe write",
			files: []string{"plans/a.md"},
			steps: []step{{do: func(t *testing.T, root, _ string) {
				write(t, root, "plans/a.md___jb_tmp___", "new")
				rename(t, root, "plans/a.md", "plans/a.md___jb_old___")
				rename(t, root, "plans/a.md___jb_tmp___", "plans/a.md")
				remove(t, root, "plans/a.md___jb_old___")
			}, want: []string{"plans/a.md"}}},
		},
		{
			name:  "emacs: lock link and auto-save file",
			files: []string{"plans/a.md"},
			steps: []step{{do: func(t *testing.T, root, _ string) {
				if err := os.Symlink("user@host.123", filepath.Join(root, "plans/.#a.md")); err != nil {
					t.Fatal(err)
				}
				write(t, root, "plans/#a.md#", "autosave")
				write(t, root, "plans/a.md", "new")
				remove(t, root, "plans/#a.md#")
				remove(t, root, "plans/.#a.md")
			}, want: []string{"plans/a.md"}}},
		},
		{
			name:  "sed -i",
			files: []string{"plans/a.md"},
			steps: []step{{do: func(t *testing.T, root, _ string) {
				write(t, root, "plans/sedX1b2Q9", "new")
				rename(t, root, "plans/sedX1b2Q9", "plans/a.md")
			}, want: []string{"plans/a.md"}}},
		},
		{
			name:  "hidden directories, swap files and chmod are ignored",
			files: []string{"plans/a.md", ".git/HEAD"},
			steps: []step{{do: func(t *testing.T, root, _ string) {
				write(t, root, ".git/HEAD", "ref: refs/heads/other")
				write(t, root, "plans/notes.md.tmp", "x")
				if err := os.Chmod(filepath.Join(root, "plans/a.md"), 0o600); err != nil {
					t.Fatal(err)
				}
				mkdirs(t, root, ".cache/deep")
				write(t, root, ".cache/deep/x.md", "x")
			}, want: nil}},
		},
		{
			name:  "nested directories created with files, then watched",
			files: []string{"plans/a.md"},
			steps: []step{
				{name: "mkdir -p and write", do: func(t *testing.T, root, _ string) {
					mkdirs(t, root, "teams/web/2026")
					write(t, root, "teams/web/2026/q1.md", "x")
					write(t, root, "teams/web/lead.md", "x")
				}, want: []string{"teams/web/2026/q1.md", "teams/web/lead.md"}},
				{name: "the new deepest directory is watched", do: func(t *testing.T, root, _ string) {
					write(t, root, "teams/web/2026/q1.md", "edited")
				}, want: []string{"teams/web/2026/q1.md"}},
				{name: "a directory created in the new one is watched", do: func(t *testing.T, root, _ string) {
					mkdirs(t, root, "teams/web/2026/h2")
					write(t, root, "teams/web/2026/h2/q3.md", "x")
				}, want: []string{"teams/web/2026/h2/q3.md"}},
				{name: "and its files are watched too", do: func(t *testing.T, root, _ string) {
					write(t, root, "teams/web/2026/h2/q3.md", "edited")
				}, want: []string{"teams/web/2026/h2/q3.md"}},
			},
		},
		{
			name:  "remove a directory tree",
			files: []string{"plans/a.md", "old/x.md", "old/deep/y.md"},
			steps: []step{
				{do: func(t *testing.T, root, _ string) {
					if err := os.RemoveAll(filepath.Join(root, "old")); err != nil {
						t.Fatal(err)
					}
				}, want: []string{"old/deep/y.md", "old/x.md"}},
				{name: "recreated under the same name", do: func(t *testing.T, root, _ string) {
					mkdirs(t, root, "old/deep")
					write(t, root, "old/deep/z.md", "x")
				}, want: []string{"old/deep/z.md"}},
				{name: "and watched again", do: func(t *testing.T, root, _ string) {
					write(t, root, "old/deep/z.md", "edited")
				}, want: []string{"old/deep/z.md"}},
			},
		},
		{
			name:  "rename a directory inside the tree",
			files: []string{"plans/a.md", "drafts/x.md", "drafts/deep/y.md"},
			steps: []step{
				{do: func(t *testing.T, root, _ string) { rename(t, root, "drafts", "plans/ready") },
					want: []string{"drafts/deep/y.md", "drafts/x.md", "plans/ready/deep/y.md", "plans/ready/x.md"}},
				{name: "events below it carry the new name", do: func(t *testing.T, root, _ string) {
					write(t, root, "plans/ready/deep/y.md", "edited")
				}, want: []string{"plans/ready/deep/y.md"}},
				{name: "a file created at the old name", do: func(t *testing.T, root, _ string) {
					mkdirs(t, root, "drafts")
					write(t, root, "drafts/z.md", "x")
				}, want: []string{"drafts/z.md"}},
			},
		},
		{
			name:  "rename a directory out of the tree and back in",
			files: []string{"plans/a.md", "plans/archive/x.md"},
			steps: []step{
				{do: func(t *testing.T, root, outside string) {
					if err := os.Rename(filepath.Join(root, "plans/archive"), filepath.Join(outside, "archive")); err != nil {
						t.Fatal(err)
					}
				}, want: []string{"plans/archive/x.md"}},
				{name: "writes outside are not reported", do: func(t *testing.T, _, outside string) {
					write(t, outside, "archive/x.md", "edited")
				}, want: nil},
				{name: "moved back in", do: func(t *testing.T, root, outside string) {
					if err := os.Rename(filepath.Join(outside, "archive"), filepath.Join(root, "archive")); err != nil {
						t.Fatal(err)
					}
				}, want: []string{"archive/x.md"}},
				{name: "and watched", do: func(t *testing.T, root, _ string) {
					write(t, root, "archive/x.md", "again")
				}, want: []string{"archive/x.md"}},
			},
		},
		{
			name:  "a burst of writes is one batch",
			files: []string{"plans/a.md"},
			steps: []step{{do: func(t *testing.T, root, _ string) {
				for i := range 30 {
					write(t, root, fmt.Sprintf("plans/p%02d.md", i), "x")
				}
				write(t, root, "plans/a.md", "edited")
			}, want: append(names("plans/p%02d.md", 30), "plans/a.md")}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root, outside := t.TempDir(), t.TempDir()
			for _, f := range tc.files {
				write(t, root, f, "initial")
			}
			// LandedQuiet as long as Quiet: these cases test what is
			// coalesced, TestLandedQuiet when a burst is reported.
			w, err := New([]string{root}, Options{Quiet: quietTest, LandedQuiet: quietTest})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { w.Close() })
			for i, s := range tc.steps {
				label := s.name
				if label == "" {
					label = fmt.Sprintf("step %d", i+1)
				}
				s.do(t, root, outside)
				got := collect(t, w, root, s.want != nil)
				want := slices.Sorted(slices.Values(s.want))
				if !slices.Equal(got, want) {
					t.Fatalf("%s: batch = %q, want %q", label, got, want)
				}
			}
		})
	}
}

// TestLandedQuiet checks which bursts are reported after the short
// LandedQuiet: only those made of whole files renamed into place. Quiet is
// an hour, so a burst that waits for it produces no batch within the
// test's patience, and one that does not arrives at once.
func TestLandedQuiet(t *testing.T) {
	cases := []struct {
		name string
		do   func(t *testing.T, root string)
		fast bool
	}{
		{"atomic save: temp file renamed over a plan", func(t *testing.T, root string) {
			write(t, root, "plans/.a.md.3f2a", "new")
			rename(t, root, "plans/.a.md.3f2a", "plans/a.md")
		}, true},
		{"new plan renamed into place", func(t *testing.T, root string) {
			write(t, root, "plans/.new.md.tmp", "new")
			rename(t, root, "plans/.new.md.tmp", "plans/new.md")
		}, true},
		{"two plans renamed into place", func(t *testing.T, root string) {
			write(t, root, "plans/.a.md.1", "new")
			write(t, root, "plans/.b.md.1", "new")
			rename(t, root, "plans/.a.md.1", "plans/a.md")
			rename(t, root, "plans/.b.md.1", "plans/b.md")
		}, true},
		{"write in place", func(t *testing.T, root string) {
			write(t, root, "plans/a.md", "edited")
		}, false},
		{"rename landing, then a write", func(t *testing.T, root string) {
			write(t, root, "plans/.a.md.3f2a", "new")
			rename(t, root, "plans/.a.md.3f2a", "plans/a.md")
			write(t, root, "plans/b.md", "edited")
		}, false},
		{"remove", func(t *testing.T, root string) { remove(t, root, "plans/b.md") }, false},
		{"rename away", func(t *testing.T, root string) { rename(t, root, "plans/a.md", "plans/c.md") }, false},
		{"empty file renamed into place", func(t *testing.T, root string) {
			write(t, root, "plans/.a.md.3f2a", "")
			rename(t, root, "plans/.a.md.3f2a", "plans/a.md")
		}, false},
		{"directory created", func(t *testing.T, root string) { mkdirs(t, root, "plans/q3") }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, root, "plans/a.md", "initial")
			write(t, root, "plans/b.md", "initial")
			w, err := New([]string{root}, Options{Quiet: time.Hour, MaxDelay: time.Hour, LandedQuiet: 100 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { w.Close() })
			tc.do(t, root)
			select {
			case b := <-w.Batches():
				if !tc.fast {
					t.Fatalf("batch %q reported after LandedQuiet; want it held for Quiet", rel(t, root, b))
				}
			case err := <-w.Errors():
				t.Fatalf("watch error: %v", err)
			case <-time.After(settle + 600*time.Millisecond):
				if tc.fast {
					t.Fatalf("no batch within %v: the burst waited for Quiet", settle+600*time.Millisecond)
				}
			}
		})
	}
}

// collect returns the next batch's paths relative to root, and fails if a
// second batch follows within settle (the burst was not coalesced). When no
// batch is expected it waits settle and returns nil.
func collect(t *testing.T, w *Watcher, root string, expect bool) []string {
	t.Helper()
	var got []string
	if expect {
		select {
		case b := <-w.Batches():
			got = rel(t, root, b)
		case err := <-w.Errors():
			t.Fatalf("watch error: %v", err)
		case <-time.After(batchTimeout):
			t.Fatalf("no batch within %v", batchTimeout)
		}
	}
	select {
	case b := <-w.Batches():
		t.Fatalf("unexpected batch %q (after %q)", rel(t, root, b), got)
	case err := <-w.Errors():
		t.Fatalf("watch error: %v", err)
	case <-time.After(settle):
	}
	return got
}

func TestWatcherMergesBatchesWhileConsumerIsBusy(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a.md", "x")
	w, err := New([]string{root}, Options{Quiet: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// Two bursts well apart, as if the consumer were rebuilding meanwhile:
	// each is flushed as a batch nobody takes, so they merge.
	write(t, root, "a.md", "one")
	time.Sleep(300 * time.Millisecond)
	write(t, root, "b.md", "two")
	time.Sleep(300 * time.Millisecond)
	got := collect(t, w, root, true)
	if want := []string{"a.md", "b.md"}; !slices.Equal(got, want) {
		t.Fatalf("merged batch = %q, want %q", got, want)
	}
}

func TestWatcherMultipleRootsAndSkip(t *testing.T) {
	content, layouts := t.TempDir(), t.TempDir()
	write(t, content, "a.md", "x")
	write(t, layouts, "page.html", "x")
	skipped := filepath.Join(content, "public")
	w, err := New([]string{content, layouts}, Options{Quiet: quietTest, Skip: func(path string, isDir bool) bool {
		return path == skipped
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	write(t, layouts, "page.html", "edited")
	mkdirs(t, content, "public")
	write(t, content, "public/index.html", "output")
	write(t, content, "a.md", "edited")
	var got []string
	select {
	case b := <-w.Batches():
		got = b.Paths
	case <-time.After(batchTimeout):
		t.Fatal("no batch")
	}
	want := []string{filepath.Join(content, "a.md"), filepath.Join(layouts, "page.html")}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("batch = %q, want %q", got, want)
	}
}

func TestNewRejectsMissingRoot(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f.md")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{filepath.Join(t.TempDir(), "missing"), file} {
		if w, err := New([]string{root}, Options{}); err == nil {
			w.Close()
			t.Errorf("New(%q) succeeded, want an error", root)
		} else if !strings.Contains(err.Error(), root) {
			t.Errorf("New(%q) error %q does not name the root", root, err)
		}
	}
}

func TestCloseEndsBatches(t *testing.T) {
	w, err := New([]string{t.TempDir()}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-w.Batches(); ok {
		t.Fatal("Batches still open after Close")
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestIgnored(t *testing.T) {
	cases := map[string]bool{
		"plan.md":                false,
		"style.css":              false,
		"page.html":              false,
		"v2-plan.md":             false,
		"sedan.md":               false,
		"2026.md":                false,
		"4913":                   true,
		"5036":                   true,
		"5159":                   true,
		"2026":                   false,
		"4914":                   false,
		"+4913":                  false,
		".plan.md.swp":           true,
		"plan.md.swp":            true,
		"plan.md~":               true,
		"#plan.md#":              true,
		".#plan.md":              true,
		"plan.md___jb_tmp___":    true,
		"plan.md___jb_old___":    true,
		".git":                   true,
		".DS_Store":              true,
		"plan.md.tmp":            true,
		"sedAb12Cd":              true,
		".goutputstream-XYZ123":  true,
		"plan.md.kate-swp":       true,
		"#":                      false,
		"notes.MD":               false,
		"plan.md.crswap":         true,
		"archive.md.bak":         true,
		"plans":                  false,
		"layouts":                false,
		"sed":                    false,
		"sedAb12C":               false,
		"roadmap.md.part":        true,
		"..":                     false,
		"":                       false,
		"plan-with-hash#.md":     false,
		"plan___jb_tmp___.md":    true,
		"another.plan.md.swo":    true,
		"another.plan.md.backup": false,
	}
	for name, want := range cases {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mkdirs(t *testing.T, root, rel string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(rel)), 0o755); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, root, rel string) {
	t.Helper()
	if err := os.Remove(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, root, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(root, filepath.FromSlash(from)), filepath.Join(root, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
}

func rel(t *testing.T, root string, b Batch) []string {
	t.Helper()
	out := make([]string, 0, len(b.Paths))
	for _, p := range b.Paths {
		r, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

func names(format string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(format, i)
	}
	return out
}
