package main

import (
	"io"
	"log/slog"
)

// newLogger is the service's structured logger: logfmt-like text for a
// terminal, or one JSON object a line for a log collector. format and level
// are checked by config.Check (text|json, debug|info|warn|error).
func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
