// Package dashboards embeds the dashboard definitions: one YAML file per
// dashboard. Adding a dashboard is adding a file here (and, if it needs one,
// a query in queries/dashboards/); no Go code.
package dashboards

import "embed"

// FS holds every dashboard file.
//
//go:embed *.yaml
var FS embed.FS
