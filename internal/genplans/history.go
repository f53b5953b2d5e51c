package genplans

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// HistoryStats says what WriteHistory committed.
type HistoryStats struct {
	Commits  int    // commits made: one per plan added, the rest edits
	Statuses int    // commits that changed a plan's status
	Edits    int    // commits that changed a plan's phases or ticks only
	Renames  int    // commits that renamed a plan
	Head     string // the last commit's hash
}

// historyAuthors commit the generated history, by turns the seed decides.
var historyAuthors = []struct{ name, email string }{
	{"Ana Lima", "ana.lima@example.com"},
	{"Bo Chen", "bo.chen@example.com"},
	{"Chioma Obi", "chioma.obi@example.com"},
	{"Dmitri Volkov", "dmitri.volkov@example.com"},
	{"Elif Kaya", "elif.kaya@example.com"},
	{"Farid Haddad", "farid.haddad@example.com"},
}

// historyStart is the first commit's date; later commits follow 1 to 180
// minutes apart.
var historyStart = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)

// statusPath is the statuses a plan goes through to reach its final one.
func statusPath(final string) []string {
	switch final {
	case "draft":
		return []string{"draft"}
	case "in-review":
		return []string{"draft", "in-review"}
	case "approved":
		return []string{"draft", "in-review", "approved"}
	case "cancelled":
		return []string{"draft", "in-review", "cancelled"}
	case "in-progress":
		return []string{"draft", "in-review", "approved", "in-progress"}
	}
	// launched, paused, rolled-back: after the rollout started.
	return []string{"draft", "in-review", "approved", "in-progress", final}
}

// WriteHistory makes dir a new git repository whose history writes the
// portfolio of Write(dir, plans, seed) over commits commits: each plan is
// added by a commit of its own, in draft when it is edited later, and the
// other commits edit a plan each, moving its status along draft →
// in-review → approved → in-progress → its final one, ticking its boxes
// and revising a phase's duration; one plan in twenty starts as
// draft-<slug>.md and is renamed (content unchanged) along the way. The
// last version of every plan is Plan(i, seed) at <slug>.md, so the work
// tree at HEAD holds the same files as Write. Authors and dates are fixed
// by the seed, so the same arguments give the same commit hashes.
//
// The history goes through one `git fast-import`, not a `git commit` per
// commit: 10,000 commits take seconds. dir must be new or empty.
func WriteHistory(ctx context.Context, dir string, plans, commits int, seed int64) (HistoryStats, error) {
	var st HistoryStats
	if plans < 1 {
		return st, fmt.Errorf("a history needs at least one plan, not %d", plans)
	}
	if commits < plans {
		return st, fmt.Errorf("%d commits cannot add %d plans: each plan is added by a commit of its own; give -commits %d or more", commits, plans, plans)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return st, fmt.Errorf("%s is not empty; generate a history into a new or empty directory", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return st, fmt.Errorf("reading %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, fmt.Errorf("creating %s: %w", dir, err)
	}
	if _, err := runGit(ctx, dir, nil, "init", "-q", "-b", "main"); err != nil {
		return st, err
	}
	sched, events := schedule(plans, commits, seed)

	cmd := gitCommand(ctx, dir, "fast-import", "--quiet", "--done")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return st, err
	}
	if err := cmd.Start(); err != nil {
		return st, fmt.Errorf("starting git fast-import: %w", err)
	}
	w := bufio.NewWriterSize(stdin, 1<<20)
	st, werr := writeStream(w, plans, sched, events, seed)
	if werr == nil {
		werr = w.Flush()
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		return st, fmt.Errorf("git fast-import: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	if werr != nil {
		return st, fmt.Errorf("writing the fast-import stream: %w", werr)
	}
	// Check the files out, so the repository is a work tree to build.
	if _, err := runGit(ctx, dir, nil, "reset", "-q", "--hard", "main"); err != nil {
		return st, err
	}
	head, err := runGit(ctx, dir, nil, "rev-parse", "HEAD")
	if err != nil {
		return st, err
	}
	st.Head = strings.TrimSpace(head)
	return st, nil
}

// event is one commit of the schedule: plan's op-th change (0 adds it).
type event struct {
	plan, op int
	at       uint64 // the event's place in time, for ordering
}

// planSchedule is how one plan's history goes.
type planSchedule struct {
	ops      int // changes after the add
	renameAt int // the op that renames it, 0 for none
}

// schedule plans the history: how many changes each plan gets and which
// one renames it, and the order of all commits, plan additions spread over
// the first 70% of the time, each plan's changes after its addition.
func schedule(plans, commits int, seed int64) ([]planSchedule, []event) {
	r := newRNG(uint64(seed), 0x5eed0f4157)
	sched := make([]planSchedule, plans)
	for range commits - plans {
		sched[r.intn(plans)].ops++
	}
	renames := max(1, plans/20)
	for _, i := range r.perm(plans) {
		if renames == 0 {
			break
		}
		if sched[i].ops > 0 {
			sched[i].renameAt = 1 + r.intn(sched[i].ops)
			renames--
		}
	}
	const span = 1 << 40
	events := make([]event, 0, commits)
	for i, s := range sched {
		add := uint64(r.intn(span * 7 / 10))
		events = append(events, event{plan: i, at: add})
		times := make([]uint64, s.ops)
		for k := range times {
			times[k] = add + 1 + uint64(r.intn(int(span-add-1)))
		}
		slices.Sort(times)
		for k, t := range times {
			events = append(events, event{plan: i, op: k + 1, at: t})
		}
	}
	slices.SortFunc(events, func(a, b event) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.plan, b.plan), cmp.Compare(a.op, b.op))
	})
	return sched, events
}

