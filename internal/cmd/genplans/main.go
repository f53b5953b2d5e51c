// Command genplans writes a generated portfolio of rollout plans for
// benchmarks and load tests:
//
//	go run ./internal/cmd/genplans -n 1000 [-seed 1] [-commits 10000] DIR
//
// writes DIR/content/plans/<slug>.md. The same -n and -seed always give the
// same files. It never replaces a file. With -commits, DIR becomes a new git
// repository whose history adds the plans and edits them over that many
// commits (statuses moving draft → in-review → ..., phase edits, a few
// renames), ending at the same files; the same flags give the same commit
// hashes.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
)

func main() {
	fs := flag.NewFlagSet("genplans", flag.ContinueOnError)
	n := fs.Int("n", 1000, "number of plans to write")
	seed := fs.Int64("seed", 1, "seed: the same seed gives the same portfolio")
	commits := fs.Int("commits", 0, "make DIR a git repository with this many commits of history (at least -n); 0: plain files")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: go run ./internal/cmd/genplans [-n 1000] [-seed 1] [-commits N] DIR\n\nWrites a generated portfolio to DIR/content/plans; with -commits, as a new git\nrepository in DIR whose history of N commits adds and edits the plans.\n\nExamples:\n  go run ./internal/cmd/genplans -n 10000 /tmp/portfolio && rolloutdocs check /tmp/portfolio/content\n  go run ./internal/cmd/genplans -n 1000 -commits 10000 /tmp/repo && rolloutdocs build --source /tmp/repo\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		if err == flag.ErrHelp {
			os.Exit(0)
		}
		os.Exit(2)
	}
	if fs.NArg() != 1 || *n < 0 || *commits < 0 {
		fs.Usage()
		os.Exit(2)
	}
	start := time.Now()
	if *commits > 0 {
		st, err := genplans.WriteHistory(context.Background(), fs.Arg(0), *n, *commits, *seed)
		if err != nil {
			fmt.Fprintln(os.Stderr, "genplans:", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "wrote a git history of %d commits (%d plans added, %d status changes, %d other edits, %d %s; HEAD %s) to %s in %s\n",
			st.Commits, *n, st.Statuses, st.Edits, st.Renames, pluralWord(st.Renames, "rename", "renames"), st.Head[:12], fs.Arg(0), time.Since(start).Round(time.Millisecond))
		return
	}
	paths, err := genplans.Write(fs.Arg(0), *n, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genplans:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %d plans to %s in %s\n", len(paths), fs.Arg(0)+"/"+genplans.PlansDir, time.Since(start).Round(time.Millisecond))
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
