package history

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// cacheName is the cache's file in the repository's git directory (git
// rev-parse --git-path: each worktree has its own).
const cacheName = "rolloutdocs/history.gob"

// cacheVersion changes whenever what the cache holds, or what a read
// makes of git's output, changes: an older cache is then read again.
const cacheVersion = 1

// logCache keeps what a read got from git (every change to the plan
// files up to a commit, and the status of each blob) in the repository's
// git directory, so that the next read asks git only for the commits made
// since, when that commit is still in HEAD's history. What it buys: the
// full `git log --raw` over 10,000 commits of a 1,000-file tree costs
// about as much CPU as building the site (see bench/README.md); a build
// after a few new commits reads those alone. A missing, unreadable, stale
// or foreign cache means a full read, which then rewrites it; a cache
// that cannot be written only costs the next read its speed. The result is
// the same either way (TestCachedReadMatchesPlain).
type logCache struct {
	path   string // the cache file; "" for none
	prefix string // the source's directory within the work tree
}

// cachedLog is what the cache file holds, as gob.
type cachedLog struct {
	Version  int
	Prefix   string
	Head     string
	Commits  []cachedCommit
	Changes  []cachedChange
	Statuses map[string]string
}

type cachedCommit struct{ Hash, Author, Date, Subject string }

type cachedChange struct {
	Commit           int // into Commits
	Kind             byte
	From, Path, Blob string
}

// cacheEntry is a cache read back: what logChanges and blobStatuses
// would have returned at head.
type cacheEntry struct {
	head     string
	changes  []change
	statuses map[string]string
}

// load reads the cache; nil when there is none for this source.
func (c logCache) load() *cacheEntry {
	if c.path == "" {
		return nil
	}
	f, err := os.Open(c.path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var l cachedLog
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 256<<10)).Decode(&l); err != nil {
		return nil
	}
	if l.Version != cacheVersion || l.Prefix != c.prefix || l.Head == "" {
		return nil
	}
	commits := make([]*Commit, len(l.Commits))
	for i, k := range l.Commits {
		t, err := time.Parse(time.RFC3339, k.Date)
		if err != nil {
			return nil
		}
		commits[i] = &Commit{Hash: k.Hash, Author: k.Author, Subject: k.Subject, Time: t}
	}
	e := &cacheEntry{head: l.Head, changes: make([]change, len(l.Changes)), statuses: l.Statuses}
	if e.statuses == nil {
		e.statuses = map[string]string{}
	}
	for i, k := range l.Changes {
		if k.Commit < 0 || k.Commit >= len(commits) {
			return nil
		}
		e.changes[i] = change{commit: commits[k.Commit], kind: k.Kind, from: k.From, path: k.Path, blob: k.Blob}
	}
	return e
}

// save writes the cache for head: the changes as logChanges gave them
// (newest first) and the statuses read. It replaces the file atomically,
// so a build reading it at the same time sees the old or the new one;
// failing to write it is not an error.
func (c logCache) save(head string, changes []change, statuses map[string]string) {
	if c.path == "" {
		return
	}
	l := cachedLog{Version: cacheVersion, Prefix: c.prefix, Head: head, Statuses: statuses,
		Changes: make([]cachedChange, len(changes))}
	index := map[*Commit]int{}
	for i, ch := range changes {
		k, ok := index[ch.commit]
		if !ok {
			k = len(l.Commits)
			index[ch.commit] = k
			l.Commits = append(l.Commits, cachedCommit{Hash: ch.commit.Hash, Author: ch.commit.Author,
				Date: ch.commit.Time.Format(time.RFC3339), Subject: ch.commit.Subject})
		}
		l.Changes[i] = cachedChange{Commit: k, Kind: ch.kind, From: ch.from, Path: ch.path, Blob: ch.blob}
	}
	_ = writeAtomic(c.path, func(w *bufio.Writer) error { return gob.NewEncoder(w).Encode(&l) })
}

func writeAtomic(path string, write func(*bufio.Writer) error) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".history-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 256<<10)
	if err := write(w); err != nil {
		return fmt.Errorf("encoding the history cache: %w", err)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return errors.Join(err, os.Remove(f.Name()))
	}
	return nil
}
