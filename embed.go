// Package rolloutdocs embeds the site theme, so the binary builds a site
// with no files beside it: layouts/ (the html/template files, shared with
// the Hugo module theme) and static/ (CSS and the small script).
package rolloutdocs

import "embed"

// Theme holds layouts/ and static/ as they are in the repository.
// layouts/_partials is named on its own because embed skips directories
// that start with an underscore.
//
//go:embed layouts layouts/_partials static
var Theme embed.FS
