// Package lsp is rolloutdocs' language server: it speaks the Language
// Server Protocol (over stdio, see Serve) so editors show `check`'s
// diagnostics as a plan is typed, offer its fixes as quick fixes, and
// complete, explain and outline plans.
//
// It reads the unsaved text of each open document with internal/plan's
// parser and internal/rules' checks, exactly as `rolloutdocs check` reads a
// file, and never touches the site. The protocol types and the method
// dispatch are github.com/tliron/glsp's; the JSON-RPC framing is
// github.com/sourcegraph/jsonrpc2, which glsp is built on.
//
// One file per job: server.go (connection, lifecycle, debounce),
// documents.go (open texts), position.go (LSP's UTF-16 columns against the
// diagnostics' rune columns), analyze.go (text -> plan and diagnostics),
// workspace.go (portfolio-level checks), and one file per feature.
package lsp
