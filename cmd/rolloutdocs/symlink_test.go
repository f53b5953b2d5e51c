package main

import (
	"bytes"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// secretText is what every file outside the source holds: it must appear
// in no output.
const secretText = "SECRET-OUTSIDE-THE-SOURCE"

// hostileSource is the example portfolio with a symlink out of the tree in
// every place the tool reads (a plan, a directory of plans, a static file
// and directory, a layout file and directory, the config file), a loop,
// and a plan linked from inside the tree.
func hostileSource(t *testing.T) (src string, escapes []string) {
	t.Helper()
	src = buildSource(t)
	outside := t.TempDir()
	write := func(dir, name, text string) {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plan := "---\ntitle: " + secretText + "\ncreated: 2026-01-01\nstatus: draft\nowner: A\nteam_size: 1\ntimeline: 1 week\nrisk_tolerance: low\n---\n\n## Overview\n\n" + secretText + "\n"
	write(outside, "secret.md", plan)
	write(outside, "secret.txt", secretText)
	write(outside, "footer.html", "<footer>"+secretText+"</footer>")
	write(outside, "cfg.yaml", "title: "+secretText+"\n")
	write(filepath.Join(outside, "dir"), "leak.md", plan)
	write(filepath.Join(outside, "dir"), "leak.css", secretText)
	inside, err := os.ReadFile(filepath.Join(src, "content", "plans", "dark-mode.md"))
	if err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(src, "shared"), "linked-plan.md", string(inside))
	os.MkdirAll(filepath.Join(src, "static"), 0o755)
	os.MkdirAll(filepath.Join(src, "layouts", "_partials", "rollout"), 0o755)
	links := map[string]string{
		"content/plans/x.md":                    filepath.Join(outside, "secret.md"),
		"content/plans/outdir":                  filepath.Join(outside, "dir"),
		"static/env.txt":                        filepath.Join(outside, "secret.txt"),
		"static/outdir":                         filepath.Join(outside, "dir"),
		"layouts/_partials/rollout/footer.html": filepath.Join(outside, "footer.html"),
		"layouts/outdir":                        filepath.Join(outside, "dir"),
		"rolloutdocs.yaml":                      filepath.Join(outside, "cfg.yaml"),
		"content/plans/loop":                    "..",
		"content/plans/linked-plan.md":          "../../shared/linked-plan.md",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(src, name)); err != nil {
			t.Fatal(err)
		}
		if target != ".." && !strings.HasPrefix(target, "../") {
			escapes = append(escapes, name)
		}
	}
	return src, escapes
}

// noSecret fails if any file under dir holds the text from outside.
func noSecret(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(secretText)) {
			t.Errorf("%s holds text from outside the source", p)
		}
		return nil
	})
}

// wantRefusals checks that each escaping link and the loop are named in
// the output with the file and what it points at.
func wantRefusals(t *testing.T, out string, escapes []string) {
	t.Helper()
	for _, name := range escapes {
		if !strings.Contains(out, name+":1:1: warning: symlink to ") || !strings.Contains(out, "outside the source directory") {
			t.Errorf("no warning names %s and its target:\n%s", name, out)
		}
	}
	if !strings.Contains(out, "content/plans/loop:1:1: warning:") || !strings.Contains(out, "makes a loop") {
		t.Errorf("the loop is not reported:\n%s", out)
	}
}

