package testtool

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder stands in for a test so Missing's choice can be observed
// without stopping the real test.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Fatalf(format string, a ...any) { r.fatal = format }
func (r *recorder) Skipf(format string, a ...any)  { r.skip = format }

func TestMissingSkipsLocallyAndFailsInCI(t *testing.T) {
	tests := []struct {
		ci       string
		wantFail bool
	}{
		{"", false},
		{"false", false},
		{"0", false},
		{"true", true},
		{"1", true},
		{"TRUE", true},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			r := &recorder{}
			Missing(r, "chromium not found")
			failed, skipped := r.fatal != "", r.skip != ""
			if failed != tt.wantFail || skipped == tt.wantFail {
				t.Fatalf("CI=%q: failed=%v skipped=%v, want failed=%v", tt.ci, failed, skipped, tt.wantFail)
			}
		})
	}
}

func TestRepoRootFindsTheMainModule(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "testtool", "testtool.go")); err != nil {
		t.Fatalf("RepoRoot() = %s, which does not hold this package: %v", root, err)
	}
}

func TestRepoRootSkipsOtherModules(t *testing.T) {
	dir := t.TempDir()
	nested := filepath.Join(dir, "tools", "hugo")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "go.mod"), "module "+modulePath+"\n\ngo 1.26\n")
	write(filepath.Join(nested, "go.mod"), "module example.com/tools\n")
	t.Chdir(nested)
	root, err := RepoRoot()
	if err != nil || root != dir {
		t.Fatalf("RepoRoot() from a nested module = %q, %v; want %q", root, err, dir)
	}
}

func TestNodePackageFileSaysHowToInstall(t *testing.T) {
	t.Setenv("ROLLOUTDOCS_NODE_MODULES", filepath.Join(t.TempDir(), "node_modules"))
	_, err := NodePackageFile("axe-core", "axe.min.js")
	if err == nil || !strings.Contains(err.Error(), "npm ci --prefix tools/node") {
		t.Fatalf("NodePackageFile without node_modules: err = %v, want the install command", err)
	}

	dir := t.TempDir()
	t.Setenv("ROLLOUTDOCS_NODE_MODULES", dir)
	if _, err := NodePackageFile("axe-core", "axe.min.js"); err == nil || !strings.Contains(err.Error(), "npm ci") {
		t.Fatalf("NodePackageFile without the package: err = %v, want the install command", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "axe-core"), 0o755); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "axe-core", "axe.min.js")
	if err := os.WriteFile(want, []byte("//"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := NodePackageFile("axe-core", "axe.min.js"); err != nil || got != want {
		t.Fatalf("NodePackageFile = %q, %v; want %q", got, err, want)
	}
}
