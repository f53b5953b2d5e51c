package lsp

import (
	"os"
	"path/filepath"
	"strings"

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
	files, err := plan.FindFiles(planDir(root))
	if err != nil {
		return nil
	}
	return files
}

// planDir is where a workspace keeps its plans: content/ when it has one
// (the project layout), else the folder itself.
func planDir(root string) string {
	if info, err := os.Stat(filepath.Join(root, "content")); err == nil && info.IsDir() {
		return filepath.Join(root, "content")
	}
	return root
}

// isPlanPath reports whether a document at path is a plan `check` would
// read in this workspace: a plan file name (not _index.md), and inside the
// plan folder when there is a workspace. Without one every Markdown
// document is taken as a plan; hidden directories are not looked at.
func isPlanPath(root, path string) bool {
	if !plan.IsPlanFile(filepath.Base(path)) {
		return false
	}
	if root == "" || !filepath.IsAbs(path) {
		return true
	}
	rel, err := filepath.Rel(planDir(root), path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
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
