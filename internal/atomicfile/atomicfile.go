// Package atomicfile replaces a file's contents so that readers see either
// the old file or the new one, never a half-written mix, and a failure
// leaves the old file as it was.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Replace writes data to a temporary file beside path, syncs it, gives it
// path's permissions and renames it over path. A symlink is followed, so
// the file it points at is replaced and the link stays. path must exist.
func Replace(path string, data []byte) (err error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	info, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("replacing %s: not a regular file", path)
	}
	// The dot prefix keeps a leftover temp file out of plan discovery.
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("replacing %s: writing: %w", path, err)
	}
	if err = tmp.Chmod(info.Mode().Perm()); err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	return nil
}
