package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"osservatorio/internal/backup"
	"osservatorio/internal/store"
)

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("backup", "[--db PATH] [--out DIR] [--keep N]", stderr)
	db := dbFlag(fs)
	out := fs.String("out", "", "folder for the backup (default: backups/ beside the database)")
	keep := fs.Int("keep", 0, "then keep only the newest N backups in that folder (0: remove none)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 || *keep < 0 {
		fs.Usage()
		return exitUsage
	}
	if *out == "" {
		*out = filepath.Join(filepath.Dir(*db), "backups")
	}
	st, err := store.Open(ctx, store.Options{Path: *db})
	if err != nil {
		fmt.Fprintln(stderr, "backup:", err)
		if errors.Is(err, store.ErrInUse) {
			fmt.Fprintln(stderr, "backup: the running server takes backups itself (backup_schedule in the configuration)")
		}
		return exitFailed
	}
	defer st.Close()
	m, err := backup.Take(ctx, st, *out)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "%s\n  data version %d, %d bytes, sha256 %s\n", m.Path, m.DataVersion, m.Size, m.SHA256)
	if *keep > 0 {
		removed, err := backup.Prune(*out, *keep)
		for _, p := range removed {
			fmt.Fprintln(stdout, "removed", p)
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitFailed
		}
	}
	return exitOK
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("restore", "[--db PATH] BACKUP_FILE", stderr)
	db := dbFlag(fs)
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "restore: name one backup file")
		fs.Usage()
		return exitUsage
	}
	r, err := backup.Restore(ctx, fs.Arg(0), *db)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "restored %s\n  into %s\n  data version %d\n  rows:", r.Backup, r.Database, r.DataVersion)
	for _, t := range r.Tables {
		fmt.Fprintf(stdout, " %s %d", t.Name, t.Rows)
	}
	fmt.Fprintln(stdout)
	if r.Previous != "" {
		fmt.Fprintf(stdout, "  the previous database is kept as %s\n", r.Previous)
	}
	return exitOK
}
