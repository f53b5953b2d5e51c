package main

import (
	"fmt"
	"io"

	"github.com/rolloutdocs/rolloutdocs/schema"
)

func init() {
	register(command{
		name:    "schema",
		summary: "print the JSON Schema of a plan's front matter",
		usage: `Usage: rolloutdocs schema

Prints the JSON Schema (draft-07) that describes a plan's YAML front matter,
for editors and other tools. It is generated from the same Go types that
'rolloutdocs check' validates, and is committed as schema/plan.schema.json.

Example:
  rolloutdocs schema > .vscode/plan.schema.json`,
		run: runSchema,
	})
}

func runSchema(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(commands["schema"], stderr)
	rest, done, code := parseFlags(fs, args, stdout)
	if done {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "rolloutdocs schema: takes no arguments, got %q\n", rest)
		return exitUsage
	}
	b, err := schema.JSON()
	if err != nil {
		fmt.Fprintf(stderr, "rolloutdocs schema: %v\n", err)
		return exitProblem
	}
	if _, err := stdout.Write(b); err != nil {
		fmt.Fprintf(stderr, "rolloutdocs schema: writing: %v\n", err)
		return exitProblem
	}
	return exitOK
}
