package compiled

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"text/template/parse"
)

// callFunc runs a function with its arguments evaluated; final is the
// previous pipeline stage's value (nil when there is none, as the
// compiler knows statically whether there is).
type callFunc func(s *state, dot, final any) (any, error)

// invoker calls a function with arguments already checked against its
// parameters.
type invoker func(args []any) (any, error)

// call compiles a call of the function name with argument nodes, plus the
// pipeline's value when hasFinal. Functions are looked up as text/template
// does: the template's functions first, then the built-ins.
func (c *compiler) call(name string, argNodes []parse.Node, hasFinal bool) (callFunc, error) {
	if esc, ok := escapers[name]; ok {
		return c.escaperCall(esc, argNodes, hasFinal)
	}
	if strings.HasPrefix(name, "_html_template_") || strings.HasPrefix(name, "_eval_args_") {
		return nil, unsupported(nil, "escaper %s", name)
	}
	if fn, ok := c.funcs[name]; ok {
		return c.funcCall(name, fn, argNodes, hasFinal)
	}
	return c.builtinCall(name, argNodes, hasFinal)
}

func (c *compiler) operands(nodes []parse.Node) ([]expr, error) {
	args := make([]expr, len(nodes))
	for i, n := range nodes {
		a, err := c.operand(n)
		if err != nil {
			return nil, err
		}
		args[i] = a
	}
	return args, nil
}

// escaperCall calls one of html/template's escapers, which take any
// values and return a string.
func (c *compiler) escaperCall(esc escaper, argNodes []parse.Node, hasFinal bool) (callFunc, error) {
	args, err := c.operands(argNodes)
	if err != nil {
		return nil, err
	}
	if len(args) == 0 && hasFinal {
		// The common case: {{ x | escaper }}.
		return func(_ *state, _, final any) (any, error) {
			if out, ok := esc(stringifyOne(plain(final))); ok {
				return out, nil
			}
			return nil, ErrFallback
		}, nil
	}
	return func(s *state, dot, final any) (any, error) {
		vals := make([]any, 0, len(args)+1)
		for _, a := range args {
			v, err := a(s, dot)
			if err != nil {
				return nil, err
			}
			vals = append(vals, plain(v))
		}
		if hasFinal {
			vals = append(vals, plain(final))
		}
		if out, ok := escapeValues(esc, vals); ok {
			return out, nil
		}
		return nil, ErrFallback
	}, nil
}

// plain turns the executor's "no value" into the nil a function receives.
func plain(v any) any {
	if _, ok := v.(missing); ok {
		return nil
	}
	return v
}

// param checks one argument against a parameter type, as text/template's
// validateType does on its common path; ok=false falls back.
type param func(v any) (any, bool)

func paramFor(t reflect.Type) param {
	if t.Kind() == reflect.Interface {
		if t.NumMethod() == 0 {
			return func(v any) (any, bool) { return plain(v), true }
		}
		return func(v any) (any, bool) {
			v = plain(v)
			return v, v == nil || reflect.TypeOf(v).Implements(t)
		}
	}
	nilable := false
	switch t.Kind() {
	case reflect.Chan, reflect.Func, reflect.Map, reflect.Pointer, reflect.Slice:
		nilable = true
	}
	zero := reflect.Zero(t).Interface()
	return func(v any) (any, bool) {
		switch v.(type) {
		case nil, missing:
			return zero, nilable
		}
		vt := reflect.TypeOf(v)
		return v, vt == t || vt.AssignableTo(t)
	}
}

