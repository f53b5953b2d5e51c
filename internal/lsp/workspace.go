package lsp

import (
	"os"
	"path/filepath"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// workspacePlans lists the plan files under a workspace folder, as `check`
// would find them: under its content/ directory when it has one (the
// project layout), else the folder itself. Only their names matter here
// (for the duplicate-slug check), so nothing is read.
func workspacePlans(root string) []string {
	if root == "" {
		return nil
	}
	dir := root
	if info, err := os.Stat(filepath.Join(root, "content")); err == nil && info.IsDir() {
		dir = filepath.Join(root, "content")
	}
	files, err := plan.FindFiles(dir)
	if err != nil {
		return nil
	}
	return files
}

// duplicateSlugs returns the duplicate-slug diagnostics that concern path
// when it sits beside others, through plan.DuplicateSlugs as `check` runs
// it. Paths are compared cleaned and absolute, so a workspace file is not
// mistaken for a second copy of the document itself.
func duplicateSlugs(path string, others []string) []diag.Diagnostic {
	if len(others) == 0 {
		return nil
	}
	self := absClean(path)
	stubs := []*plan.Plan{{Path: path, Slug: plan.SlugFromPath(path)}}
	for _, o := range others {
		if absClean(o) == self {
			continue
		}
		stubs = append(stubs, &plan.Plan{Path: o, Slug: plan.SlugFromPath(o)})
	}
	var mine []diag.Diagnostic
	for _, d := range plan.DuplicateSlugs(stubs) {
		if d.File == path {
			mine = append(mine, d)
		}
	}
	return mine
}

func absClean(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
