package config

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"osservatorio/internal/ingest"
	"osservatorio/internal/schedule"
)

// Problem is one wrong value, named by its configuration key.
type Problem struct {
	Field string
	Msg   string
}

func (p Problem) String() string { return p.Field + ": " + p.Msg }

// Check validates every field and returns all the problems found, so one
// run shows everything to fix. It creates nothing: a missing folder only
// needs a writable ancestor.
func Check(c Config) []Problem {
	var ps []Problem
	add := func(field string, err error) {
		if err != nil {
			ps = append(ps, Problem{field, err.Error()})
		}
	}
	add("listen", checkListen(c.Listen))
	if c.PublicURL != "" {
		add("public_url", checkHTTPURL(c.PublicURL))
	}
	if c.RateBurst < 0 {
		add("rate_burst", fmt.Errorf("%d: must be 0 (the default) or more", c.RateBurst))
	}
	if c.SQLConcurrency < 0 {
		add("sql_concurrency", fmt.Errorf("%d: must be 0 (the default) or more", c.SQLConcurrency))
	}
	if c.SQLTimeout != "" {
		if d, err := time.ParseDuration(c.SQLTimeout); err != nil || d <= 0 {
			add("sql_timeout", fmt.Errorf("%q is not a duration such as 30s or 2m", c.SQLTimeout))
		}
	}
	add("db", checkDB(c.DB))
	add("inbox", checkDir(c.Inbox))
	add("inbox_schedule", checkSpec(c.InboxSchedule))
	if c.AsOf != "" {
		if _, err := time.Parse(time.DateOnly, c.AsOf); err != nil {
			add("as_of", fmt.Errorf("%q is not a YYYY-MM-DD date", c.AsOf))
		}
	}
	if c.MemoryLimit != "" {
		if _, err := ParseSize(c.MemoryLimit); err != nil {
			add("memory_limit", err)
		}
	}
	if c.GoMemoryLimit != "" {
		if _, err := ParseSize(c.GoMemoryLimit); err != nil {
			add("go_memory_limit", err)
		}
	}
	if c.Threads < 0 {
		add("threads", fmt.Errorf("%d: must be 0 (the CPUs) or more", c.Threads))
	}
	if c.BackupSchedule != BackupsOff {
		add("backup_schedule", checkSpec(c.BackupSchedule))
	}
	add("backup_dir", checkDir(c.Backups()))
	if c.BackupKeep < 1 {
		add("backup_keep", fmt.Errorf("%d: at least 1 backup must be kept", c.BackupKeep))
	}
	if !oneOf(c.LogFormat, "text", "json") {
		add("log_format", fmt.Errorf("%q: text or json", c.LogFormat))
	}
	if !oneOf(c.LogLevel, "debug", "info", "warn", "error") {
		add("log_level", fmt.Errorf("%q: debug, info, warn or error", c.LogLevel))
	}
	names := map[string]bool{}
	for i, s := range c.Sources {
		f := fmt.Sprintf("sources[%d]", i+1)
		switch {
		case s.Name == "":
			add(f+".name", errors.New("missing"))
		case names[s.Name]:
			add(f+".name", fmt.Errorf("%q is used twice", s.Name))
		}
		names[s.Name] = true
		add(f+".url", checkSourceURL(s.URL))
		if s.Schedule != "" {
			add(f+".schedule", checkSpec(s.Schedule))
		}
	}
	return ps
}

// ParseSize reads a size in the forms DuckDB's memory_limit takes (4GB,
// 512MB, 400MiB), for memory_limit and go_memory_limit:
// decimal units for kB, MB, GB, TB, binary ones for KiB, MiB, GiB, TiB, as
// DuckDB reads them.
func ParseSize(s string) (int64, error) {
	m := sizeParts.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a size such as 4GB, 512MB or 2GiB", s)
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a size such as 4GB, 512MB or 2GiB", s)
	}
	unit := strings.ToLower(m[2])
	base := 1000.0
	if strings.HasSuffix(unit, "ib") {
		base = 1024
	}
	exp := strings.IndexByte("bkmgt", unit[0])
	return int64(n * math.Pow(base, float64(exp))), nil
}

var sizeParts = regexp.MustCompile(`(?i)^\s*([0-9]+(?:\.[0-9]+)?)\s*(b|bytes?|k|kb|kib|kilobytes?|m|mb|mib|megabytes?|g|gb|gib|gigabytes?|t|tb|tib|terabytes?)\s*$`)

func oneOf(v string, allowed ...string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

func checkListen(addr string) error {
	if addr == "" {
		return errors.New("missing (e.g. 127.0.0.1:8080)")
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port: %v", addr, err)
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		return fmt.Errorf("%q: bad port %q", addr, port)
	}
	return nil
}

func checkSpec(spec string) error {
	if err := schedule.ParseSpec(spec); err != nil {
		return fmt.Errorf("%q is not a cron spec (5 fields, or @hourly, @every 10m …): %v", spec, err)
	}
	return nil
}

func checkHTTPURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) address", raw)
	}
	return nil
}

func checkSourceURL(raw string) error {
	if raw == "" {
		return errors.New("missing")
	}
	if err := checkHTTPURL(raw); err != nil {
		return err
	}
	u, _ := url.Parse(raw)
	if base := path.Base(u.Path); ingest.KindOfFileName(base) == nil {
		var kinds []string
		for _, k := range ingest.Kinds {
			kinds = append(kinds, k.Name)
		}
		return fmt.Errorf("the file name %q names no record kind (it must start with one of %s, or its Italian name)",
			base, strings.Join(kinds, ", "))
	}
	return nil
}

func checkDB(p string) error {
	if p == "" {
		return errors.New("missing")
	}
	if fi, err := os.Stat(p); err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a file", p)
	}
	return checkDir(filepath.Dir(p))
}

// checkDir says whether dir exists as a writable folder, or could be made:
// its nearest existing ancestor is a writable folder.
func checkDir(dir string) error {
	if dir == "" {
		return errors.New("missing")
	}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if errors.Is(err, fs.ErrNotExist) && filepath.Dir(d) != d {
			continue
		}
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s is not a folder", d)
		}
		f, err := os.CreateTemp(d, ".osservatorio-check-*")
		if err != nil {
			return fmt.Errorf("%s cannot be created: %s is not writable", dir, d)
		}
		f.Close()
		os.Remove(f.Name())
		return nil
	}
}
