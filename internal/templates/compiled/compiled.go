// Package compiled runs html/template layouts without reflection on the
// common path. It compiles a template's escaped parse tree (the tree
// html/template leaves behind after escaping, with its escaper functions
// in every output action) into Go closures that call functions and read
// fields directly.
//
// It is an accelerator, not a second template language: the layouts are
// parsed and escaped by html/template, and anything the compiler or the
// running program is not sure it does exactly as text/template would
// (an unusual node, a function error, a field of a nil value, a type it
// has no fast path for) ends the run with ErrFallback, after which the
// caller renders the page with html/template itself. Output is therefore
// the standard library's, byte for byte; the tests render every page both
// ways and compare.
package compiled

import (
	"bytes"
	"errors"
	"fmt"
	"text/template/parse"
)

// ErrFallback ends a run that met something outside the fast path; the
// caller renders with html/template instead, which gives the same output
// or the authoritative error message.
var ErrFallback = errors.New("compiled template: not on the fast path")

// FieldReader lets a type answer .Field lookups without reflection. It
// must give what text/template would (a struct's exported field), and
// ok=false for a name it does not hold, which ends the run with
// ErrFallback.
type FieldReader interface {
	TemplateField(name string) (v any, ok bool)
}

// Trees looks up an escaped template tree by name; nil when there is
// none.
type Trees func(name string) *parse.Tree

// Program is a compiled template, safe for concurrent use.
type Program struct {
	body  action
	slots int // variables, $ included
}

// Execute runs the program with data as dot, appending to buf. On an
// error (ErrFallback or otherwise) buf holds partial output: callers
// render into a buffer of their own and drop it.
func (p *Program) Execute(buf *bytes.Buffer, data any) (err error) {
	defer func() {
		// A function or method that panics: html/template turns that into
		// an error with its own wording, so let it.
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrFallback, r)
		}
	}()
	if data == nil {
		data = missing{} // text/template's dot for nil data: no value
	}
	return p.run(&state{buf: buf}, data)
}

func (p *Program) run(s *state, dot any) error {
	if s.depth >= maxDepth {
		return ErrFallback
	}
	outer := s.vars
	s.vars = make([]any, p.slots)
	s.vars[0] = dot
	for i := 1; i < len(s.vars); i++ {
		s.vars[i] = undeclared{}
	}
	s.depth++
	err := p.body(s, dot)
	s.depth--
	s.vars = outer
	if err == errBreak || err == errContinue {
		return ErrFallback
	}
	return err
}

// maxDepth bounds template recursion as text/template does (it errors at
// 100,000 nested calls; this falls back long before that).
const maxDepth = 10000

type state struct {
	buf   *bytes.Buffer
	vars  []any
	depth int
}

// action runs a node; expr evaluates one to a value.
type (
	action func(s *state, dot any) error
	expr   func(s *state, dot any) (any, error)
)

// missing is the value of a map key that is not there (text/template's
// invalid reflect.Value): false, empty, and its fields are missing too,
// where a nil value's fields are an error.
type missing struct{}

// undeclared fills variable slots not yet set on this run. The compiler
// resolves variables by the same scopes as text/template's run-time stack
// (an else branch does not see what its then branch declares), so no
// program should read one; if one does, it falls back rather than print
// a stale value.
type undeclared struct{}

// errBreak and errContinue carry {{ break }} and {{ continue }} to their
// range loop.
var (
	errBreak    = errors.New("break")
	errContinue = errors.New("continue")
)

// Compile compiles the escaped template name, looking up the templates it
// calls with trees. funcs are the functions the templates were parsed
// with; html/template's escapers are the package's own copies. An error
// means the template uses something the compiler does not handle; render
// it with html/template.
func Compile(name string, trees Trees, funcs map[string]any) (*Program, error) {
	c := &compiler{trees: trees, funcs: funcs, programs: map[string]*Program{}}
	return c.program(name)
}

type compiler struct {
	trees    Trees
	funcs    map[string]any
	programs map[string]*Program
	// Per template being compiled:
	scope []variable // declared variables in scope, innermost last
	slots int
}

type variable struct {
	name string
	slot int
}

func unsupported(n parse.Node, format string, args ...any) error {
	where := ""
	if n != nil {
		where = fmt.Sprintf(" at %q", n.String())
	}
	return fmt.Errorf("compiled template: %s%s", fmt.Sprintf(format, args...), where)
}

