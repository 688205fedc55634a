// Command osservatorio is the Osservatorio sul Partenariato service: it loads
// participation records into DuckDB, computes the structural partnership
// indicators and serves the dashboards.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// exit codes
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	defaultDB   = "data/osservatorio.duckdb"
	envDB       = "OSSERVATORIO_DB"
	envAsOf     = "OSSERVATORIO_AS_OF"
	programName = "osservatorio"
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"serve", "run the web server and the scheduled loads", runServe},
		{"load", "load record files or folders now", runLoad},
		{"query", "run one read-only SELECT and print the result", runQuery},
		{"export", "run a named export, or write the Parquet dataset (--dataset)", runExport},
		{"indicators", "show computed indicators (or --list the catalogue)", runIndicators},
		{"guidelines", "guideline adoptions: list them, or compare before and after (effects)", runGuidelines},
		{"evidence", "evidence packs: create, add, freeze, list, show, download, verify", runEvidence},
		{"annotations", "the Laboratori's notes on values, bodies, guidelines, packs: list, add, edit, history", runAnnotations},
		{"generate", "write a synthetic dataset in the contract format", runGenerate},
		{"status", "data version, row counts, last loads", runStatus},
		{"tokens", "add, list, revoke or expire bearer tokens (roles)", runTokens},
		{"backup", "copy the database now (when serve is not running)", runBackup},
		{"restore", "put a backup in place of the database", runRestore},
		{"config", "check the configuration file: config check", runConfig},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "%s: unknown command %q\n\n", programName, args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Osservatorio sul Partenariato — indicatori strutturali dei partenariati della coesione\n\n")
	fmt.Fprintf(w, "Usage: %s <command> [flags]\n\nCommands:\n", programName)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun '%s <command> --help' for the flags of a command.\n", programName)
}

// newFlags makes a command's flag set with a --help that prints to stdout and
// exits 0, and usage errors that exit 2.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s %s %s\n\nFlags:\n", programName, name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; ok=false means return code.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

// dbFlag adds --db, defaulting to $OSSERVATORIO_DB or data/osservatorio.duckdb.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv(envDB)
	if def == "" {
		def = defaultDB
	}
	return fs.String("db", def, "DuckDB database file (env "+envDB+")")
}
