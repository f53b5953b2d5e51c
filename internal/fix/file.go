package fix

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/rolloutdocs/rolloutdocs/internal/atomicfile"
	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// CheckFunc returns every diagnostic for one file's text, as `check`
// would report it.
type CheckFunc func(path string, src []byte) []diag.Diagnostic

// maxPasses bounds the fix-and-recheck loop: a fix skipped for overlapping
// another is tried again on the next pass (as ruff does), and a fix that
// keeps producing fixes is stopped rather than looped on.
const maxPasses = 4

// Result is what fixing one file did.
type Result struct {
	Path          string
	Before, After []byte
	// Applied lists the diagnostics whose fixes were made, pass by pass.
	Applied []diag.Diagnostic
	// Refused says why the file was left alone ("" when it was not).
	Refused string
}

// Changed reports whether the fixed text differs from the file.
func (r Result) Changed() bool { return !bytes.Equal(r.Before, r.After) }

// unparsed are the rules that mean the file was not read as a plan (its
// front matter, or the file itself, could not be parsed): such a file is
// never rewritten, whatever fixes other diagnostics carry.
var unparsed = map[string]bool{
	plan.RuleFileEncoding: true, plan.RuleFileSize: true, plan.RuleFileEmpty: true, "file/unreadable": true,
	plan.RuleFMMissing: true, plan.RuleFMUnclosed: true, plan.RuleFMTOML: true, plan.RuleFMSyntax: true,
	plan.RuleFMAlias: true, plan.RuleFMNotMapping: true, plan.RuleFMDuplicateKey: true, plan.RuleFMLegacyHeader: true,
}

// File fixes one file's text: check, apply the safe fixes, check again,
// until nothing more applies. It never writes; the caller does (or shows
// Diff).
func File(path string, src []byte, check CheckFunc) Result {
	res := Result{Path: path, Before: src, After: src}
	for range maxPasses {
		ds := check(path, res.After)
		for _, d := range ds {
			if unparsed[d.Rule] {
				if len(res.Applied) == 0 {
					res.Refused = "not fixed: " + d.Message + " [" + d.Rule + "]"
				} else {
					// A fix made the file unreadable: keep none of them.
					res.After, res.Applied = src, nil
					res.Refused = "not fixed: the fixes would leave it unreadable [" + d.Rule + "]"
				}
				return res
			}
		}
		next, applied := Apply(res.After, ds)
		if len(applied) == 0 {
			break
		}
		res.After = next
		res.Applied = append(res.Applied, applied...)
	}
	return res
}

// Diff is a unified diff of what fixing changed, with a/ and b/ paths as
// git prints them; "" when nothing changed.
func (r Result) Diff() (string, error) {
	if !r.Changed() {
		return "", nil
	}
	return difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        difflib.SplitLines(string(r.Before)),
		B:        difflib.SplitLines(string(r.After)),
		FromFile: "a/" + r.Path,
		ToFile:   "b/" + r.Path,
		Context:  3,
	})
}

// ErrChanged means the file changed on disk while it was being fixed.
var ErrChanged = errors.New("the file changed while it was being fixed; run check --fix again")

// Write replaces the file with the fixed text, atomically, when fixing
// changed it and the file on disk is still the text that was fixed (an
// editor may have saved meanwhile: its text wins).
func (r Result) Write() error {
	if !r.Changed() {
		return nil
	}
	now, err := os.ReadFile(r.Path)
	if err != nil {
		return fmt.Errorf("fixing %s: %w", r.Path, err)
	}
	if !bytes.Equal(now, r.Before) {
		return fmt.Errorf("fixing %s: %w", r.Path, ErrChanged)
	}
	return atomicfile.Replace(r.Path, r.After)
}
