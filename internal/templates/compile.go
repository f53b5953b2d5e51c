package templates

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"reflect"
	texttemplate "text/template"
	"text/template/parse"

	"github.com/rolloutdocs/rolloutdocs/internal/templates/compiled"
)

// Layouts run through html/template's reflective executor spend most of a
// build in reflection; compiled programs of the same escaped trees run
// them with direct calls (package compiled). html/template stays the
// reference: it parses and escapes every layout, renders any layout the
// compiler does not take, and re-renders a page whenever a compiled run
// meets something off its fast path, so output and error messages are
// html/template's.

// compileAll compiles every layout and partial it can; the others (a
// site's layout using a construct the compiler leaves alone) render with
// html/template only.
func (e *Engine) compileAll(funcs template.FuncMap) {
	e.programs = map[string]*compiled.Program{}
	e.partialPrograms = map[string]*compiled.Program{}
	e.notCompiled = map[string]error{}
	for name, t := range e.layouts {
		if p, err := compileTemplate(t, funcs); err != nil {
			e.notCompiled[name] = err
		} else {
			e.programs[name] = p
		}
	}
	for name, t := range e.partials {
		if p, err := compileTemplate(t, funcs); err != nil {
			e.notCompiled["_partials/"+name] = err
		} else {
			e.partialPrograms[name] = p
		}
	}
}

// compileTemplate escapes a copy of t the way executing it would and
// compiles the escaped trees.
func compileTemplate(t *template.Template, funcs template.FuncMap) (*compiled.Program, error) {
	c, err := t.Clone()
	if err != nil {
		return nil, err
	}
	// Escaping happens on the first Execute. The copy runs with functions
	// that stop at once, so nothing the real ones remember (partialCached)
	// sees the nil data; only an escaping error counts.
	stubs := template.FuncMap{}
	for name := range funcs {
		stubs[name] = func(...any) (any, error) { return nil, errStub }
	}
	c.Funcs(stubs)
	var escapeErr *template.Error
	if err := c.Execute(io.Discard, nil); errors.As(err, &escapeErr) {
		return nil, err
	}
	text := underlyingText(c)
	if text == nil {
		return nil, errors.New("html/template's escaped templates are out of reach")
	}
	trees := func(name string) *parse.Tree {
		if x := text.Lookup(name); x != nil {
			return x.Tree
		}
		return nil
	}
	return compiled.Compile(t.Name(), trees, funcs)
}

var errStub = errors.New("escaping only")

// underlyingText is the text/template html/template escapes into. It holds
// the templates escaping derives for other contexts (the "title" block
// inside <title> becomes "title$htmltemplate_stateRCDATA_elementTitle"),
// which html/template's API does not list. nil if the standard library
// ever stores it differently; the layouts then render with html/template
// (TestBuiltInLayoutsCompile notices).
func underlyingText(t *template.Template) *texttemplate.Template {
	f := reflect.ValueOf(t).Elem().FieldByName("text")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*texttemplate.Template]() || f.IsNil() {
		return nil
	}
	return (*texttemplate.Template)(f.UnsafePointer())
}

// execute renders t (compiled as p, when it could be) into buf.
func (e *Engine) execute(buf *bytes.Buffer, t *template.Template, p *compiled.Program, data any) error {
	if p != nil && !e.interpretOnly.Load() {
		start := buf.Len()
		err := p.Execute(buf, data)
		if err == nil {
			return nil
		}
		buf.Truncate(start)
		e.fallbacks.Add(1)
	}
	return t.Execute(buf, data)
}

// InterpretOnly makes the engine render with html/template alone (on) or
// with the compiled layouts where it can (off, the default). Tests use it
// to compare the two.
func (e *Engine) InterpretOnly(on bool) { e.interpretOnly.Store(on) }

// NotCompiled says why each layout or partial ("_partials/name") that
// renders with html/template only was not compiled.
func (e *Engine) NotCompiled() map[string]error { return e.notCompiled }

// Fallbacks counts compiled runs that handed a page or partial back to
// html/template since the engine was made.
func (e *Engine) Fallbacks() int64 { return e.fallbacks.Load() }

// TemplateField reads a page's fields for compiled layouts, as
// text/template would by reflection.
func (p *Page) TemplateField(name string) (any, bool) {
	if p == nil {
		return nil, false
	}
	switch name {
	case "Title":
		return p.Title, true
	case "RelPermalink":
		return p.RelPermalink, true
	case "Permalink":
		return p.Permalink, true
	case "Kind":
		return p.Kind, true
	case "Type":
		return p.Type, true
	case "Layout":
		return p.Layout, true
	case "Params":
		return p.Params, true
	case "Content":
		return p.Content, true
	case "Site":
		return p.Site, true
	}
	return nil, false
}

// TemplateField reads the site's fields for compiled layouts.
func (s *Site) TemplateField(name string) (any, bool) {
	if s == nil {
		return nil, false
	}
	switch name {
	case "Title":
		return s.Title, true
	case "BaseURL":
		return s.BaseURL, true
	case "Params":
		return s.Params, true
	case "Pages":
		return s.Pages, true
	}
	return nil, false
}
