// Command genplans writes a generated portfolio of rollout plans for
// benchmarks and load tests:
//
//	go run ./internal/cmd/genplans -n 1000 [-seed 1] DIR
//
// writes DIR/content/plans/<slug>.md. The same -n and -seed always give the
// same files. It never replaces a file.
package main

import (
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
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: go run ./internal/cmd/genplans [-n 1000] [-seed 1] DIR\n\nWrites a generated portfolio to DIR/content/plans.\n\nExample:\n  go run ./internal/cmd/genplans -n 10000 /tmp/portfolio && rolloutdocs check /tmp/portfolio/content\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		if err == flag.ErrHelp {
			os.Exit(0)
		}
		os.Exit(2)
	}
	if fs.NArg() != 1 || *n < 0 {
		fs.Usage()
		os.Exit(2)
	}
	start := time.Now()
	paths, err := genplans.Write(fs.Arg(0), *n, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genplans:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %d plans to %s in %s\n", len(paths), fs.Arg(0)+"/"+genplans.PlansDir, time.Since(start).Round(time.Millisecond))
}
