package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// These tests run the real binary, as a person would: start it, read what
// it prints, talk to it over HTTP, edit files under it, press Ctrl-C.

const serveTimeout = 20 * time.Second

// buildBinary compiles the command into a temporary directory.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "rolloutdocs")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// demoSource copies the example portfolio into a temporary source
// directory, so tests can edit it.
func demoSource(t *testing.T) string {
	t.Helper()
	root, err := testtool.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	src := filepath.Join(root, "content")
	err = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, "content", rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// running is a started `rolloutdocs serve`.
type running struct {
	cmd    *exec.Cmd
	url    string
	mu     sync.Mutex
	stdout strings.Builder
	stderr strings.Builder
	done   chan struct{}
}

func (r *running) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stdout.String() + r.stderr.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

var urlLine = regexp.MustCompile(`Serving \d+ plans, \d+ pages at (http://\S+)`)

// startServe runs the binary with args and waits for it to print its URL.
func startServe(t *testing.T, bin string, args ...string) *running {
	t.Helper()
	r := &running{done: make(chan struct{})}
	r.cmd = exec.Command(bin, append([]string{"serve"}, args...)...)
	r.cmd.Stderr = lockedWriter{&r.mu, &r.stderr}
	out, err := r.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			r.mu.Lock()
			r.stdout.WriteString(line + "\n")
			r.mu.Unlock()
			if m := urlLine.FindStringSubmatch(line); m != nil {
				urls <- m[1]
			}
		}
		r.cmd.Wait()
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			r.cmd.Process.Kill()
			<-r.done
		}
	})
	select {
	case r.url = <-urls:
	case <-r.done:
		t.Fatalf("serve exited before serving:\n%s", r.output())
	case <-time.After(serveTimeout):
		t.Fatalf("serve printed no URL within %v:\n%s", serveTimeout, r.output())
	}
	return r
}

// stream reads an event stream into a channel of "name data" strings.
func stream(t *testing.T, url string) <-chan [2]string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"_rolloutdocs/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan [2]string, 32)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "" && name != "":
				ch <- [2]string{name, data}
				name, data = "", ""
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ch
}

func nextEvent(t *testing.T, ch <-chan [2]string, want string) string {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatalf("the event stream ended; want a %s event", want)
		}
		if ev[0] != want {
			t.Fatalf("got a %s event (%s), want %s", ev[0], ev[1], want)
		}
		return ev[1]
	case <-time.After(serveTimeout):
		t.Fatalf("no %s event within %v", want, serveTimeout)
	}
	return ""
}

