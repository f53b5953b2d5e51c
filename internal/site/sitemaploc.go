package site

import (
	"net/url"

	"github.com/rolloutdocs/rolloutdocs/internal/templates"
)

// sitemapLoc is a page's <loc> in sitemap.xml: its permalink with the path
// percent-encoded, as the sitemap protocol asks and as Hugo writes it
// (Go's URL path escaping, upper-case hex), since a plan's file name and
// its metric and phase names may hold spaces and letters of any script.
// Paths of plain characters, nearly all of them, are used as they are.
func sitemapLoc(s *templates.Site, sitePath string) string {
	for i := 0; i < len(sitePath); i++ {
		if c := sitePath[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			return s.Permalink((&url.URL{Path: sitePath}).EscapedPath())
		}
	}
	return s.Permalink(sitePath)
}
