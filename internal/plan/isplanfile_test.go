package plan

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestIsPlanFile(t *testing.T) {
	tests := map[string]bool{
		"checkout.md": true, "Checkout.MD": true, "readme-migration.md": true, "my-readme.md": true,
		"README.md": false, "readme.md": false, "Readme.md": false, "CHANGELOG.md": false, "CONTRIBUTING.md": false,
		"_index.md": false, ".swap.md": false, "notes.txt": false,
	}
	for name, want := range tests {
		if got := IsPlanFile(name); got != want {
			t.Errorf("IsPlanFile(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestFindFilesSkipsReadme: a README beside the plans is not checked when
// the folder is, but is when named.
func TestFindFilesSkipsReadme(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"README.md", "a.md", "sub/readme.md", "sub/b.md"} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("# x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, err := FindFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.md"), filepath.Join(dir, "sub", "b.md")}
	if !slices.Equal(files, want) {
		t.Errorf("FindFiles = %v, want %v", files, want)
	}
	readme := filepath.Join(dir, "README.md")
	if files, _ := FindFiles(readme); !slices.Equal(files, []string{readme}) {
		t.Errorf("FindFiles(README.md) = %v, want it checked when named", files)
	}
}
