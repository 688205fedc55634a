package ingest

import (
	"strings"
	"time"
)

// parseDate reads YYYY-MM-DD, DD/MM/YYYY or D/M/YYYY and returns days since
// 1970-01-01 (Arrow's date32). Impossible dates (31/02/2024) are refused.
func parseDate(s string) (int32, bool) {
	var y, m, d int
	var ok bool
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		y, ok = atoi(s[0:4])
		if ok {
			m, ok = atoi(s[5:7])
		}
		if ok {
			d, ok = atoi(s[8:10])
		}
	case strings.Count(s, "/") == 2:
		parts := strings.Split(s, "/")
		if len(parts[0]) < 1 || len(parts[0]) > 2 || len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) != 4 {
			return 0, false
		}
		d, ok = atoi(parts[0])
		if ok {
			m, ok = atoi(parts[1])
		}
		if ok {
			y, ok = atoi(parts[2])
		}
	}
	if !ok || m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // rolled over: 31/02
		return 0, false
	}
	return int32(t.Unix() / 86400), true
}

func atoi(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseBool reads the contract's boolean spellings: true/false, 1/0,
// sì/si/no, yes/no, x (true). Empty is handled by the caller (default or NULL).
func parseBool(s string) (bool, bool) {
	switch s {
	case "true", "1", "x", "yes", "si", "sì", "vero":
		return true, true
	case "false", "0", "no", "falso":
		return false, true
	}
	switch strings.ToLower(s) {
	case "true", "x", "yes", "si", "sì", "vero", "s", "y":
		return true, true
	case "false", "no", "falso", "n":
		return false, true
	}
	return false, false
}

// dateString formats a date32 for messages and JSON.
func dateString(days int32) string {
	return time.Unix(int64(days)*86400, 0).UTC().Format(time.DateOnly)
}
