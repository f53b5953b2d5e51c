package plandiff

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Version is one side of a changed plan file: its path (as reports show
// it) and its bytes.
type Version struct {
	Path string
	Src  []byte
}

// FilePair is one changed file: Base is nil for an added file, Head nil for
// a deleted one; a rename has both with different paths.
type FilePair struct {
	Base, Head *Version
}

type parsed struct {
	p     *plan.Plan
	diags []diag.Diagnostic
}

func parseVersion(v *Version) *parsed {
	if v == nil {
		return nil
	}
	p, ds := plan.Parse(v.Path, v.Src)
	return &parsed{p, ds}
}

// Diff compares each changed file's two versions and returns one PlanDiff
// per plan, riskiest first. An added and a deleted file holding the same
// plan (the same slug in another folder, or the same title under another
// name) are compared as a rename.
func Diff(pairs []FilePair) []PlanDiff {
	type side struct{ base, head *parsed }
	var both []side
	var added, deleted []*parsed
	for _, fp := range pairs {
		b, h := parseVersion(fp.Base), parseVersion(fp.Head)
		switch {
		case b != nil && h != nil:
			both = append(both, side{b, h})
		case b != nil:
			deleted = append(deleted, b)
		case h != nil:
			added = append(added, h)
		}
	}
	renamed := func(b, h *plan.Plan) bool {
		return b.Slug == h.Slug || (b.Front.Title != "" && strings.EqualFold(b.Front.Title, h.Front.Title))
	}
	usedAdded := make([]bool, len(added))
	for _, d := range deleted {
		found := false
		for j, a := range added {
			if !usedAdded[j] && renamed(d.p, a.p) {
				usedAdded[j], found = true, true
				both = append(both, side{d, a})
				break
			}
		}
		if !found {
			both = append(both, side{d, nil})
		}
	}
	for j, a := range added {
		if !usedAdded[j] {
			both = append(both, side{nil, a})
		}
	}
	out := make([]PlanDiff, 0, len(both))
	for _, s := range both {
		var bp, hp *plan.Plan
		var ds []diag.Diagnostic
		if s.base != nil {
			bp = s.base.p
			ds = append(ds, s.base.diags...)
		}
		if s.head != nil {
			hp = s.head.p
			ds = append(ds, s.head.diags...)
		}
		d := Compare(bp, hp, ds)
		if len(d.Changes) > 0 {
			out = append(out, d)
		}
	}
	Sort(out)
	return out
}

// DirPairs lists the plan files that differ between two directory trees
// (as `rolloutdocs diff --base-dir A --head-dir B` compares them): files
// with the same path relative to the roots are compared byte for byte, and
// only those that differ are read into pairs. Paths are shown under the
// head directory (the base's for a deleted file).
func DirPairs(baseDir, headDir string) ([]FilePair, error) {
	baseFiles, err := relFiles(baseDir)
	if err != nil {
		return nil, err
	}
	headFiles, err := relFiles(headDir)
	if err != nil {
		return nil, err
	}
	var pairs []FilePair
	for rel := range baseFiles {
		bp := filepath.Join(baseDir, rel)
		if _, ok := headFiles[rel]; !ok {
			src, err := readPlan(bp)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, FilePair{Base: &Version{bp, src}})
			continue
		}
		hp := filepath.Join(headDir, rel)
		bsrc, err := readPlan(bp)
		if err != nil {
			return nil, err
		}
		hsrc, err := readPlan(hp)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(bsrc, hsrc) {
			// Both sides are named by the head's path: it is one file.
			pairs = append(pairs, FilePair{Base: &Version{hp, bsrc}, Head: &Version{hp, hsrc}})
		}
	}
	for rel := range headFiles {
		if _, ok := baseFiles[rel]; !ok {
			hp := filepath.Join(headDir, rel)
			src, err := readPlan(hp)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, FilePair{Head: &Version{hp, src}})
		}
	}
	return pairs, nil
}

func relFiles(dir string) (map[string]bool, error) {
	files, err := plan.FindFiles(dir)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(files))
	for _, f := range files {
		rel, err := filepath.Rel(dir, f)
		if err != nil {
			return nil, err
		}
		out[rel] = true
	}
	return out, nil
}

// readPlan reads at most plan.MaxFileSize+1 bytes: Parse reports a larger
// file as too large without it being read whole.
func readPlan(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, plan.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return b, nil
}
