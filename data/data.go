// Package data embeds the bundled sample records, so that a fresh service
// can fill its database on first start without any file beside the binary.
package data

import "embed"

// Sample holds data/sample/: the Officine Coesione bodies and partners with
// synthetic participation records, in the data contract's format.
//
//go:embed sample/*.csv sample/*.jsonl
var Sample embed.FS
