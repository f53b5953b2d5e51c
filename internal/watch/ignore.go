package watch

import (
	"path/filepath"
	"strconv"
	"strings"
)

// Ignored reports whether a file or directory name (not a path) is one that
// editors, version control or the operating system create next to real
// sources while saving. Such files never reach a rebuild: seeing vim's
// `4913` probe or a JetBrains `___jb_tmp___` file would rebuild for a file
// that is gone a millisecond later.
func Ignored(name string) bool {
	switch {
	case name == "" || name == "." || name == "..":
		return false
	case strings.HasPrefix(name, "."):
		// Hidden files and directories: .git, vim's .plan.md.swp, emacs'
		// .#plan.md lock, gedit's .goutputstream-*, macOS .DS_Store.
		return true
	case strings.HasSuffix(name, "~"):
		// vim and emacs backups, written by the backup-rename save.
		return true
	case len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		// emacs auto-save files.
		return true
	case strings.Contains(name, "___jb_tmp___") || strings.Contains(name, "___jb_old___"):
		// JetBrains "safe write": it writes x___jb_tmp___, renames x to
		// x___jb_old___, renames the temp file to x, then deletes the old one.
		return true
	case isVimProbe(name):
		// vim probes whether it may create files in a directory by creating
		// and deleting "4913" (then 5036, 5159... if that exists).
		return true
	case isSedTemp(name):
		// `sed -i` writes sedXXXXXX next to the file, then renames it over.
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".swp", ".swo", ".swx", ".swpx", ".tmp", ".temp", ".bak", ".kate-swp", ".crswap", ".part":
		return true
	}
	return false
}

// isVimProbe matches the names vim tries, 4913 + 123*k, and no other
// number: a directory named "2026" is content.
func isVimProbe(name string) bool {
	n, err := strconv.Atoi(name)
	return err == nil && name[0] >= '1' && name[0] <= '9' && n >= 4913 && (n-4913)%123 == 0
}

// isSedTemp matches GNU sed's in-place temporary files: "sed" followed by six
// letters or digits, without an extension.
func isSedTemp(name string) bool {
	if len(name) != 9 || !strings.HasPrefix(name, "sed") {
		return false
	}
	for _, r := range name[3:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
