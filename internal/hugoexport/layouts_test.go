package hugoexport_test

// The layout guard: layouts/ is one set of templates for two engines, so
// every layout must keep to what both run. Parsing with our engine's
// function map catches functions only Hugo has (and Hugo keywords such as
// return and try, which parse as undefined functions); the pinned Hugo's
// source says which functions Hugo has; and the page fields a layout reads
// must be ones both engines give the same meaning.

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/rolloutdocs/rolloutdocs/internal/templates"
	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// goBuiltins are text/template's own functions, which Hugo keeps.
var goBuiltins = []string{"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne"}

// pageFields are the capitalised fields a layout may read, on a page or
// the site, because both engines give them the same value.
var pageFields = map[string]string{
	"Title": "", "RelPermalink": "", "Permalink": "", "Type": "", "Params": "", "Site": "",
	"Pages": "", "BaseURL": "",
	// Fields both engines have but with different values for the same page.
	"Kind":    "the index is kind home in rolloutdocs build and section in Hugo; test .Params.rollout_page",
	"Layout":  "the index's layout is home in rolloutdocs build and portfolio in Hugo; test .Params.rollout_page",
	"Content": "Hugo takes only Markdown as page content, so the export leaves it empty; use the _html params",
}

// layoutFile is one template and where it runs.
type layoutFile struct {
	rel      string // as written in messages: layouts/rollout/plan.html
	text     string
	hugoOnly bool // hugo/layouts: never parsed by our engine
}

func layoutFiles(t *testing.T, root string) []layoutFile {
	t.Helper()
	var files []layoutFile
	for _, dir := range []string{"layouts", filepath.Join("hugo", "layouts")} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			files = append(files, layoutFile{rel: filepath.ToSlash(rel), text: string(data), hugoOnly: dir != "layouts"})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 5 {
		t.Fatalf("found only %d layout files under %s", len(files), root)
	}
	return files
}

// hugoFuncs reads the template functions of the pinned Hugo from its
// source in the module cache: each tpl/<namespace>/init.go names its
// namespace and the aliases of its methods.
func hugoFuncs(t *testing.T, root string) map[string]bool {
	t.Helper()
	version := pinnedHugo(t, root)
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOMODCACHE: %v", err)
	}
	src := filepath.Join(strings.TrimSpace(string(out)), "github.com", "gohugoio", "hugo@"+version, "tpl")
	inits, _ := filepath.Glob(filepath.Join(src, "*", "init.go"))
	if len(inits) == 0 {
		testtool.Missing(t, "Hugo %s's source is not in the module cache (%s): run `cd tools/hugo && go mod download github.com/gohugoio/hugo`", version, src)
	}
	nsRE := regexp.MustCompile(`const (?:name|namespaceName)\s*=\s*"(\w+)"`)
	aliasRE := regexp.MustCompile(`\[\]string\{([^}]*)\}`)
	quotedRE := regexp.MustCompile(`"([^"]+)"`)
	funcs := map[string]bool{}
	for _, f := range goBuiltins {
		funcs[f] = true
	}
	for _, f := range inits {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range nsRE.FindAllSubmatch(data, -1) {
			funcs[string(m[1])] = true
		}
		for _, m := range aliasRE.FindAllSubmatch(data, -1) {
			for _, q := range quotedRE.FindAllSubmatch(m[1], -1) {
				funcs[string(q[1])] = true
			}
		}
	}
	// Sanity: a parse that found nothing would make every check pass.
	for _, f := range []string{"partial", "relURL", "where", "safeHTML", "site", "dict"} {
		if !funcs[f] {
			t.Fatalf("reading Hugo's functions from %s failed: %q not found", src, f)
		}
	}
	return funcs
}

// parseLayout parses a layout the way text/template would with funcs
// defined, returning every tree it defines.
func parseLayout(name, text string, funcs map[string]bool) (map[string]*parse.Tree, error) {
	fm := map[string]any{}
	for f := range funcs {
		fm[f] = true // parse only asks whether a name is defined (non-nil)
	}
	return parse.Parse(name, text, "{{", "}}", fm)
}

// uses lists the functions a tree calls and the capitalised fields it
// reads.
func uses(n parse.Node, funcs, fields map[string]bool) {
	switch n := n.(type) {
	case *parse.IdentifierNode:
		funcs[n.Ident] = true
	case *parse.FieldNode:
		for _, f := range n.Ident {
			fields[f] = true
		}
	case *parse.ChainNode:
		for _, f := range n.Field {
			fields[f] = true
		}
		uses(n.Node, funcs, fields)
	case *parse.VariableNode:
		for _, f := range n.Ident[1:] {
			fields[f] = true
		}
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				uses(c, funcs, fields)
			}
		}
	case *parse.ActionNode:
		uses(n.Pipe, funcs, fields)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				uses(c, funcs, fields)
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			uses(a, funcs, fields)
		}
	case *parse.IfNode:
		uses(&n.BranchNode, funcs, fields)
	case *parse.RangeNode:
		uses(&n.BranchNode, funcs, fields)
	case *parse.WithNode:
		uses(&n.BranchNode, funcs, fields)
	case *parse.BranchNode:
		uses(n.Pipe, funcs, fields)
		uses(n.List, funcs, fields)
		if n.ElseList != nil {
			uses(n.ElseList, funcs, fields)
		}
	case *parse.TemplateNode:
		uses(n.Pipe, funcs, fields)
	}
}

