package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// procResult is one finished process: its wall time and peak resident
// memory (the kernel's rusage of the child, ru_maxrss).
type procResult struct {
	Wall     time.Duration
	MaxRSSKB int64
	Stdout   []byte
	Stderr   []byte
}

// procFig is what the report keeps of a process.
type procFig struct {
	Seconds   float64 `json:"seconds"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

func (r procResult) fig() procFig {
	return procFig{Seconds: secs(r.Wall), PeakRSSMB: kbToMB(r.MaxRSSKB)}
}

// runProc runs bin with args to the end, timing it from start to exit.
// A non-zero exit is an error naming the command and the end of its stderr.
func runProc(ctx context.Context, bin string, args ...string) (procResult, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute
	start := time.Now()
	err := cmd.Run()
	r := procResult{Wall: time.Since(start), Stdout: stdout.Bytes(), Stderr: stderr.Bytes()}
	if cmd.ProcessState != nil {
		r.MaxRSSKB = maxRSSKB(cmd.ProcessState)
	}
	if err != nil {
		return r, fmt.Errorf("%s %s: %w: %s", shortName(bin), strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return r, nil
}

// maxRSSKB is the peak resident set of a waited-for process, in KiB (Linux
// reports ru_maxrss in KiB).
func maxRSSKB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss)
	}
	return 0
}

// memStatus is a running process's resident memory from /proc/<pid>/status:
// now (VmRSS) and its peak (VmHWM), in KiB.
type memStatus struct {
	RSSKB, HWMKB int64
}

func procMem(pid int) (memStatus, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return memStatus{}, err
	}
	return parseStatus(string(b)), nil
}

func parseStatus(s string) memStatus {
	var m memStatus
	for _, line := range strings.Split(s, "\n") {
		name, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			m.RSSKB = n
		case "VmHWM":
			m.HWMKB = n
		}
	}
	return m
}

// resetPeak sets a process's VmHWM back to its current VmRSS
// (/proc/<pid>/clear_refs, 5), so that the peak of one phase can be read.
func resetPeak(pid int) error {
	return os.WriteFile("/proc/"+strconv.Itoa(pid)+"/clear_refs", []byte("5"), 0)
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

func shortName(bin string) string {
	if i := strings.LastIndexByte(bin, '/'); i >= 0 {
		return bin[i+1:]
	}
	return bin
}