func TestSymlinksOutOfTheSourceAreNotFollowed(t *testing.T) {
	src, escapes := hostileSource(t)
	t.Chdir(src) // warnings name files relative to the current directory

	code, stdout, stderr := runCmd(t, "build")
	if code != exitOK {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	wantRefusals(t, stderr, escapes)
	noSecret(t, "public")
	for _, f := range []string{"public/plans/linked-plan/index.html", "public/plans/dark-mode/index.html"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("a link inside the tree stopped working: %v", err)
		}
	}
	for _, f := range []string{"public/env.txt", "public/outdir/leak.css", "public/plans/x/index.html", "public/plans/leak/index.html"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s was published", f)
		}
	}
	if code, _, _ := runCmd(t, "build", "--strict", "--destination", "strict"); code != exitProblem {
		t.Errorf("build --strict with refused links: exit %d, want %d", code, exitProblem)
	}

	code, stdout, stderr = runCmd(t, "check")
	if code != exitOK {
		t.Errorf("check: exit %d, want %d (the links are warnings)", code, exitOK)
	}
	if strings.Contains(stdout+stderr, secretText) {
		t.Errorf("check printed text from outside the source:\n%s", stdout)
	}
	if !strings.Contains(stdout, "content/plans/x.md:1:1: warning: symlink to ") {
		t.Errorf("check does not report the plan link:\n%s", stdout)
	}
	if code, _, _ := runCmd(t, "check", "--strict"); code != exitProblem {
		t.Errorf("check --strict: exit %d, want %d", code, exitProblem)
	}
	code, stdout, _ = runCmd(t, "check", "content/plans/x.md")
	if code != exitOK || strings.Contains(stdout, secretText) || !strings.Contains(stdout, "symlink to") {
		t.Errorf("check of the link by name: exit %d\n%s", code, stdout)
	}

	hugo := t.TempDir()
	os.WriteFile(filepath.Join(hugo, "hugo.toml"), []byte("title = 'docs'\n"), 0o644)
	code, stdout, stderr = runCmd(t, "export", "--hugo", hugo)
	if code != exitOK {
		t.Fatalf("export: exit %d\n%s%s", code, stdout, stderr)
	}
	wantRefusals(t, stderr, []string{"content/plans/x.md", "content/plans/outdir"})
	noSecret(t, hugo)

	code, _, stderr = runCmd(t, "import", "--write", "content/plans/x.md")
	if code != exitProblem || !strings.Contains(stderr, "content/plans/x.md: not converted: symlink to ") {
		t.Errorf("import --write of a link out: exit %d\n%s", code, stderr)
	}
	if fi, err := os.Lstat("content/plans/x.md"); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("import --write replaced the link: %v", err)
	}
}

func TestFollowSymlinksReadsOutside(t *testing.T) {
	src, _ := hostileSource(t)
	t.Chdir(src)
	code, stdout, stderr := runCmd(t, "build", "--follow-symlinks")
	if code != exitOK {
		t.Fatalf("build --follow-symlinks: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, f := range []string{"public/env.txt", "public/outdir/leak.css", "public/plans/x/index.html", "public/plans/leak/index.html"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("with --follow-symlinks, %s is missing: %v", f, err)
		}
	}
	if !strings.Contains(stderr, "makes a loop") {
		t.Errorf("with --follow-symlinks the loop is still not followed and reported:\n%s", stderr)
	}
}

// The preview refuses the same links: they are not served, and a link
// created while it runs is not read either.
func TestServeDoesNotFollowSymlinksOut(t *testing.T) {
	bin := buildBinary(t)
	src, escapes := hostileSource(t)
	r := startServe(t, bin, "--source", src, "--port", "0")
	for _, p := range []string{"env.txt", "outdir/leak.css", "plans/x/", "plans/leak/"} {
		if code, body := httpGet(t, r.url+p); code != http.StatusNotFound || strings.Contains(body, secretText) {
			t.Errorf("GET /%s: %d (want 404)", p, code)
		}
	}
	if code, _ := httpGet(t, r.url+"plans/linked-plan/"); code != http.StatusOK {
		t.Errorf("a plan linked inside the tree: %d, want 200", code)
	}
	out := r.output()
	for _, name := range escapes {
		if !strings.Contains(out, name+":1:1: warning: symlink to ") {
			t.Errorf("serve does not report %s:\n%s", name, out)
		}
	}

	// A link added while the preview runs goes through the same rule.
	if err := os.Symlink(filepath.Join(filepath.Dir(src), "nowhere-else", "late.md"), filepath.Join(src, "content", "plans", "late.md")); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(t.TempDir(), "late.txt")
	os.WriteFile(secret, []byte(secretText), 0o644)
	if err := os.Symlink(secret, filepath.Join(src, "static", "late.txt")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(serveTimeout)
	for !strings.Contains(r.output(), "static/late.txt:1:1: warning: symlink to ") {
		if time.Now().After(deadline) {
			t.Fatalf("no warning for a link added while serving within %v:\n%s", serveTimeout, r.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, body := httpGet(t, r.url+"late.txt"); code != http.StatusNotFound || strings.Contains(body, secretText) {
		t.Errorf("GET /late.txt after adding the link: %d (want 404)", code)
	}
}
