package hugoexport_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/hugoexport"
	"github.com/rolloutdocs/rolloutdocs/internal/site"
)

// `rolloutdocs export` streams the pages (site.BuildPages into a
// hugoexport.Stream); the file is the one Build, Pages and Write make from
// the whole site: the example, the non-ASCII plans, and generated plans
// (every status, two sharing a slug, a broken one).
func TestStreamedExportMatchesWholeExport(t *testing.T) {
	root := repoRoot(t)
	generated := t.TempDir()
	if _, err := genplans.Write(generated, 60, 1); err != nil {
		t.Fatal(err)
	}
	plans := filepath.Join(generated, "content", "plans")
	src, err := os.ReadFile(filepath.Join(root, "content", "plans", "checkout-redesign.md"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(plans, "team"), 0o755)
	os.WriteFile(filepath.Join(plans, "checkout-redesign.md"), src, 0o644)
	os.WriteFile(filepath.Join(plans, "team", "checkout-redesign.md"), src, 0o644)
	os.WriteFile(filepath.Join(plans, "broken.md"), []byte("---\ntitle: [\n---\n"), 0o644)

	for name, source := range map[string]string{
		"example":   root,
		"intl":      filepath.Join("testdata", "intl"),
		"generated": generated,
	} {
		t.Run(name, func(t *testing.T) {
			whole, stream := newSite(t), newSite(t)
			b, res := buildExample(t, source)
			ex, err := hugoexport.Build(b.Pages(), res.Files, section)
			if err != nil {
				t.Fatal(err)
			}
			want, err := hugoexport.Write(whole, ex)
			if err != nil {
				t.Fatal(err)
			}
			got := streamExport(t, source, stream)
			a, _ := os.ReadFile(want)
			c, _ := os.ReadFile(got)
			if len(a) == 0 || !bytes.Equal(a, c) {
				t.Errorf("the streamed export (%d bytes) differs from the whole one (%d bytes)", len(c), len(a))
			}
		})
	}
}

func newSite(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hugo.toml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// streamExport exports source into hugoSite as `rolloutdocs export` does
// and returns the file written.
func streamExport(t *testing.T, source, hugoSite string) string {
	t.Helper()
	b, err := site.New(site.Config{Source: source, BaseURL: "/" + section + "/"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := hugoexport.NewStream(section)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := b.BuildPages(s.Add)
	if err != nil {
		t.Fatal(err)
	}
	dest, err := s.Commit(hugoSite, res.Files)
	if err != nil {
		t.Fatal(err)
	}
	return dest
}