// awaitEvent skips events until one named want arrives (a save sends a
// change and, when its warnings moved, a problems event, in either order).
func awaitEvent(t *testing.T, ch <-chan [2]string, want string) string {
	t.Helper()
	timeout := time.After(serveTimeout)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("the event stream ended; want a %s event", want)
			}
			if ev[0] == want {
				return ev[1]
			}
		case <-timeout:
			t.Fatalf("no %s event within %v", want, serveTimeout)
		}
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestServeBinary edits the demo portfolio under a running server, breaks
// a plan and fixes it, then stops the server with SIGINT while a tab's
// event stream is open.
func TestServeBinary(t *testing.T) {
	bin := buildBinary(t)
	src := demoSource(t)
	r := startServe(t, bin, "--source", src, "--port", "0")
	if !strings.HasPrefix(r.url, "http://127.0.0.1:") || strings.HasSuffix(r.url, ":0/") {
		t.Fatalf("URL %q: want 127.0.0.1 and the port picked", r.url)
	}

	status, page := httpGet(t, r.url+"plans/dark-mode/")
	if status != 200 || !strings.Contains(page, "Dark Mode") || !strings.Contains(page, "/_rolloutdocs/live.js") {
		t.Fatalf("plan page: %d, live script present=%v", status, strings.Contains(page, "/_rolloutdocs/live.js"))
	}
	events := stream(t, r.url)
	nextEvent(t, events, "hello")
	nextEvent(t, events, "problems")

	plan := filepath.Join(src, "content", "plans", "dark-mode.md")
	orig, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	edited := mustReplace(t, string(orig), "Dark mode has been", "Dark mode (edited under serve) has been")
	saveAtomic(t, plan, edited)
	var change struct{ Pages []string }
	if err := json.Unmarshal([]byte(nextEvent(t, events, "change")), &change); err != nil {
		t.Fatal(err)
	}
	if !contains(change.Pages, "/plans/dark-mode/") {
		t.Fatalf("change event pages %q lack /plans/dark-mode/", change.Pages)
	}
	if _, page := httpGet(t, r.url+"plans/dark-mode/"); !strings.Contains(page, "(edited under serve)") {
		t.Fatal("the plan page does not show the edit")
	}

	// Break the front matter: a problems event with the source line.
	broken := mustReplace(t, edited, "status: launched", "status: lanched")
	saveAtomic(t, plan, broken)
	var ps struct {
		Errors []struct {
			File, Source, Message string
			Line, Col             int
		}
	}
	if err := json.Unmarshal([]byte(nextEvent(t, events, "problems")), &ps); err != nil {
		t.Fatal(err)
	}
	if len(ps.Errors) != 1 || ps.Errors[0].Source != "status: lanched" || ps.Errors[0].Line != 4 || ps.Errors[0].Col != 9 ||
		!strings.HasSuffix(ps.Errors[0].File, "dark-mode.md") {
		t.Fatalf("problems = %+v", ps)
	}
	if _, page := httpGet(t, r.url+"plans/dark-mode/"); !strings.Contains(page, "(edited under serve)") || strings.Contains(page, "lanched") {
		t.Fatal("the broken plan's page is not its last good version")
	}
	saveAtomic(t, plan, edited)
	// Fixed: the held pages come back (a change) and the problems clear.
	for range 2 {
		select {
		case ev := <-events:
			if ev[0] == "problems" && !strings.Contains(ev[1], `"errors":[]`) {
				t.Fatalf("problems after the fix: %s", ev[1])
			}
		case <-time.After(serveTimeout):
			t.Fatal("no events after the fix")
		}
	}

	// Ctrl-C with the stream open: the process exits promptly and cleanly.
	start := time.Now()
	if err := r.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("serve did not exit within 5s of SIGINT:\n%s", r.output())
	}
	if code := r.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit code %d after SIGINT:\n%s", code, r.output())
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutting down took %v; open streams should be closed, not waited for", d)
	}
	select {
	case _, ok := <-events:
		for ok {
			_, ok = <-events
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the event stream is still open after the server exited")
	}
	out := r.output()
	for _, want := range []string{
		"dark-mode.md: rebuilt in",
		`dark-mode.md:4:9: error: status: "lanched" is not a status`,
		"dark-mode.md: fixed",
		"Stopping the preview.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "goroutine ") || strings.Contains(out, "panic") {
		t.Errorf("output has a stack trace:\n%s", out)
	}
}

// saveAtomic saves as most editors do: a temporary file renamed over the
// original, so the server never reads a half-written plan.
func saveAtomic(t *testing.T, path, text string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestServeUsageErrors runs the binary with inputs that cannot work and
// checks each says what is wrong and how to fix it.
func TestServeUsageErrors(t *testing.T) {
	bin := buildBinary(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := fmt.Sprint(busy.Addr().(*net.TCPAddr).Port)
	src := demoSource(t)
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"port in use", []string{"--source", src, "--port", busyPort},
			[]string{"port " + busyPort + " on 127.0.0.1 is already in use", "--port 0"}},
		{"no content directory", []string{"--source", t.TempDir(), "--port", "0"},
			[]string{"has no content/ directory"}},
		{"missing source", []string{"--source", filepath.Join(t.TempDir(), "nope"), "--port", "0"},
			[]string{"nope"}},
		{"bad port", []string{"--port", "70000"}, []string{"--port 70000 is not a port"}},
		{"bad bind", []string{"--bind", "not an address", "--port", "0"}, []string{`--bind "not an address"`}},
		{"stray argument", []string{"content"}, []string{`unexpected argument "content"`, "--source"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), serveTimeout)
			defer cancel()
			out, err := exec.CommandContext(ctx, bin, append([]string{"serve"}, c.args...)...).CombinedOutput()
			exit, ok := err.(*exec.ExitError)
			if !ok || exit.ExitCode() != exitUsage {
				t.Fatalf("err = %v, want exit %d\n%s", err, exitUsage, out)
			}
			for _, w := range c.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(string(out), "goroutine ") {
				t.Errorf("stack trace:\n%s", out)
			}
		})
	}
}

