package compiled

import (
	"strings"
	"text/template/parse"
)

// pipeline compiles cmd | cmd | ...: each command after the first gets
// the previous value as its last argument. Declared or assigned
// variables take the final value.
func (c *compiler) pipeline(p *parse.PipeNode) (expr, error) {
	if p == nil || len(p.Cmds) == 0 {
		return nil, unsupported(p, "empty pipeline")
	}
	cmds := make([]expr, len(p.Cmds))
	first, err := c.command(p.Cmds[0])
	if err != nil {
		return nil, err
	}
	cmds[0] = first
	// Later commands are function calls with the previous value last.
	calls := make([]func(s *state, dot, final any) (any, error), len(p.Cmds))
	for i, cmd := range p.Cmds[1:] {
		ident, ok := cmd.Args[0].(*parse.IdentifierNode)
		if !ok {
			return nil, unsupported(cmd, "a pipeline stage that is not a function call")
		}
		call, err := c.call(ident.Ident, cmd.Args[1:], true)
		if err != nil {
			return nil, err
		}
		calls[i+1] = call
	}
	var slots []int
	for _, v := range p.Decl {
		if len(v.Ident) != 1 {
			return nil, unsupported(v, "declaring a field")
		}
		if p.IsAssign {
			slot, err := c.lookup(v, v.Ident[0])
			if err != nil {
				return nil, err
			}
			slots = append(slots, slot)
		} else {
			slots = append(slots, c.declare(v.Ident[0]))
		}
	}
	return func(s *state, dot any) (any, error) {
		v, err := first(s, dot)
		if err != nil {
			return nil, err
		}
		// text/template takes the value out of an empty interface after
		// each command, so a nil there is no value at all.
		if v == nil {
			v = missing{}
		}
		for _, call := range calls[1:] {
			if v, err = call(s, dot, v); err != nil {
				return nil, err
			}
			if v == nil {
				v = missing{}
			}
		}
		for _, slot := range slots {
			s.vars[slot] = v
		}
		return v, nil
	}, nil
}

// command compiles the first command of a pipeline: a value, a field
// chain, a variable, a function call or a parenthesised pipeline.
func (c *compiler) command(cmd *parse.CommandNode) (expr, error) {
	switch n := cmd.Args[0].(type) {
	case *parse.IdentifierNode:
		call, err := c.call(n.Ident, cmd.Args[1:], false)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot any) (any, error) { return call(s, dot, nil) }, nil
	}
	if len(cmd.Args) > 1 {
		return nil, unsupported(cmd, "arguments to something that is not a function")
	}
	return c.operand(cmd.Args[0])
}

// operand compiles a value: as a command on its own, or as an argument.
func (c *compiler) operand(n parse.Node) (expr, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *state, dot any) (any, error) { return dot, nil }, nil
	case *parse.FieldNode:
		return fieldChain(func(_ *state, dot any) (any, error) { return dot, nil }, n.Ident), nil
	case *parse.VariableNode:
		slot, err := c.lookup(n, n.Ident[0])
		if err != nil {
			return nil, err
		}
		variable := func(s *state, _ any) (any, error) {
			v := s.vars[slot]
			if _, ok := v.(undeclared); ok {
				return nil, ErrFallback
			}
			return v, nil
		}
		return fieldChain(variable, n.Ident[1:]), nil
	case *parse.ChainNode:
		// (pipeline).Field or function.Field.
		if _, ok := n.Node.(*parse.NilNode); ok {
			return nil, unsupported(n, "a field of nil")
		}
		inner, err := c.operand(n.Node)
		if err != nil {
			return nil, err
		}
		return fieldChain(inner, n.Field), nil
	case *parse.PipeNode:
		if len(n.Decl) > 0 {
			return nil, unsupported(n, "a declaration inside parentheses")
		}
		return c.pipeline(n)
	case *parse.IdentifierNode:
		// A function named as an argument is called with no arguments.
		call, err := c.call(n.Ident, nil, false)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot any) (any, error) { return call(s, dot, nil) }, nil
	case *parse.StringNode:
		v := any(n.Text)
		return func(*state, any) (any, error) { return v, nil }, nil
	case *parse.BoolNode:
		v := any(n.True)
		return func(*state, any) (any, error) { return v, nil }, nil
	case *parse.NumberNode:
		v, err := idealConstant(n)
		if err != nil {
			return nil, err
		}
		return func(*state, any) (any, error) { return v, nil }, nil
	}
	return nil, unsupported(n, "operand %T", n)
}

// idealConstant is the value text/template gives a number literal where
// any type will do.
func idealConstant(n *parse.NumberNode) (any, error) {
	switch {
	case n.IsComplex:
		return n.Complex128, nil
	case n.IsFloat && !isHexInt(n.Text) && !(len(n.Text) > 0 && n.Text[0] == '\'') && strings.ContainsAny(n.Text, ".eEpP"):
		return n.Float64, nil
	case n.IsInt && int64(int(n.Int64)) == n.Int64:
		return int(n.Int64), nil
	}
	return nil, unsupported(n, "number literal")
}

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

// fieldChain reads .a.b.c from what base gives.
func fieldChain(base expr, idents []string) expr {
	if len(idents) == 0 {
		return base
	}
	return func(s *state, dot any) (any, error) {
		v, err := base(s, dot)
		if err != nil {
			return nil, err
		}
		for _, name := range idents {
			if v, err = field(v, name); err != nil {
				return nil, err
			}
		}
		return v, nil
	}
}
