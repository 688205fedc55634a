package web

import (
	"osservatorio/internal/evidence"
)

// EvidenceEnv is what evidence packs take from the site, so that a pack
// frozen by the CLI or by the API names things as the pages do: the chart
// library inlined in the offline report, and the interface's words.
func EvidenceEnv(baseURL string) evidence.Env {
	lib, err := embedded.ReadFile("assets/echarts.min.js")
	if err != nil {
		panic(err) // embedded at build time
	}
	return evidence.Env{Service: serviceVersion(), BaseURL: baseURL, Script: lib, Words: Words}
}

// Words names a code in a language: a code's label, else an interface
// word, else the code itself.
func Words(lang, code string) string {
	if _, ok := labels[code]; ok {
		return L(lang, code)
	}
	return T(lang, code)
}
