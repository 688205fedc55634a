package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestLoggerFormatAndLevel(t *testing.T) {
	var b bytes.Buffer
	log := newLogger(&b, "json", "warn")
	log.Info("hidden")
	log.Warn("shown", "job", "backup")
	var rec map[string]any
	if err := json.Unmarshal(b.Bytes(), &rec); err != nil {
		t.Fatalf("not one JSON object: %q %v", b.String(), err)
	}
	if rec["msg"] != "shown" || rec["level"] != "WARN" || rec["job"] != "backup" {
		t.Errorf("record %v", rec)
	}
	b.Reset()
	newLogger(&b, "text", "debug").Debug("detail", "rows", 3)
	if out := b.String(); !strings.Contains(out, "level=DEBUG msg=detail rows=3") {
		t.Errorf("text: %q", out)
	}
}

func TestServeRefusesABadLogLevel(t *testing.T) {
	code, _, errs := runCLI(t, "serve", "--config", writeFile(t, t.TempDir(), "c.yaml", "log_format: json\n"), "--log-level", "loud")
	if code != exitUsage || !strings.Contains(errs, `serve: config: log_level: "loud"`) {
		t.Errorf("exit %d %s", code, errs)
	}
}
