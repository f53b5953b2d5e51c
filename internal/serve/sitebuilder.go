package serve

import "github.com/rolloutdocs/rolloutdocs/internal/site"

// SiteBuilder adapts the site generator to the preview's Builder (a
// HistoryBuilder).
func SiteBuilder(b *site.Builder) HistoryBuilder { return siteBuilder{b} }

type siteBuilder struct{ b *site.Builder }

func (s siteBuilder) Build() (*Site, error) { return fromResult(s.b.Build()) }

func (s siteBuilder) Rebuild(changed []string) (*Site, error) {
	return fromResult(s.b.Rebuild(changed))
}

func (s siteBuilder) RefreshHistory() (*Site, error) { return fromResult(s.b.RefreshHistory()) }

func fromResult(res *site.Result, err error) (*Site, error) {
	if res == nil {
		return nil, err
	}
	return &Site{Files: res.Files, OnRequest: res.OnRequest, Changed: res.Changed, Diagnostics: res.Diagnostics,
		Plans: res.Plans, Pages: res.Pages}, err
}
