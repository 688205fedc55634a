package main

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

type machineInfo struct {
	CPU          string   `json:"cpu"`
	Cores        int      `json:"cores"`
	MemoryGiB    float64  `json:"memory_gib"`
	Kernel       string   `json:"kernel"`
	OS           string   `json:"os"`
	Go           string   `json:"go"`
	LoadAvgStart string   `json:"load_average_start"`
	LoadAvgEnd   string   `json:"load_average_end"`
	Notes        []string `json:"notes,omitempty"`
}

func readMachine() machineInfo {
	m := machineInfo{Cores: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH, Go: runtime.Version(), LoadAvgStart: loadAvg()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && k == "MemTotal" {
				if f := strings.Fields(v); len(f) > 0 {
					m.MemoryGiB = round(float64(atoi64(f[0]))/(1<<20), 1)
				}
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}

// loadAvg is /proc/loadavg's first three figures: how busy the machine was.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

type gitInfo struct {
	Commit string `json:"commit"`
	Branch string `json:"branch"`
	Dirty  bool   `json:"dirty"` // uncommitted changes besides bench.json and the docs the run writes
}

func readGit(ctx context.Context, outputs ...string) gitInfo {
	var g gitInfo
	out := func(args ...string) string {
		b, err := exec.CommandContext(ctx, "git", args...).Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	g.Commit = out("rev-parse", "HEAD")
	g.Branch = out("rev-parse", "--abbrev-ref", "HEAD")
	for _, line := range strings.Split(out("status", "--porcelain", "--untracked-files=no"), "\n") {
		if len(line) < 4 {
			continue
		}
		path := strings.TrimSpace(line[3:])
		mine := false
		for _, o := range outputs {
			mine = mine || path == o
		}
		if !mine {
			g.Dirty = true
		}
	}
	return g
}

func atoi64(s string) int64 {
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	return n
}
