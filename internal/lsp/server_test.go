package lsp

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rolloutdocs/rolloutdocs/internal/lsp/lsptest"
)

// connect starts a server in-process and returns a client talking to it
// over a pipe, initialized with root as its workspace folder.
func connect(t testing.TB, root string, opts Options) (context.Context, *lsptest.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	serverEnd, clientEnd := net.Pipe()
	srv := NewServer(opts)
	done := make(chan struct{})
	go func() { srv.Serve(ctx, serverEnd); close(done) }()
	c := lsptest.Dial(ctx, clientEnd)
	t.Cleanup(func() {
		c.Close()
		cancel()
		<-done
	})
	if _, err := c.Initialize(ctx, root); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	return ctx, c
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDiagnosticsFollowTheUnsavedText(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.md")
	broken := readFile(t, "../plan/testdata/broken-plan.md")
	// The file on disk is fine; the editor's text is not: the text wins.
	if err := os.WriteFile(path, []byte(readFile(t, "../../content/plans/dark-mode.md")), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, c := connect(t, dir, Options{})
	uri := pathURI(path)
	if err := c.Open(ctx, uri, 1, broken); err != nil {
		t.Fatal(err)
	}
	ds, err := c.Diagnostics(ctx, uri, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := analyze("plan.md", broken, nil)
	if len(ds) != len(want.diags) || len(ds) == 0 {
		t.Fatalf("got %d diagnostics, want %d (%v)", len(ds), len(want.diags), ds)
	}
	for i, d := range ds {
		w := want.diags[i]
		if d.Code != w.Rule || d.Message != lspMessage(w) {
			t.Errorf("diagnostic %d = %v %q, want %s %q", i, d.Code, d.Message, w.Rule, lspMessage(w))
		}
		if int(d.Range.Start.Line) != w.Pos.Line-1 {
			t.Errorf("diagnostic %d (%s) on line %d, want %d", i, w.Rule, d.Range.Start.Line+1, w.Pos.Line)
		}
	}

	// Fixing the status typo removes that diagnostic on the next version.
	fixed := strings.Replace(broken, "status: launchd", "status: launched", 1)
	if fixed == broken {
		t.Fatal("fixture changed: no `status: launchd` to fix")
	}
	if err := c.Change(ctx, uri, 2, fixed); err != nil {
		t.Fatal(err)
	}
	ds, err = c.Diagnostics(ctx, uri, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Code == "front-matter/enum" {
			t.Errorf("the fixed status is still reported: %s", d.Message)
		}
	}
}

func TestBurstOfChangesIsCheckedOnce(t *testing.T) {
	ctx, c := connect(t, "", Options{Debounce: 200 * time.Millisecond})
	uri := protocol.DocumentUri("file:///tmp/burst.md")
	text := readFile(t, "../../content/plans/dark-mode.md")
	c.Open(ctx, uri, 1, text)
	if _, err := c.Diagnostics(ctx, uri, 1); err != nil {
		t.Fatal(err)
	}
	for v := int32(2); v <= 6; v++ {
		c.Change(ctx, uri, v, text+strings.Repeat("x", int(v)))
	}
	if _, err := c.Diagnostics(ctx, uri, 6); err != nil {
		t.Fatal(err)
	}
	for v := int32(2); v <= 5; v++ {
		shortCtx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
		if _, err := c.Diagnostics(shortCtx, uri, v); err == nil {
			t.Errorf("version %d was published although version 6 followed it within the debounce", v)
		}
		cancel()
	}
}

func TestUnreadablePlansStillGetDiagnostics(t *testing.T) {
	ctx, c := connect(t, "", Options{})
	for i, text := range []string{
		"",
		"\x00\x01binary",
		"+++\ntitle = \"x\"\n+++\n",
		"---\ntitle: never closed\n",
		"---\n: : :\n\t- [\n---\n# x\n",
		"just some words",
	} {
		uri := protocol.DocumentUri("file:///tmp/bad" + string(rune('a'+i)) + ".md")
		c.Open(ctx, uri, 1, text)
		ds, err := c.Diagnostics(ctx, uri, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) == 0 {
			t.Errorf("%q: no diagnostics", text)
		}
		for _, d := range ds {
			if d.Code == RuleInternal {
				t.Errorf("%q: internal error: %s", text, d.Message)
			}
		}
	}
}

func TestDuplicateSlugFromTheWorkspace(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"content/plans/a/launch.md", "content/plans/b/launch.md"} {
		full := filepath.Join(root, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte(readFile(t, "../../content/plans/dark-mode.md")), 0o644)
	}
	ctx, c := connect(t, root, Options{})
	uri := pathURI(filepath.Join(root, "content/plans/a/launch.md"))
	c.Open(ctx, uri, 1, readFile(t, "../../content/plans/dark-mode.md"))
	ds, err := c.Diagnostics(ctx, uri, 1)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, d := range ds {
		if d.Code == "file/duplicate-slug" {
			found = true
			if !strings.Contains(d.Message, filepath.Join("content", "plans", "b", "launch.md")) {
				t.Errorf("duplicate-slug message does not name the other file relative to the workspace: %s", d.Message)
			}
		}
	}
	if !found {
		t.Errorf("no duplicate-slug diagnostic: %v", ds)
	}
}

func TestMarkdownThatIsNotAPlanStaysQuiet(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "plans"), 0o755)
	ctx, c := connect(t, root, Options{})
	for _, tt := range []struct {
		path  string
		quiet bool
	}{
		{"README.md", true},
		{"docs/guide.md", true},
		{"content/plans/_index.md", true},
		{"content/plans/new-plan.md", false},
	} {
		uri := pathURI(filepath.Join(root, tt.path))
		c.Open(ctx, uri, 1, "# Just notes\n")
		ds, err := c.Diagnostics(ctx, uri, 1)
		if err != nil {
			t.Fatal(err)
		}
		if tt.quiet != (len(ds) == 0) {
			t.Errorf("%s: %d diagnostics, want quiet=%v", tt.path, len(ds), tt.quiet)
		}
	}
}