// funcCall compiles a call of a template function: argument count and
// literal types are checked here, values at run time.
func (c *compiler) funcCall(name string, fn any, argNodes []parse.Node, hasFinal bool) (callFunc, error) {
	ft := reflect.TypeOf(fn)
	if ft == nil || ft.Kind() != reflect.Func {
		return nil, unsupported(nil, "function %s is not a function", name)
	}
	n := len(argNodes) + boolInt(hasFinal)
	if ft.IsVariadic() && n < ft.NumIn()-1 || !ft.IsVariadic() && n != ft.NumIn() {
		return nil, unsupported(nil, "wrong number of arguments for %s", name)
	}
	switch ft.NumOut() {
	case 1:
	case 2:
		if ft.Out(1) != reflect.TypeFor[error]() {
			return nil, unsupported(nil, "function %s's second result is not an error", name)
		}
	default:
		return nil, unsupported(nil, "function %s returns %d values", name, ft.NumOut())
	}
	paramType := func(i int) reflect.Type {
		if ft.IsVariadic() && i >= ft.NumIn()-1 {
			return ft.In(ft.NumIn() - 1).Elem()
		}
		return ft.In(i)
	}
	args := make([]expr, len(argNodes))
	params := make([]param, n)
	for i := range n {
		params[i] = paramFor(paramType(i))
	}
	for i, node := range argNodes {
		t := paramType(i)
		if lit, ok := literal(node, t); ok {
			v := lit
			args[i] = func(*state, any) (any, error) { return v, nil }
			continue
		}
		if isLiteral(node) && t.Kind() != reflect.Interface {
			return nil, unsupported(node, "a literal for a %s parameter", t)
		}
		a, err := c.operand(node)
		if err != nil {
			return nil, err
		}
		args[i] = a
	}
	invoke := invokerFor(fn)
	return func(s *state, dot, final any) (any, error) {
		vals := make([]any, n)
		for i, a := range args {
			v, err := a(s, dot)
			if err != nil {
				return nil, err
			}
			var ok bool
			if vals[i], ok = params[i](v); !ok {
				return nil, ErrFallback
			}
		}
		if hasFinal {
			var ok bool
			if vals[n-1], ok = params[n-1](final); !ok {
				return nil, ErrFallback
			}
		}
		v, err := invoke(vals)
		if err != nil {
			// html/template says which call failed and where.
			return nil, ErrFallback
		}
		return v, nil
	}, nil
}

func isLiteral(n parse.Node) bool {
	switch n.(type) {
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return true
	}
	return false
}

// literal is a literal argument's value for a parameter of type t, where
// text/template's rule is simple: a string for a string, a number's ideal
// type for an empty interface, and so on.
func literal(n parse.Node, t reflect.Type) (any, bool) {
	empty := t.Kind() == reflect.Interface && t.NumMethod() == 0
	switch n := n.(type) {
	case *parse.StringNode:
		if t == reflect.TypeFor[string]() || empty {
			return n.Text, true
		}
	case *parse.BoolNode:
		if t == reflect.TypeFor[bool]() || empty {
			return n.True, true
		}
	case *parse.NumberNode:
		if empty {
			v, err := idealConstant(n)
			return v, err == nil
		}
		if t == reflect.TypeFor[int]() && n.IsInt && int64(int(n.Int64)) == n.Int64 {
			return int(n.Int64), true
		}
		if t == reflect.TypeFor[float64]() && n.IsFloat {
			return n.Float64, true
		}
	case *parse.NilNode:
		if empty {
			return nil, true
		}
	}
	return nil, false
}

// invokerFor calls fn directly for the signatures the theme's functions
// have, and through reflection otherwise.
func invokerFor(fn any) invoker {
	switch f := fn.(type) {
	case func(any) string:
		return func(a []any) (any, error) { return f(a[0]), nil }
	case func(any) template.HTML:
		return func(a []any) (any, error) { return f(a[0]), nil }
	case func(any) template.URL:
		return func(a []any) (any, error) { return f(a[0]), nil }
	case func(any) (template.HTML, error):
		return func(a []any) (any, error) { return f(a[0]) }
	case func(string, ...any) (template.HTML, error):
		return func(a []any) (any, error) {
			name, ok := a[0].(string)
			if !ok {
				return nil, ErrFallback
			}
			return f(name, a[1:]...)
		}
	case func(string, any, ...any) (template.HTML, error):
		return func(a []any) (any, error) {
			name, ok := a[0].(string)
			if !ok {
				return nil, ErrFallback
			}
			return f(name, a[1], a[2:]...)
		}
	case func(any, string, ...any) (any, error):
		return func(a []any) (any, error) {
			key, ok := a[1].(string)
			if !ok {
				return nil, ErrFallback
			}
			return f(a[0], key, a[2:]...)
		}
	case func(string, any) (string, error):
		return func(a []any) (any, error) {
			s, ok := a[0].(string)
			if !ok {
				return nil, ErrFallback
			}
			return f(s, a[1])
		}
	case func(any, ...any) any:
		return func(a []any) (any, error) { return f(a[0], a[1:]...), nil }
	case func(any, ...any) (any, error):
		return func(a []any) (any, error) { return f(a[0], a[1:]...) }
	case func(...any) (map[string]any, error):
		return func(a []any) (any, error) { return f(a...) }
	case func(...any) []any:
		return func(a []any) (any, error) { return f(a...), nil }
	case func(...any) string:
		return func(a []any) (any, error) { return f(a...), nil }
	case func(any, any) (any, error):
		return func(a []any) (any, error) { return f(a[0], a[1]) }
	case func(any, any, ...any) (string, error):
		return func(a []any) (any, error) { return f(a[0], a[1], a[2:]...) }
	case func(any, any) bool:
		return func(a []any) (any, error) { return f(a[0], a[1]), nil }
	}
	return reflectInvoker(reflect.ValueOf(fn))
}