// check returns what is wrong with one layout file: functions one engine
// lacks, fields whose meaning differs, param keys Hugo would lower-case,
// inline partials (a Hugo feature).
func check(lf layoutFile, ours, hugo map[string]bool) []string {
	available := ours
	if lf.hugoOnly {
		available = hugo
	}
	trees, err := parseLayout(lf.rel, lf.text, available)
	if err != nil {
		if lf.hugoOnly {
			return []string{fmt.Sprintf("does not parse with Hugo's functions: %v", err)}
		}
		return []string{fmt.Sprintf("does not parse with rolloutdocs' functions (internal/templates.HugoFuncs and Go's built-ins): %v", err)}
	}
	var problems []string
	funcs, fields := map[string]bool{}, map[string]bool{}
	for name, tree := range trees {
		if strings.HasPrefix(name, "_partials/") || strings.HasPrefix(name, "partials/") {
			problems = append(problems, fmt.Sprintf("defines the inline partial %q, which only Hugo has", name))
		}
		uses(tree.Root, funcs, fields)
	}
	for _, f := range sorted(funcs) {
		if !hugo[f] {
			problems = append(problems, fmt.Sprintf("calls %s, which Hugo does not have", f))
		}
	}
	if lf.hugoOnly {
		return problems // Hugo's own page and site fields are all there
	}
	for _, f := range sorted(fields) {
		if f == "" || strings.ToLower(f[:1]) == f[:1] {
			if f != strings.ToLower(f) {
				problems = append(problems, fmt.Sprintf("reads the param key %q: Hugo lower-cases keys, so write it in lower case", f))
			}
			continue
		}
		why, known := pageFields[f]
		switch {
		case !known:
			problems = append(problems, fmt.Sprintf("reads .%s, which rolloutdocs' page does not have (layouts/README.md lists the fields both engines share)", f))
		case why != "":
			problems = append(problems, fmt.Sprintf("reads .%s: %s", f, why))
		}
	}
	return problems
}

func sorted(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func ourFuncs() map[string]bool {
	m := map[string]bool{}
	for _, f := range append(slices.Clone(goBuiltins), templates.HugoFuncs...) {
		m[f] = true
	}
	return m
}

func TestLayoutsUseWhatBothEnginesRun(t *testing.T) {
	root := repoRoot(t)
	ours, hugo := ourFuncs(), hugoFuncs(t, root)
	for _, f := range templates.HugoFuncs {
		if !hugo[f] {
			t.Errorf("internal/templates offers %s, which Hugo %s does not have", f, pinnedHugo(t, root))
		}
	}
	for _, lf := range layoutFiles(t, root) {
		for _, p := range check(lf, ours, hugo) {
			t.Errorf("%s %s", lf.rel, p)
		}
	}
}

// The guard must catch what it is for.
func TestLayoutGuardCatches(t *testing.T) {
	ours := ourFuncs()
	hugo := map[string]bool{"partial": true, "relURL": true, "safeHTML": true, "strings": true, "return": true, "default": true}
	for _, f := range goBuiltins {
		hugo[f] = true
	}
	for _, tc := range []struct{ name, text, want string }{
		{"a Hugo-only function", `{{ .Title | markdownify }}`, "rolloutdocs' functions"},
		{"a Hugo namespace", `{{ strings.Contains .Title "x" }}`, "rolloutdocs' functions"},
		{"return in a partial", `{{ return 1 }}`, "rolloutdocs' functions"},
		{"a param key with capitals", `{{ .Params.teamSize }}`, `param key "teamSize"`},
		{"a key with capitals on a variable", `{{ $p := .Params }}{{ $p.Owner_Name }}`, `.Owner_Name`},
		{"Kind", `{{ if eq .Kind "home" }}x{{ end }}`, ".Kind: the index"},
		{"Content", `{{ .Content }}`, ".Content: Hugo takes only Markdown"},
		{"a field rolloutdocs lacks", `{{ range .Pages }}{{ .Date }}{{ end }}`, ".Date, which rolloutdocs' page does not have"},
		{"an inline partial", `{{ define "_partials/x.html" }}x{{ end }}`, "inline partial"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			problems := check(layoutFile{rel: "layouts/x.html", text: tc.text}, ours, hugo)
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Errorf("problems %q do not mention %q", problems, tc.want)
			}
		})
	}
	ok := `{{ with .Params.plan }}<a href="{{ relURL .url }}">{{ .title }}</a>{{ end }}{{ partial "rollout/x.html" . }}{{ safeHTML .Params.overview_html }}`
	if problems := check(layoutFile{rel: "layouts/ok.html", text: ok}, ours, hugo); len(problems) != 0 {
		t.Errorf("a layout within the contract was flagged: %q", problems)
	}
}
