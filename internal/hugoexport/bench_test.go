package hugoexport_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/hugoexport"
	"github.com/rolloutdocs/rolloutdocs/internal/site"
)

// BenchmarkExport measures `rolloutdocs export --hugo` as it runs: the
// pages made plan by plan (site.BuildPages) and streamed into export.json,
// for generated portfolios.
// Run: go test -bench Export -benchmem ./internal/hugoexport
func BenchmarkExport(b *testing.B) {
	for _, n := range []int{10, 200} {
		b.Run(fmt.Sprintf("%d-plans", n), func(b *testing.B) {
			src := b.TempDir()
			if _, err := genplans.Write(src, n, 1); err != nil {
				b.Fatal(err)
			}
			hugoSite := b.TempDir()
			if err := os.WriteFile(filepath.Join(hugoSite, "hugo.toml"), nil, 0o644); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				bld, err := site.New(site.Config{Source: src, BaseURL: "/rollouts/"})
				if err != nil {
					b.Fatal(err)
				}
				s, err := hugoexport.NewStream("rollouts")
				if err != nil {
					b.Fatal(err)
				}
				res, err := bld.BuildPages(s.Add)
				if err != nil {
					b.Fatal(err)
				}
				dest, err := s.Commit(hugoSite, res.Files)
				s.Close()
				if err != nil {
					b.Fatal(err)
				}
				if info, err := os.Stat(dest); err == nil {
					b.SetBytes(info.Size())
				}
			}
		})
	}
}
