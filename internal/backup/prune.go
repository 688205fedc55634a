package backup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// List returns the backups in dir, newest first. Names start with the UTC
// time, so their order is the order they were taken.
func List(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && strings.HasPrefix(n, prefix) && strings.HasSuffix(n, ext) {
			out = append(out, filepath.Join(dir, n))
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}

// Prune removes all but the newest keep backups in dir, with their
// manifests, and returns what it removed. Files not named like a backup are
// left alone.
func Prune(dir string, keep int) ([]string, error) {
	if keep < 1 {
		return nil, fmt.Errorf("backup: keep %d: at least one backup must be kept", keep)
	}
	all, err := List(dir)
	if err != nil || len(all) <= keep {
		return nil, err
	}
	var removed []string
	for _, p := range all[keep:] {
		if err := os.Remove(p); err != nil {
			return removed, fmt.Errorf("backup: prune: %w", err)
		}
		if err := os.Remove(manifestPath(p)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return removed, fmt.Errorf("backup: prune: %w", err)
		}
		removed = append(removed, p)
	}
	return removed, nil
}
