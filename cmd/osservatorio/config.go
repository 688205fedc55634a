package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"osservatorio/internal/config"
)

func runConfig(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "check" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintf(stdout, "Usage: %s config check [--config FILE]\n", programName)
			return exitOK
		}
		fmt.Fprintf(stderr, "Usage: %s config check [--config FILE]\n", programName)
		return exitUsage
	}
	fs := newFlags("config check", "[--config FILE]", stderr)
	path := fs.String("config", "osservatorio.yaml", "configuration file (optional unless given)")
	if code, ok := parse(fs, args[1:], stdout); !ok {
		return code
	}
	given := flagSet(fs, "config")
	cfg, err := config.Load(*path, !given)
	if err != nil {
		fmt.Fprintln(stderr, "config:", err)
		return exitFailed
	}
	override(&cfg.DB, "", os.Getenv(envDB)) // as serve reads it
	problems := config.Check(cfg)
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	source := *path
	if _, err := os.Stat(*path); err != nil && !given {
		source = "the defaults (no " + *path + ")"
	}
	if len(problems) > 0 {
		fmt.Fprintf(stdout, "%s: %d problem(s)\n", source, len(problems))
		return exitFailed
	}
	fmt.Fprintf(stdout, "%s: ok\n", source)
	return exitOK
}
