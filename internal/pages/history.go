package pages

import (
	"strings"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/history"
)

// CommitURLBase is the prefix of a commit's web page for a repo_url that
// links files: ".../org/repo/blob/main/" (GitHub, Gitea's ".../src/branch/
// main/", GitLab's ".../-/blob/main/") gives ".../org/repo/commit/" (GitLab:
// ".../-/commit/"). "" when the form is not one of those: no commit links
// rather than wrong ones.
func CommitURLBase(repoURL string) string {
	for _, f := range []struct{ mark, commit string }{
		{"/-/blob/", "/-/commit/"},
		{"/blob/", "/commit/"},
		{"/src/branch/", "/commit/"},
		{"/src/commit/", "/commit/"},
	} {
		if i := strings.Index(repoURL, f.mark); i > 0 {
			return repoURL[:i] + f.commit
		}
	}
	return ""
}

// commitParams are the params of one commit: when (in the author's time
// zone, and as a sort key in UTC), by whom, why, and a link.
func commitParams(site Site, c *history.Commit) map[string]any {
	url := ""
	if base := CommitURLBase(site.RepoURL); base != "" {
		url = base + c.Hash
	}
	return map[string]any{
		"hash": c.Hash, "short": c.Short(), "url": url,
		"author": c.Author, "subject": c.Subject,
		"date":     c.Time.Format(time.DateOnly),
		"datetime": c.Time.Format(time.RFC3339),
		"sort":     c.Time.UTC().Format(time.RFC3339),
	}
}

// historyParams add a plan's history from git to its page's params:
// last_change (a commit, or absent), status_history (oldest first: each
// status, the commit that set it, and until when it held) and
// history_shown (the site has history, so the index shows the column).
func historyParams(site Site, in PlanInput, params map[string]any) {
	params["history_shown"] = site.History
	h := in.History
	if h == nil || h.Last() == nil {
		params["status_history"] = []any{}
		return
	}
	params["last_change"] = commitParams(site, h.Last())
	params["commit_count"] = len(h.Commits)
	var list []any
	for i, s := range h.Statuses {
		e := commitParams(site, s.Commit)
		e["status"] = s.Status
		e["status_label"] = StatusLabel(s.Status)
		e["current"] = i == len(h.Statuses)-1
		list = append(list, e)
	}
	// newest first, as people read a history
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	if list == nil {
		list = []any{}
	}
	params["status_history"] = list
	if n := len(h.Statuses); n > 0 && h.Statuses[n-1].Status != in.Plan.Front.Status {
		// The file's status is not the one last committed.
		params["status_uncommitted"] = true
	}
	var renamed []any
	for _, r := range h.RenamedFrom {
		renamed = append(renamed, r)
	}
	if renamed == nil {
		renamed = []any{}
	}
	params["renamed_from"] = renamed
}

// historyRevision is what of a plan's history its pages show, for
// revision: a new commit to the plan changes its pages.
func historyRevision(site Site, in PlanInput) string {
	var sb strings.Builder
	if site.History {
		sb.WriteString("\x00h")
	}
	if h := in.History; h != nil {
		sb.WriteString(h.Last().Hash)
		for _, s := range h.Statuses {
			sb.WriteString(s.Status + s.Commit.Hash)
		}
	}
	return sb.String()
}
