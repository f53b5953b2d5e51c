package hugoexport_test

import (
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/hugoexport"
)

// The export moves links under the Hugo section by key: "url" and
// "*_url" (layouts/README.md). A link pages.Build put under another key
// would keep pointing at the site root in Hugo; this test finds any string
// param, at any depth, that is a page's path but is not under such a key,
// and checks every link that is under one did move.
func TestEveryPageLinkIsUnderALinkKey(t *testing.T) {
	root := repoRoot(t)
	b, res := buildExample(t, root)
	set := b.Pages()
	paths := map[string]bool{}
	for _, p := range set {
		if p.Kind != "404" {
			paths[p.Path] = true
		}
	}
	ex, err := hugoexport.Build(set, res.Files, section)
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, val := range v {
				s, isString := val.(string)
				linkKey := k == "url" || strings.HasSuffix(k, "_url")
				switch {
				case isString && linkKey && k != "source_url":
					links++
					if !strings.HasPrefix(s, section+"/") {
						t.Errorf("%s.%s = %q was not moved under %s/", where, k, s, section)
					}
				case isString && s != "" && paths[s]:
					t.Errorf("%s.%s = %q is a page's path under a key the export does not treat as a link; name the key url or *_url", where, k, s)
				default:
					walk(where+"."+k, val)
				}
			}
		case []any:
			for _, val := range v {
				walk(where+"[]", val)
			}
		}
	}
	for _, p := range ex.Pages {
		walk(p.URL, p.Params)
	}
	if links < 100 {
		t.Errorf("found only %d links in the example portfolio's params", links)
	}
}
