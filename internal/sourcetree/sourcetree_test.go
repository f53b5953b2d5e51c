package sourcetree

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// layout makes a source tree with every kind of link in it and a secret
// outside it.
func layout(t *testing.T) (root, secret string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "site")
	secret = filepath.Join(base, "secret")
	for _, d := range []string{"content/plans/deep", "shared", "../secret/dir"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, text string) {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "content/plans/a.md"), "a")
	write(filepath.Join(root, "shared/s.md"), "shared")
	write(filepath.Join(secret, "passwd"), "root:x:0:0")
	write(filepath.Join(secret, "dir/leak.md"), "leak")
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	link(filepath.Join(secret, "passwd"), "content/plans/x.md")     // file out, absolute
	link("../../../../secret/passwd", "content/plans/deep/y.md")    // file out, relative, deeper
	link(filepath.Join(secret, "dir"), "content/plans/outdir")      // directory out
	link("../../shared/s.md", "content/plans/in.md")                // file in
	link("../../shared", "content/plans/indir")                     // directory in
	link("..", "content/plans/deep/up")                             // loop: a directory holding it
	link("self", "content/plans/self")                              // loop: itself
	link(filepath.Join(root, "nowhere"), "content/plans/dangle.md") // dangling, inside
	return root, secret
}

func walk(t *testing.T, tree *Tree, dir string) (files []string, refused []*Refusal) {
	t.Helper()
	err := tree.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	}, func(r *Refusal) { refused = append(refused, r) })
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files, refused
}

func TestWalkRefusesLinksOut(t *testing.T) {
	root, _ := layout(t)
	files, refused := walk(t, New(false, root), filepath.Join(root, "content"))
	want := []string{"plans/a.md", "plans/dangle.md", "plans/in.md", "plans/indir/s.md"}
	if !slices.Equal(files, want) {
		t.Errorf("files = %v, want %v", files, want)
	}
	got := map[string]*Refusal{}
	for _, r := range refused {
		rel, _ := filepath.Rel(root, r.Path)
		got[filepath.ToSlash(rel)] = r
	}
	for name, loop := range map[string]bool{
		"content/plans/x.md": false, "content/plans/deep/y.md": false, "content/plans/outdir": false,
		"content/plans/deep/up": true, "content/plans/self": true,
	} {
		r := got[name]
		if r == nil {
			t.Errorf("%s not refused (refused: %v)", name, refused)
			continue
		}
		if r.Loop != loop {
			t.Errorf("%s: Loop = %v, want %v", name, r.Loop, loop)
		}
		if !loop && !strings.Contains(r.Target, "secret") {
			t.Errorf("%s: target %q, want the link to the secret", name, r.Target)
		}
		if !strings.Contains(r.Error(), r.Target) {
			t.Errorf("%s: message %q does not name the target", name, r.Error())
		}
	}
	if len(refused) != 5 {
		t.Errorf("%d refusals, want 5: %v", len(refused), refused)
	}
}

func TestFollowReadsLinksOut(t *testing.T) {
	root, _ := layout(t)
	files, refused := walk(t, New(true, root), filepath.Join(root, "content"))
	for _, f := range []string{"plans/x.md", "plans/deep/y.md", "plans/outdir/leak.md", "plans/in.md"} {
		if !slices.Contains(files, f) {
			t.Errorf("with follow, %s not walked: %v", f, files)
		}
	}
	for _, r := range refused {
		if !r.Loop {
			t.Errorf("with follow, %s refused: %v", r.Path, r)
		}
	}
	if len(refused) != 2 {
		t.Errorf("with follow, %d refusals, want the 2 loops: %v", len(refused), refused)
	}
}

func TestReadFile(t *testing.T) {
	root, _ := layout(t)
	tree := New(false, root)
	if _, err := tree.ReadFile(filepath.Join(root, "content/plans/x.md")); !errors.As(err, new(*Refusal)) {
		t.Errorf("read of a link out: err %v, want a Refusal", err)
	}
	if _, err := tree.ReadFile(filepath.Join(root, "content/plans/outdir/leak.md")); !errors.As(err, new(*Refusal)) {
		t.Errorf("read under a directory link out: err %v, want a Refusal", err)
	}
	if b, err := tree.ReadFile(filepath.Join(root, "content/plans/in.md")); err != nil || string(b) != "shared" {
		t.Errorf("read of a link in: %q, %v", b, err)
	}
	if _, err := tree.Open(filepath.Join(root, "content/plans/self")); !errors.As(err, new(*Refusal)) {
		t.Errorf("open of a loop: err %v, want a Refusal", err)
	}
	if b, err := New(true, root).ReadFile(filepath.Join(root, "content/plans/x.md")); err != nil || string(b) != "root:x:0:0" {
		t.Errorf("with follow: %q, %v", b, err)
	}
}
