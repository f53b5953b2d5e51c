package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/rolloutdocs/rolloutdocs/internal/lsp"
)

func init() {
	register(command{
		name:    "lsp",
		summary: "run the language server for editors (LSP over stdio)",
		usage: `Usage:
  rolloutdocs lsp [--stdio]

Speaks the Language Server Protocol on stdin and stdout, for an editor to
start: check's diagnostics as you type, quick fixes, completion, hover,
the outline and go to definition for rollout plans. --stdio is accepted for
editors that pass it; stdio is the only transport. Messages about the
server itself go to stderr. See the README's "Editor support" for set-ups.

Example (Neovim):
  vim.lsp.start({ name = "rolloutdocs", cmd = { "rolloutdocs", "lsp" } })`,
		run: runLSP,
	})
}

func runLSP(args []string, stdout, stderr io.Writer) int {
	c := commands["lsp"]
	fs := newFlagSet(c, stderr)
	fs.Bool("stdio", true, "talk LSP over stdin and stdout (the default and only transport)")
	rest, done, code := parseFlags(fs, args, stdout)
	if done {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "rolloutdocs lsp: unexpected argument %q\n", rest[0])
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := lsp.NewServer(lsp.Options{Version: version, Log: log.New(stderr, "rolloutdocs lsp: ", 0)})
	if err := srv.Serve(ctx, stdio{}); err != nil {
		fmt.Fprintf(stderr, "rolloutdocs lsp: %v\n", err)
		return exitProblem
	}
	return exitOK
}

// stdio is the editor's end of the connection.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return os.Stdin.Close() }
