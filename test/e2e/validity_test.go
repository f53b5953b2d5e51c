package e2e

import (
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/htmlvalidate"
)

// TestPagesAreValidHTML runs html-validate over every page of the example
// portfolio plus an invalid draft (whose title and body hold markup).
func TestPagesAreValidHTML(t *testing.T) {
	s := buildWithInvalidDraft(t)
	byKind := pagesByKind(t, s.Result.Files)
	rep := htmlvalidate.Check(t, s.Dir)
	total := 0
	for _, files := range byKind {
		total += len(files)
	}
	if rep.Files != total {
		t.Errorf("the validator checked %d pages, the site has %d", rep.Files, total)
	}
}