func (c *compiler) program(name string) (*Program, error) {
	if p, ok := c.programs[name]; ok {
		return p, nil // compiled, or being compiled (a recursive call)
	}
	tree := c.trees(name)
	if tree == nil || tree.Root == nil {
		return nil, fmt.Errorf("compiled template: no template %q", name)
	}
	p := &Program{}
	c.programs[name] = p
	outerScope, outerSlots := c.scope, c.slots
	c.scope, c.slots = []variable{{"$", 0}}, 1
	body, err := c.list(tree.Root)
	p.body, p.slots = body, c.slots
	c.scope, c.slots = outerScope, outerSlots
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

func (c *compiler) declare(name string) int {
	slot := c.slots
	c.slots++
	c.scope = append(c.scope, variable{name, slot})
	return slot
}

func (c *compiler) lookup(n parse.Node, name string) (int, error) {
	for i := len(c.scope) - 1; i >= 0; i-- {
		if c.scope[i].name == name {
			return c.scope[i].slot, nil
		}
	}
	return 0, unsupported(n, "variable %s is not in scope", name)
}

func (c *compiler) list(l *parse.ListNode) (action, error) {
	if l == nil {
		return func(*state, any) error { return nil }, nil
	}
	var steps []action
	for _, n := range l.Nodes {
		a, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if a != nil {
			steps = append(steps, a)
		}
	}
	switch len(steps) {
	case 0:
		return func(*state, any) error { return nil }, nil
	case 1:
		return steps[0], nil
	}
	return func(s *state, dot any) error {
		for _, step := range steps {
			if err := step(s, dot); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func (c *compiler) node(n parse.Node) (action, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *state, _ any) error {
			s.buf.Write(text)
			return nil
		}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.templateCall(n)
	case *parse.BreakNode:
		return func(*state, any) error { return errBreak }, nil
	case *parse.ContinueNode:
		return func(*state, any) error { return errContinue }, nil
	case *parse.ListNode:
		return c.list(n)
	}
	return nil, unsupported(n, "node %T", n)
}

// action is {{ pipeline }}: it prints the value, or declares or assigns
// variables and prints nothing.
func (c *compiler) action(n *parse.ActionNode) (action, error) {
	pipe, err := c.pipeline(n.Pipe)
	if err != nil {
		return nil, err
	}
	if len(n.Pipe.Decl) > 0 {
		return func(s *state, dot any) error {
			_, err := pipe(s, dot)
			return err
		}, nil
	}
	return func(s *state, dot any) error {
		v, err := pipe(s, dot)
		if err != nil {
			return err
		}
		// Escaped trees end every printed pipeline with an escaper, which
		// returns a string; anything else would need text/template's
		// printing rules.
		str, ok := v.(string)
		if !ok {
			return ErrFallback
		}
		s.buf.WriteString(str)
		return nil
	}, nil
}

func (c *compiler) ifOrWith(p *parse.PipeNode, list, elseList *parse.ListNode, with bool) (action, error) {
	mark := len(c.scope)
	defer func() { c.scope = c.scope[:mark] }()
	pipe, err := c.pipeline(p)
	if err != nil {
		return nil, err
	}
	afterPipe := len(c.scope)
	then, err := c.list(list)
	if err != nil {
		return nil, err
	}
	// The else branch sees the pipeline's variables, not the then
	// branch's (at run time only one of them has declared anything).
	c.scope = c.scope[:afterPipe]
	otherwise, err := c.list(elseList)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot any) error {
		v, err := pipe(s, dot)
		if err != nil {
			return err
		}
		t, ok := truth(v)
		if !ok {
			return ErrFallback
		}
		if t {
			if with {
				return then(s, v)
			}
			return then(s, dot)
		}
		return otherwise(s, dot)
	}, nil
}

func (c *compiler) rangeNode(n *parse.RangeNode) (action, error) {
	mark := len(c.scope)
	defer func() { c.scope = c.scope[:mark] }()
	pipe, err := c.pipeline(n.Pipe)
	if err != nil {
		return nil, err
	}
	// The slots the loop sets for each element: text/template sets the
	// element in the last declared variable and the index in the first,
	// whether declared here or assigned.
	var indexSlot, elemSlot = -1, -1
	if decl := n.Pipe.Decl; len(decl) > 0 {
		slots := make([]int, len(decl))
		for i, v := range decl {
			if slots[i], err = c.lookup(v, v.Ident[0]); err != nil {
				return nil, err
			}
		}
		if len(decl) == 1 {
			elemSlot = slots[0]
		} else {
			indexSlot, elemSlot = slots[0], slots[1]
		}
	}
	body, err := c.list(n.List)
	if err != nil {
		return nil, err
	}
	c.scope = c.scope[:mark+len(n.Pipe.Decl)*boolInt(!n.Pipe.IsAssign)]
	otherwise, err := c.list(n.ElseList)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot any) error {
		v, err := pipe(s, dot)
		if err != nil {
			return err
		}
		ran := false
		err = each(v, indexSlot >= 0, func(index, elem any) error {
			ran = true
			if elemSlot >= 0 {
				s.vars[elemSlot] = elem
			}
			if indexSlot >= 0 {
				s.vars[indexSlot] = index
			}
			err := body(s, elem)
			if err == errContinue {
				return nil
			}
			return err
		})
		if err == errBreak {
			return nil
		}
		if err != nil || ran {
			return err
		}
		return otherwise(s, dot)
	}, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// templateCall is {{ template "name" pipeline }}: the called template
// runs with the value as both dot and $.
func (c *compiler) templateCall(n *parse.TemplateNode) (action, error) {
	arg := expr(func(*state, any) (any, error) { return missing{}, nil })
	if n.Pipe != nil {
		var err error
		if arg, err = c.pipeline(n.Pipe); err != nil {
			return nil, err
		}
	}
	callee, err := c.program(n.Name)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot any) error {
		v, err := arg(s, dot)
		if err != nil {
			return err
		}
		return callee.run(s, v)
	}, nil
}
