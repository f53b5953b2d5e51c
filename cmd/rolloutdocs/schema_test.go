package main

import (
	"bytes"
	"os"
	"testing"
)

func TestSchemaCommandPrintsCommittedSchema(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"schema"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d, stderr: %s", code, stderr.String())
	}
	want, err := os.ReadFile("../../schema/plan.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stdout.Bytes(), want) {
		t.Errorf("rolloutdocs schema differs from schema/plan.schema.json (run go generate ./schema)")
	}
}

func TestSchemaCommandRejectsArguments(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"schema", "extra"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if stdout.Len() != 0 {
		t.Errorf("printed %q on a usage error", stdout.String())
	}
}
