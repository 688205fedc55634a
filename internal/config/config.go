// Package config reads the service's optional YAML configuration file and
// checks it. Flags given on the command line win over the file.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/goccy/go-yaml"

	"osservatorio/internal/schedule"
)

// Config is the whole configuration; every field has a working default.
type Config struct {
	Listen         string            `yaml:"listen"`          // default 127.0.0.1:8080
	PublicURL      string            `yaml:"public_url"`      // address cited in "Cite" links; default the request's host
	RequireLogin   bool              `yaml:"require_login"`   // pages and API need a token (any role)
	RatePerSecond  float64           `yaml:"rate_per_second"` // per token or address, downloads and API (default 20; negative: none)
	RateBurst      int               `yaml:"rate_burst"`      // default 60
	SQLTimeout     string            `yaml:"sql_timeout"`     // research query deadline, e.g. "30s"
	SQLConcurrency int               `yaml:"sql_concurrency"` // research queries at once (default 2)
	DB             string            `yaml:"db"`              // default data/osservatorio.duckdb
	Inbox          string            `yaml:"inbox"`           // default data/inbox
	InboxSchedule  string            `yaml:"inbox_schedule"`  // default "@every 1m"
	AsOf           string            `yaml:"as_of"`           // fixed reference date YYYY-MM-DD; default today
	MemoryLimit    string            `yaml:"memory_limit"`    // DuckDB memory_limit, default 4GB
	Threads        int               `yaml:"threads"`         // DuckDB threads, default the CPUs
	GoMemoryLimit  string            `yaml:"go_memory_limit"` // serve's Go soft memory limit (debug.SetMemoryLimit), e.g. 400MiB; default none
	Sample         *bool             `yaml:"sample"`          // fill an empty database with the bundled sample; default true
	BackupSchedule string            `yaml:"backup_schedule"` // cron spec, or "off"; default nightly at 03:00
	BackupDir      string            `yaml:"backup_dir"`      // default backups/ beside the database
	BackupKeep     int               `yaml:"backup_keep"`     // backups kept; default 7
	LogFormat      string            `yaml:"log_format"`      // text | json; default text
	LogLevel       string            `yaml:"log_level"`       // debug | info | warn | error; default info
	Sources        []schedule.Source `yaml:"sources"`
}

// BackupsOff is the backup_schedule that turns scheduled backups off.
const BackupsOff = "off"

// Defaults returns the embedded default configuration.
func Defaults() Config {
	return Config{Listen: "127.0.0.1:8080", DB: "data/osservatorio.duckdb", Inbox: "data/inbox", InboxSchedule: "@every 1m",
		BackupSchedule: "0 3 * * *", BackupKeep: 7, LogFormat: "text", LogLevel: "info"}
}

// Load reads path over the defaults. A missing file is fine when optional.
// It only parses (unknown keys are errors); Check says what is wrong with
// the values.
func Load(path string, optional bool) (Config, error) {
	c := Defaults()
	b, err := os.ReadFile(path)
	if err != nil {
		if optional && errors.Is(err, fs.ErrNotExist) {
			return c, nil
		}
		return c, err
	}
	if err := yaml.UnmarshalWithOptions(b, &c, yaml.Strict()); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// WantSample reports whether an empty database gets the bundled sample.
func (c Config) WantSample() bool { return c.Sample == nil || *c.Sample }

// Backups is the backup folder: backup_dir, or backups/ beside the database
// (so a database moved with --db keeps its backups next to it).
func (c Config) Backups() string {
	if c.BackupDir != "" {
		return c.BackupDir
	}
	return filepath.Join(filepath.Dir(c.DB), "backups")
}
