//go:build ignore

// gen writes plan.schema.json; `go generate ./schema` runs it.
package main

import (
	"fmt"
	"os"

	"github.com/rolloutdocs/rolloutdocs/schema"
)

func main() {
	b, err := schema.JSON()
	if err != nil {
		fmt.Fprintln(os.Stderr, "generating the plan schema:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(schema.FileName, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "writing the plan schema:", err)
		os.Exit(1)
	}
}
