// Package testtool lets tests use programs from outside Go — Chromium, the
// npm tools pinned in tools/node, Hugo — and decides what a missing one
// means: on a developer's machine the test is skipped with a note on how to
// install the tool; in CI (CI=true) it fails, because there a missing tool
// is a missing install step in .ci/run and a skip would hide it.
package testtool

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// modulePath identifies the repository's own go.mod among the nested ones
// (tools/hugo has its own module).
const modulePath = "github.com/rolloutdocs/rolloutdocs"

// InCI reports whether the tests run in CI, which sets CI=true.
func InCI() bool {
	ci, err := strconv.ParseBool(os.Getenv("CI"))
	return err == nil && ci
}

// Missing stops the test because a tool it needs is absent: a skip locally,
// a failure in CI. why says what is missing and how to get it.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	why := fmt.Sprintf(format, args...)
	if InCI() {
		t.Fatalf("%s\n(CI=true: a missing tool fails the run; install it in .ci/run)", why)
		return
	}
	t.Skipf("skipped: %s (with CI=true this fails)", why)
}

// RepoRoot returns the directory of the repository's go.mod, found by walking
// up from the working directory (go test runs in the package's directory).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the repository root: %w", err)
	}
	for {
		if isRepoRoot(dir) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod for module %s above the working directory", modulePath)
		}
		dir = parent
	}
}

func isRepoRoot(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if mod, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(mod), `"`) == modulePath
		}
	}
	return false
}

// NodeModules returns tools/node/node_modules, where `npm ci --prefix
// tools/node` installs the pinned npm tools; $ROLLOUTDOCS_NODE_MODULES
// overrides it. It is an error when the directory does not exist.
func NodeModules() (string, error) {
	dir := os.Getenv("ROLLOUTDOCS_NODE_MODULES")
	if dir == "" {
		root, err := RepoRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, "tools", "node", "node_modules")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%s does not exist: run `npm ci --prefix tools/node` in the repository root", dir)
	}
	return dir, nil
}

// NodePackageFile returns file inside the installed npm package pkg (for
// example "axe-core", "axe.min.js"), or an error saying how to install it.
func NodePackageFile(pkg, file string) (string, error) {
	dir, err := NodeModules()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, pkg, file)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("%s is missing: run `npm ci --prefix tools/node` in the repository root", path)
		}
		return "", err
	}
	return path, nil
}

// NeedNode is Node for tests: it calls Missing when node is absent.
func NeedNode(t testing.TB) string {
	t.Helper()
	path, err := Node()
	if err != nil {
		Missing(t, "%v", err)
	}
	return path
}

// Node returns the path of the node executable.
func Node() (string, error) {
	path, err := exec.LookPath("node")
	if err != nil {
		return "", fmt.Errorf("node is not on PATH: install Node.js 20.19 or later (Debian: apt-get install nodejs)")
	}
	return path, nil
}

// NeedNodePackageFile is NodePackageFile for tests: it calls Missing when the
// file is absent.
func NeedNodePackageFile(t testing.TB, pkg, file string) string {
	t.Helper()
	path, err := NodePackageFile(pkg, file)
	if err != nil {
		Missing(t, "%v", err)
	}
	return path
}
