package templates

import (
	"testing"
)

// The built-in layouts and partials all run compiled: a construct the
// compiler does not take would quietly cost every build its speed.
func TestBuiltInLayoutsCompile(t *testing.T) {
	e, err := Load(theme(t), "")
	if err != nil {
		t.Fatal(err)
	}
	for name, err := range e.NotCompiled() {
		t.Errorf("%s: %v", name, err)
	}
	if len(e.programs) != len(e.layouts) || len(e.partialPrograms) != len(e.partials) {
		t.Errorf("compiled %d of %d layouts and %d of %d partials", len(e.programs), len(e.layouts), len(e.partialPrograms), len(e.partials))
	}
}
