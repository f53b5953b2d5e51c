package serve

import (
	"bytes"
	"slices"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// holds keeps the last good version of the pages a save changed while the
// saved plan has errors, so a typo mid-edit shows the overlay over the page
// as it was instead of a half-valid rendering. Once the plan is fixed (or
// deleted) its pages are released and the browser reloads them.
//
// A plan that already had errors when the preview started has no good
// version to keep; it is served as built.
type holds struct {
	// byFile maps a broken source file (absolute) to the site paths held
	// for it; an empty, non-nil list means "held, nothing to keep yet".
	byFile map[string][]string
	// good maps each held site path to its bytes before the breaking save.
	good map[string]heldFile
}

type heldFile struct {
	data    []byte
	present bool // false: the path did not exist; serve a 404
}

func newHolds() *holds {
	return &holds{byFile: map[string][]string{}, good: map[string]heldFile{}}
}

// brokenFiles are the files (absolute) with error diagnostics.
func brokenFiles(ds []diag.Diagnostic) map[string]bool {
	broken := map[string]bool{}
	for _, d := range ds {
		if d.Severity == diag.Error && d.File != "" {
			broken[absPath(d.File)] = true
		}
	}
	return broken
}

// apply takes a new build and returns the files to serve and the site
// paths a browser sees changed. prevServed is what was served before;
// prevBroken the files broken in the previous build; saved the source files
// this build was for.
func (h *holds) apply(site *Site, prevServed map[string][]byte, prevBroken, broken map[string]bool, saved []string) (served map[string][]byte, changed []string) {
	var released []string
	for f, paths := range h.byFile {
		if !broken[f] {
			for _, p := range paths {
				delete(h.good, p)
			}
			released = append(released, paths...)
			delete(h.byFile, f)
		}
	}
	for _, src := range saved {
		f := absPath(src)
		if !broken[f] {
			continue
		}
		held, isHeld := h.byFile[f]
		if !isHeld && prevBroken[f] {
			continue // broken before any good version was seen
		}
		if held == nil {
			held = []string{}
		}
		for _, p := range site.Changed {
			if _, already := h.good[p]; already {
				continue
			}
			data, ok := prevServed[p]
			h.good[p] = heldFile{data: data, present: ok}
			held = append(held, p)
		}
		h.byFile[f] = held
	}

	served = site.Files
	if len(h.good) > 0 {
		served = make(map[string][]byte, len(site.Files))
		for p, data := range site.Files {
			served[p] = data
		}
		for p, hf := range h.good {
			if hf.present {
				served[p] = hf.data
			} else {
				delete(served, p)
			}
		}
	}
	for _, p := range site.Changed {
		if _, isHeld := h.good[p]; !isHeld {
			changed = append(changed, p)
		}
	}
	for _, p := range released {
		if _, isHeld := h.good[p]; isHeld || slices.Contains(changed, p) {
			continue
		}
		before, had := prevServed[p]
		after, has := served[p]
		if had != has || !bytes.Equal(before, after) {
			changed = append(changed, p)
		}
	}
	slices.Sort(changed)
	return served, slices.Compact(changed)
}

// heldFor lists the saved files whose pages are being held, for the log.
func (h *holds) heldFor(saved []string) []string {
	var out []string
	for _, src := range saved {
		if _, ok := h.byFile[absPath(src)]; ok {
			out = append(out, src)
		}
	}
	return out
}
