// Package editor tests `rolloutdocs lsp` from real editors' LSP clients:
// the built binary, started by the editor over stdio, as an author uses
// it. Without the editor the tests skip, unless CI=true (see testtool).
package editor
