// Command rolloutdocs checks rollout plans written in Markdown, builds them
// into a documentation site, previews them live and exports them for Hugo.
//
// This package only wires flags to the internal packages; each subcommand
// lives in its own file and registers itself in init.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// Exit codes shared by every subcommand.
const (
	exitOK      = 0
	exitProblem = 1 // the input has errors (or warnings with --strict)
	exitUsage   = 2 // bad flags, or a path that cannot be read
)

// command is one subcommand. run returns an exit code; it prints its own
// messages to stdout/stderr.
type command struct {
	name    string
	summary string
	// usage is the synopsis and an example, shown by --help.
	usage string
	run   func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run([]string{"--help"}, stdout, stderr)
			}
		}
		printUsage(stdout)
		return exitOK
	case "-version", "--version", "version":
		fmt.Fprintf(stdout, "rolloutdocs %s\n", version)
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "rolloutdocs: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return exitUsage
	}
	return c.run(args[1:], stdout, stderr)
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "rolloutdocs turns rollout plans written in Markdown into a documentation site.")
	fmt.Fprintln(w, "\nUsage:\n  rolloutdocs <command> [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'rolloutdocs <command> --help' for a command's flags and an example.")
	fmt.Fprintln(w, "rolloutdocs --version prints the version.")
}

// newFlagSet returns a FlagSet that prints the command's usage, an example
// and its flags on --help, and reports errors instead of exiting.
func newFlagSet(c command, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("rolloutdocs "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "%s\n\n%s\n", c.summary, strings.TrimSpace(c.usage))
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(out, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args; it returns done=true with the exit code when the
// command should stop (after --help or a bad flag). Flags may follow
// positional arguments (`check content/ --strict`), as users expect.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (positional []string, done bool, code int) {
	// Help goes to stdout (it was asked for); flag errors stay on stderr.
	if wantsHelp(args) {
		fs.SetOutput(stdout)
		fs.Usage()
		return nil, true, exitOK
	}
	for {
		err := fs.Parse(args)
		if err != nil {
			return nil, true, exitUsage
		}
		rest := fs.Args()
		i := 0
		for i < len(rest) && (!strings.HasPrefix(rest[i], "-") || rest[i] == "-") {
			positional = append(positional, rest[i])
			i++
		}
		if i >= len(rest) {
			return positional, false, exitOK
		}
		if rest[i] == "--" {
			return append(positional, rest[i+1:]...), false, exitOK
		}
		args = rest[i:]
	}
}

func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// followSymlinksUsage describes --follow-symlinks, the same on every
// command that reads the source tree (internal/sourcetree).
const followSymlinksUsage = "follow symlinks that lead outside the source directory (unsafe for untrusted input, such as pull requests)"
