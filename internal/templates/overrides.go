package templates

import "slices"

// builtInSource is how Sources names a layout file of the embedded theme.
func builtInSource(name string) string { return "layouts/" + name + " (built in)" }

// Overrides lists the layout files that came from the site's own layouts/
// directory (replacing a built-in file or adding one), sorted.
func (e *Engine) Overrides() []string {
	var out []string
	for name, src := range e.Sources {
		if src != builtInSource(name) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
