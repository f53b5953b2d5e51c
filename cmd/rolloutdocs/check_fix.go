package main

import (
	"fmt"
	"io"
	"os"

	"github.com/rolloutdocs/rolloutdocs/internal/fix"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// fixFiles runs the safe fixes over files. With preview it prints them as
// a unified diff on stdout and writes nothing; otherwise it writes each
// changed file and says on stderr what it fixed. It returns the number of
// fixes made (or that would be), and whether a file could not be written.
func fixFiles(files []string, preview bool, stdout, stderr io.Writer) (fixes int, failed bool) {
	changed := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			continue // check reports the unreadable file
		}
		res := fix.File(path, src, rules.CheckSource)
		if res.Refused != "" {
			fmt.Fprintf(stderr, "%s: %s\n", path, res.Refused)
			continue
		}
		if !res.Changed() {
			continue
		}
		if preview {
			d, err := res.Diff()
			if err != nil {
				fmt.Fprintf(stderr, "rolloutdocs check: %s: %v\n", path, err)
				failed = true
				continue
			}
			fmt.Fprint(stdout, d)
		} else {
			if err := res.Write(); err != nil {
				fmt.Fprintf(stderr, "rolloutdocs check: %v\n", err)
				failed = true
				continue
			}
			for _, d := range res.Applied {
				fmt.Fprintln(stderr, fix.Describe(d))
			}
		}
		fixes += len(res.Applied)
		changed++
	}
	switch {
	case preview && fixes > 0:
		fmt.Fprintf(stderr, "%s in %s would be fixed; run rolloutdocs check --fix to fix them\n", plural(fixes, "problem"), plural(changed, "file"))
	case preview:
		fmt.Fprintln(stderr, "nothing to fix")
	case fixes > 0:
		fmt.Fprintf(stderr, "fixed %s in %s\n", plural(fixes, "problem"), plural(changed, "file"))
	}
	return fixes, failed
}
