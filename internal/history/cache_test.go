package history

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestCachedReadMatchesPlain reads a repository through the cache after
// each kind of move of HEAD and compares it with a read that ignores the
// cache: new commits (only those are logged), nothing new (nothing is
// logged), HEAD moved off the cached commit's line (a full read), and a
// damaged cache file (a full read that rewrites it).
func TestCachedReadMatchesPlain(t *testing.T) {
	r := newRepo(t)
	ctx := context.Background()
	r.write("content/plans/a.md", planText("draft"))
	r.write("content/plans/b.md", planText("draft"))
	r.commit("Ann", "add a and b")
	r.write("content/plans/a.md", planText("in-review"))
	r.commit("Bob", "a: review")
	cacheFile := filepath.Join(r.dir, ".git", cacheName)

	check := func(step string, wantLogged int) {
		t.Helper()
		plain, _, err := read(ctx, r.dir, false)
		if err != nil {
			t.Fatalf("%s: plain read: %v", step, err)
		}
		cached, logged, err := read(ctx, r.dir, true)
		if err != nil {
			t.Fatalf("%s: cached read: %v", step, err)
		}
		if !reflect.DeepEqual(cached, plain) {
			t.Errorf("%s: the cached read differs from the plain one:\n got %#v\nwant %#v", step, cached.Files, plain.Files)
		}
		if wantLogged >= 0 && logged != wantLogged {
			t.Errorf("%s: git log listed %d changes, want %d", step, logged, wantLogged)
		}
		if _, err := os.Stat(cacheFile); err != nil {
			t.Errorf("%s: no cache file after the read: %v", step, err)
		}
	}
	check("first read", 3)
	check("nothing new", 0)

	r.write("content/plans/a.md", planText("approved"))
	r.commit("Cy", "a: approve")
	r.git("mv", "content/plans/b.md", "content/plans/c.md")
	r.commit("Dee", "rename b to c")
	check("two new commits", 2)

	// A new branch from before the cached HEAD: its commits are not all
	// in the cache's line, so everything is read again.
	r.git("checkout", "-q", "-b", "other", "HEAD~2")
	r.write("content/plans/b.md", planText("cancelled"))
	r.commit("Eve", "b: cancel")
	check("HEAD off the cached line", 4) // a and b added, a reviewed, b cancelled

	if err := os.WriteFile(cacheFile, []byte("not gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("damaged cache", 4)
	check("rewritten cache", 0)

	// A source in a subdirectory has paths of its own: the cache of the
	// top directory is not used for it.
	r.write("site/content/plans/d.md", planText("draft"))
	r.commit("Fay", "add site/d")
	sub := filepath.Join(r.dir, "site")
	plain, _, err := read(ctx, sub, false)
	if err != nil {
		t.Fatal(err)
	}
	cached, logged, err := read(ctx, sub, true)
	if err != nil || !reflect.DeepEqual(cached, plain) || logged != 1 {
		t.Errorf("subdirectory: logged %d (want 1), err %v, equal %v", logged, err, reflect.DeepEqual(cached, plain))
	}
}

// TestReadWithUnwritableCache: a git directory the build cannot write to
// still gives the whole history.
func TestReadWithUnwritableCache(t *testing.T) {
	r := newRepo(t)
	r.write("content/plans/a.md", planText("draft"))
	r.commit("Ann", "add a")
	// A file where the cache's directory would go: the cache cannot be
	// written (works as root too, unlike a read-only directory).
	if err := os.WriteFile(filepath.Join(r.dir, ".git", "rolloutdocs"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	h := Read(context.Background(), r.dir)
	if h.Note != "" || h.For("content/plans/a.md") == nil {
		t.Errorf("history with an unwritable cache: note %q, files %v", h.Note, h.Files)
	}
}