func reflectInvoker(fn reflect.Value) invoker {
	ft := fn.Type()
	return func(a []any) (any, error) {
		in := make([]reflect.Value, len(a))
		for i, v := range a {
			t := ft.In(min(i, ft.NumIn()-1))
			if ft.IsVariadic() && i >= ft.NumIn()-1 {
				t = t.Elem()
			}
			if v == nil {
				in[i] = reflect.Zero(t)
			} else {
				in[i] = reflect.ValueOf(v)
			}
		}
		out := fn.Call(in)
		if len(out) == 2 && !out[1].IsNil() {
			return nil, out[1].Interface().(error)
		}
		return out[0].Interface(), nil
	}
}

// builtinCall compiles text/template's built-in functions that the
// layouts use; the others fall back.
func (c *compiler) builtinCall(name string, argNodes []parse.Node, hasFinal bool) (callFunc, error) {
	args, err := c.operands(argNodes)
	if err != nil {
		return nil, err
	}
	n := len(args) + boolInt(hasFinal)
	switch name {
	case "and", "or":
		if n == 0 {
			return nil, unsupported(nil, "%s without arguments", name)
		}
		stopOn := name == "or"
		return func(s *state, dot, final any) (any, error) {
			var v any
			for _, a := range args {
				var err error
				if v, err = a(s, dot); err != nil {
					return nil, err
				}
				t, ok := truth(v)
				if !ok {
					return nil, ErrFallback
				}
				if t == stopOn {
					return v, nil
				}
			}
			if hasFinal {
				v = final
			}
			return v, nil
		}, nil
	case "not":
		if n != 1 {
			return nil, unsupported(nil, "not takes one argument")
		}
		return func(s *state, dot, final any) (any, error) {
			v, err := argument(s, dot, args, final, 0)
			if err != nil {
				return nil, err
			}
			t, ok := truth(v)
			if !ok {
				return nil, ErrFallback
			}
			return !t, nil
		}, nil
	case "eq", "ne":
		if n < 2 || name == "ne" && n != 2 {
			return nil, unsupported(nil, "%s with %d arguments", name, n)
		}
		negate := name == "ne"
		return func(s *state, dot, final any) (any, error) {
			first, err := argument(s, dot, args, final, 0)
			if err != nil {
				return nil, err
			}
			for i := 1; i < n; i++ {
				other, err := argument(s, dot, args, final, i)
				if err != nil {
					return nil, err
				}
				same, ok := equal(first, other)
				if !ok {
					return nil, ErrFallback
				}
				if same {
					return !negate, nil
				}
			}
			return negate, nil
		}, nil
	case "lt", "le", "gt", "ge":
		if n != 2 {
			return nil, unsupported(nil, "%s takes two arguments", name)
		}
		return func(s *state, dot, final any) (any, error) {
			a, err := argument(s, dot, args, final, 0)
			if err != nil {
				return nil, err
			}
			b, err := argument(s, dot, args, final, 1)
			if err != nil {
				return nil, err
			}
			less, ok := lessThan(a, b)
			if !ok {
				return nil, ErrFallback
			}
			// As text/template: le is lt or eq, gt is not le, ge is not lt.
			switch name {
			case "lt":
				return less, nil
			case "ge":
				return !less, nil
			}
			same, ok := equal(a, b)
			if !ok {
				return nil, ErrFallback
			}
			if name == "le" {
				return less || same, nil
			}
			return !(less || same), nil
		}, nil
	case "printf":
		if n < 1 {
			return nil, unsupported(nil, "printf without a format")
		}
		return func(s *state, dot, final any) (any, error) {
			vals, err := arguments(s, dot, args, final, n)
			if err != nil {
				return nil, err
			}
			format, ok := vals[0].(string)
			if !ok {
				return nil, ErrFallback
			}
			return fmt.Sprintf(format, vals[1:]...), nil
		}, nil
	case "len":
		if n != 1 {
			return nil, unsupported(nil, "len takes one argument")
		}
		return func(s *state, dot, final any) (any, error) {
			v, err := argument(s, dot, args, final, 0)
			if err != nil {
				return nil, err
			}
			return length(v)
		}, nil
	case "index":
		if n < 1 {
			return nil, unsupported(nil, "index without arguments")
		}
		return func(s *state, dot, final any) (any, error) {
			item, err := argument(s, dot, args, final, 0)
			if err != nil {
				return nil, err
			}
			for i := 1; i < n; i++ {
				key, err := argument(s, dot, args, final, i)
				if err != nil {
					return nil, err
				}
				if item, err = index(item, key); err != nil {
					return nil, err
				}
			}
			return item, nil
		}, nil
	case "print", "println":
		sprint := fmt.Sprint
		if name == "println" {
			sprint = fmt.Sprintln
		}
		return func(s *state, dot, final any) (any, error) {
			vals, err := arguments(s, dot, args, final, n)
			if err != nil {
				return nil, err
			}
			return sprint(vals...), nil
		}, nil
	}
	return nil, unsupported(nil, "function %s", name)
}

