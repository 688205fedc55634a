package main

// genParams are the generator's options: a cached set is reused only when
// they are the same.
type genParams struct {
	Orgs    int   `json:"orgs"`
	Bodies  int   `json:"bodies"`
	Years   int   `json:"years"`
	EndYear int   `json:"end_year"`
	Seed    int64 `json:"seed"`
}

// args are the flags of osservatorio generate.
func (p genParams) args() []string {
	return []string{"--orgs", itoa(int64(p.Orgs)), "--bodies", itoa(int64(p.Bodies)), "--years", itoa(int64(p.Years)),
		"--end-year", itoa(int64(p.EndYear)), "--seed", itoa(p.Seed)}
}

// dataSet is one generated data set: ≈ 1 M or ≈ 10 M attendance rows
// (internal/generate's doc gives the measured sizes).
type dataSet struct {
	Name  string    // 1m, 10m
	Label string    // 1 M, 10 M
	Gen   genParams // generator options
}

var knownSets = []dataSet{
	{"30k", "30 K", genParams{Orgs: 400, Bodies: 30, Years: 6, EndYear: 2025, Seed: 1}}, // the generator's defaults: for trying the command in seconds
	{"1m", "1 M", genParams{Orgs: 15000, Bodies: 1000, Years: 6, EndYear: 2025, Seed: 1}},
	{"10m", "10 M", genParams{Orgs: 150000, Bodies: 10000, Years: 6, EndYear: 2025, Seed: 1}},
}

func setNames() []string {
	var out []string
	for _, s := range knownSets {
		out = append(out, s.Name)
	}
	return out
}

func setByName(name string) dataSet {
	for _, s := range knownSets {
		if s.Name == name {
			return s
		}
	}
	panic("bench: unknown set " + name)
}
