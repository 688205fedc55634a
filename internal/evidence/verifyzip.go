package evidence

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// MaxZipBytes bounds what verify --zip reads, compressed and uncompressed:
// a pack is a few megabytes (the report inlines the chart library).
const MaxZipBytes = 64 << 20

// ZipReport is the check of a ZIP against its manifest.
type ZipReport struct {
	Pack   string      `json:"pack"`
	Digest string      `json:"manifest_sha256"` // of the manifest found in the ZIP
	Files  []FileCheck `json:"files"`
	Error  string      `json:"error,omitempty"` // the ZIP could not be read as a pack at all
	// Stored: the whole file equals the ZIP stored when the pack was frozen
	// (nil: checked against its manifest only, no database at hand).
	Stored *bool `json:"identical_to_stored,omitempty"`
}

// FileCheck is one file: listed in the manifest, found in the ZIP, same bytes.
type FileCheck struct {
	Name    string `json:"name"`
	OK      bool   `json:"ok"`
	Problem string `json:"problem,omitempty"`
}

// OK reports whether every file matched.
func (r *ZipReport) OK() bool {
	if r.Error != "" || (r.Stored != nil && !*r.Stored) {
		return false
	}
	for _, f := range r.Files {
		if !f.OK {
			return false
		}
	}
	return true
}

// VerifyZip checks a pack's ZIP: it must read as a ZIP (a changed byte in a
// compressed file fails its CRC), hold a manifest, and every other file must
// be listed there with its size and SHA-256; a file missing, unlisted or
// different fails. The manifest's own SHA-256 is reported, to compare with
// the one the pack's page shows.
func VerifyZip(data []byte) *ZipReport {
	rep := &ZipReport{}
	if len(data) > MaxZipBytes {
		rep.Error = fmt.Sprintf("the file is larger than %d MB: not a pack", MaxZipBytes>>20)
		return rep
	}
	files, err := unzip(data)
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	got := map[string][]byte{}
	for full, b := range files {
		_, name, ok := strings.Cut(full, "/")
		if !ok || name == "" {
			rep.Error = fmt.Sprintf("%q is not inside the pack's folder", full)
			return rep
		}
		got[name] = b
	}
	man, ok := got[ManifestName]
	if !ok {
		rep.Error = "no manifest.json"
		return rep
	}
	sum := sha256.Sum256(man)
	rep.Digest = hex.EncodeToString(sum[:])
	var m Manifest
	if err := json.Unmarshal(man, &m); err != nil {
		rep.Error = "manifest.json is not valid: " + err.Error()
		return rep
	}
	rep.Pack = m.Pack
	listed := map[string]bool{ManifestName: true}
	for _, f := range m.Files {
		listed[f.Name] = true
		c := FileCheck{Name: f.Name}
		b, ok := got[f.Name]
		sum := sha256.Sum256(b)
		switch {
		case !ok:
			c.Problem = "missing from the ZIP"
		case int64(len(b)) != f.Bytes:
			c.Problem = fmt.Sprintf("%d bytes, the manifest says %d", len(b), f.Bytes)
		case hex.EncodeToString(sum[:]) != f.SHA256:
			c.Problem = "SHA-256 differs from the manifest"
		default:
			c.OK = true
		}
		rep.Files = append(rep.Files, c)
	}
	var extra []string
	for name := range got {
		if !listed[name] {
			extra = append(extra, name)
		}
	}
	slices.Sort(extra)
	for _, name := range extra {
		rep.Files = append(rep.Files, FileCheck{Name: name, Problem: "not listed in the manifest"})
	}
	return rep
}

// unzip reads every file of a ZIP, bounded by MaxZipBytes uncompressed; a
// changed byte in a compressed file fails its checksum here.
func unzip(data []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a readable ZIP: %w", err)
	}
	out := map[string][]byte{}
	var total int64
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		b, err := io.ReadAll(io.LimitReader(rc, MaxZipBytes-total+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if total += int64(len(b)); total > MaxZipBytes {
			return nil, fmt.Errorf("more than %d MB uncompressed: not a pack", MaxZipBytes>>20)
		}
		if _, dup := out[f.Name]; dup {
			return nil, fmt.Errorf("%s is in the ZIP twice", f.Name)
		}
		out[f.Name] = b
	}
	return out, nil
}

// CheckZip is VerifyZip and, when db is given, a comparison of the whole
// file with the ZIP stored when the pack named in its manifest was frozen:
// then any changed byte fails, headers included.
func CheckZip(ctx context.Context, db *sql.DB, data []byte) *ZipReport {
	rep := VerifyZip(data)
	if db == nil || rep.Error != "" {
		return rep
	}
	stored, err := ZIP(ctx, db, rep.Pack)
	same := err == nil && bytes.Equal(stored, data)
	rep.Stored = &same
	if err != nil {
		rep.Error = fmt.Sprintf("the pack %q of the manifest is not a frozen pack of this database", clip(rep.Pack))
	}
	return rep
}