// TestBuildOutputHasNoLiveReload makes sure the preview's script exists
// only in what serve sends, never in a built site.
func TestBuildOutputHasNoLiveReload(t *testing.T) {
	src := demoSource(t)
	dest := filepath.Join(t.TempDir(), "public")
	var stdout, stderr strings.Builder
	if code := run([]string{"build", "--source", src, "--destination", dest}, &stdout, &stderr); code != exitOK {
		t.Fatalf("build exit %d:\n%s%s", code, stdout.String(), stderr.String())
	}
	n := 0
	err := filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		if strings.Contains(string(data), "_rolloutdocs") || strings.Contains(string(data), "EventSource") {
			t.Errorf("%s contains the live-reload script", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("build wrote no files")
	}
}

// mustReplace edits the example plan; it fails when the example no longer
// holds the text the test edits, instead of timing out on a save that
// changed nothing.
func mustReplace(t testing.TB, s, old, repl string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("the example plan no longer contains %q; update the test", old)
	}
	return strings.Replace(s, old, repl, 1)
}

// TestServeFollowsCommits commits under a running preview: the plan's
// history on its page follows each commit and checkout, while a plain
// save never runs git (a git on PATH that logs its calls tells).
func TestServeFollowsCommits(t *testing.T) {
	realGit, err := exec.LookPath("git")
	if err != nil {
		testtool.Missing(t, "git is not installed")
	}
	bin := buildBinary(t)
	src := demoSource(t)
	gitIn(t, src, "init", "-q", "-b", "main")
	gitIn(t, src, "add", "-A")
	gitIn(t, src, "commit", "-q", "-m", "Add the plans")

	shims, calls := t.TempDir(), filepath.Join(t.TempDir(), "git-calls")
	shim := fmt.Sprintf("#!/bin/sh\necho \"$*\" >> %q\nexec %q \"$@\"\n", calls, realGit)
	if err := os.WriteFile(filepath.Join(shims, "git"), []byte(shim), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", shims+string(os.PathListSeparator)+os.Getenv("PATH"))
	countCalls := func() int {
		b, err := os.ReadFile(calls)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return strings.Count(string(b), "\n")
	}

	r := startServe(t, bin, "--source", src, "--port", "0")
	events := stream(t, r.url)
	nextEvent(t, events, "hello")
	nextEvent(t, events, "problems")
	const subject = `Reopen dark mode: "ramp" & <b>retest</b>`
	if _, page := httpGet(t, r.url+"plans/dark-mode/"); !strings.Contains(page, "Add the plans") || strings.Contains(page, "Reopen dark mode") {
		t.Fatal("the plan page does not show the first commit alone")
	}

	// A save: the page changes, git is not run.
	plan := filepath.Join(src, "content", "plans", "dark-mode.md")
	orig, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	// Give the history watcher's first look at HEAD time to finish.
	time.Sleep(500 * time.Millisecond)
	before := countCalls()
	reopened := mustReplace(t, string(orig), "status: launched", "status: in-progress")
	saveAtomic(t, plan, reopened)
	awaitEvent(t, events, "change")
	time.Sleep(time.Second) // longer than the history watcher's quiet period
	if n := countCalls(); n != before {
		b, _ := os.ReadFile(calls)
		t.Fatalf("a save ran git %d times:\n%s", n-before, b)
	}

	// A commit: the page shows it in the status history.
	gitIn(t, src, "commit", "-q", "-am", subject)
	var change struct{ Pages []string }
	if err := json.Unmarshal([]byte(awaitEvent(t, events, "change")), &change); err != nil {
		t.Fatal(err)
	}
	if !contains(change.Pages, "/plans/dark-mode/") {
		t.Fatalf("after the commit, change event pages %q lack /plans/dark-mode/", change.Pages)
	}
	_, page := httpGet(t, r.url+"plans/dark-mode/")
	escaped := `Reopen dark mode: &#34;ramp&#34; &amp; &lt;b&gt;retest&lt;/b&gt;`
	if !strings.Contains(page, escaped) {
		t.Fatalf("the plan page does not show the new commit %q, escaped", subject)
	}
	if _, other := httpGet(t, r.url+"plans/saml-sso/"); strings.Contains(other, "Reopen dark mode") {
		t.Fatal("another plan's page shows the commit")
	}

	// Checking the first commit out again: the page forgets the second.
	gitIn(t, src, "checkout", "-q", "HEAD~1")
	deadline := time.Now().Add(serveTimeout)
	for {
		if _, page := httpGet(t, r.url+"plans/dark-mode/"); !strings.Contains(page, "Reopen dark mode") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after checking out HEAD~1 the page still shows the later commit:\n%s", r.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
	out := r.output()
	if !strings.Contains(out, "git HEAD at ") || strings.Contains(out, "panic") {
		t.Errorf("output lacks the history refresh line:\n%s", out)
	}
}