// versions is the number of different texts a plan has over its history:
// its addition and each change but the rename.
func (s planSchedule) versions() int {
	if s.renameAt > 0 {
		return s.ops
	}
	return 1 + s.ops
}

// version is the text version op leaves the plan at.
func (s planSchedule) version(op int) int {
	if s.renameAt > 0 && op >= s.renameAt {
		return op - 1
	}
	return op
}

// writeStream writes the fast-import commands of the history.
func writeStream(w *bufio.Writer, plans int, sched []planSchedule, events []event, seed int64) (HistoryStats, error) {
	var st HistoryStats
	r := newRNG(uint64(seed), 0xa17401)
	when := historyStart
	finals := make([][]byte, plans)
	for i := range finals {
		finals[i] = Plan(i, seed)
	}
	for _, e := range events {
		s := sched[e.plan]
		final := finals[e.plan]
		slug := Slug(e.plan, seed)
		path, draft := PlansDir+"/"+slug+".md", PlansDir+"/draft-"+slug+".md"
		if s.renameAt > 0 && e.op < s.renameAt {
			path = draft
		}
		v, n := s.version(e.op), s.versions()
		var msg string
		var text []byte
		switch {
		case e.op == 0:
			msg = "Add the " + Title(e.plan, seed) + " rollout plan"
			text = planVersion(final, v, n)
			if n > 1 {
				msg += " (draft)"
			}
		case e.op == s.renameAt:
			msg = fmt.Sprintf("Rename draft-%s.md to %s.md", slug, slug)
			st.Renames++
		default:
			text = planVersion(final, v, n)
			before, after := FrontStatusOf(planVersion(final, v-1, n)), FrontStatusOf(text)
			if before != after {
				msg = fmt.Sprintf("%s: %s → %s", Title(e.plan, seed), before, after)
				st.Statuses++
			} else {
				msg = fmt.Sprintf("%s: revise the plan's phases", Title(e.plan, seed))
				st.Edits++
			}
		}
		who := historyAuthors[r.intn(len(historyAuthors))]
		stamp := fmt.Sprintf("%s <%s> %d +0000", who.name, who.email, when.Unix())
		fmt.Fprintf(w, "commit refs/heads/main\nauthor %s\ncommitter %s\ndata %d\n%s\n", stamp, stamp, len(msg), msg)
		if text == nil {
			fmt.Fprintf(w, "R %s %s\n", draft, path)
		} else {
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n", path, len(text))
			w.Write(text)
		}
		w.WriteString("\n")
		st.Commits++
		when = when.Add(time.Duration(1+r.intn(180)) * time.Minute)
	}
	_, err := w.WriteString("done\n")
	return st, err
}

var (
	statusLine   = regexp.MustCompile(`(?m)^status: .*$`)
	durationLine = regexp.MustCompile(`(?m)^\*\*Duration:\*\* .*$`)
)

// planVersion is version v of n of the plan whose last version is final:
// its status that far along statusPath, the first v/(n-1) of its ticked
// boxes ticked, and one phase's duration revised (a different phase from
// one version to the next, so that each differs from the one before).
func planVersion(final []byte, v, n int) []byte {
	if v >= n-1 {
		return final
	}
	path := statusPath(FrontStatusOf(final))
	text := statusLine.ReplaceAll(slices.Clone(final), []byte("status: "+path[v*(len(path)-1)/(n-1)]))
	ticked := bytes.Count(text, []byte("- [x] "))
	keep := ticked * v / (n - 1)
	var b bytes.Buffer
	for k, part := range bytes.Split(text, []byte("- [x] ")) {
		if k > 0 {
			if k <= keep {
				b.WriteString("- [x] ")
			} else {
				b.WriteString("- [ ] ")
			}
		}
		b.Write(part)
	}
	text = b.Bytes()
	durations := durationLine.FindAllIndex(text, -1)
	if len(durations) > 0 {
		d := durations[v%len(durations)]
		text = slices.Concat(text[:d[0]], []byte(fmt.Sprintf("**Duration:** %d days", 2+v)), text[d[1]:])
	}
	return text
}

// FrontStatusOf is the status line's value of a generated plan.
func FrontStatusOf(text []byte) string {
	m := statusLine.Find(text)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(strings.TrimPrefix(string(m), "status:"))
}

// gitCommand runs git in dir unaffected by the user's and the system's
// configuration (signing, hooks, default branch), so the history is the
// same everywhere.
func gitCommand(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1", "LC_ALL=C")
	return cmd
}

func runGit(ctx context.Context, dir string, stdin io.Reader, args ...string) (string, error) {
	cmd := gitCommand(ctx, dir, args...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", errors.New("git is not installed; a history needs git")
		}
		return "", fmt.Errorf("git %s in %s: %v: %s", args[0], filepath.Clean(dir), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}