// argument evaluates the i'th argument of a call; the last one is final
// when the call is a later pipeline stage.
func argument(s *state, dot any, args []expr, final any, i int) (any, error) {
	if i < len(args) {
		return args[i](s, dot)
	}
	return final, nil
}

// arguments evaluates all n arguments of a call for a function taking
// ...any: no value becomes nil.
func arguments(s *state, dot any, args []expr, final any, n int) ([]any, error) {
	vals := make([]any, n)
	for i := range n {
		v, err := argument(s, dot, args, final, i)
		if err != nil {
			return nil, err
		}
		vals[i] = plain(v)
	}
	return vals, nil
}

// lessThan is the built-in lt for two values of the same basic type;
// ok=false for anything else, which falls back.
func lessThan(a, b any) (less, ok bool) {
	switch x := a.(type) {
	case int:
		return lessOf(x, b)
	case float64:
		return lessOf(x, b)
	case string:
		return lessOf(x, b)
	}
	return false, false
}

func lessOf[T int | float64 | string](x T, b any) (less, ok bool) {
	y, ok := b.(T)
	return ok && x < y, ok
}

// equal is the built-in eq for two values: ok=false where eq would
// compare other kinds or fail, which falls back.
func equal(a, b any) (same, ok bool) {
	a, b = plain(a), plain(b)
	switch x := a.(type) {
	case string:
		return equalTo(x, b)
	case int:
		return equalTo(x, b)
	case bool:
		return equalTo(x, b)
	case float64:
		return equalTo(x, b)
	case nil:
		switch b.(type) {
		case string, int, bool, float64:
			return false, true
		}
	}
	return false, false
}

// equalTo compares x with a value of its own type; no value is unequal to
// a basic value, as in text/template.
func equalTo[T comparable](x T, b any) (same, ok bool) {
	switch y := b.(type) {
	case T:
		return x == y, true
	case nil:
		return false, true
	}
	return false, false
}

func length(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return len(x), nil
	case []any:
		return len(x), nil
	case map[string]any:
		return len(x), nil
	case nil, missing, undeclared:
		return nil, ErrFallback
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return rv.Len(), nil
	}
	return nil, ErrFallback
}

// index is the built-in index for one key, on the collections the pages'
// params hold; a missing map key gives nil (the map's zero element), as
// in text/template.
func index(item, key any) (any, error) {
	switch x := item.(type) {
	case map[string]any:
		if k, ok := key.(string); ok {
			return x[k], nil
		}
	case []any:
		if i, ok := key.(int); ok && i >= 0 && i < len(x) {
			return x[i], nil
		}
	case []map[string]any:
		if i, ok := key.(int); ok && i >= 0 && i < len(x) {
			return x[i], nil
		}
	case []string:
		if i, ok := key.(int); ok && i >= 0 && i < len(x) {
			return x[i], nil
		}
	}
	return nil, ErrFallback
}
