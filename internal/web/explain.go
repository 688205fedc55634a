package web

import (
	"sync"

	"osservatorio/internal/indicator"
)

// IndicatorOptions wires the indicator catalogue into the pages: names,
// explanations and units next to every chart.
func IndicatorOptions() Options {
	var once sync.Once
	byID := map[string]indicator.Def{}
	load := func() {
		once.Do(func() {
			defs, err := indicator.Catalogue()
			if err != nil {
				return
			}
			for _, d := range defs {
				byID[d.ID] = d
			}
		})
	}
	return Options{
		Explain: func(id, lang string) *Explanation {
			load()
			d, ok := byID[id]
			if !ok {
				return nil
			}
			e := d.Explain[lang]
			name := d.NameIT
			if lang == "en" {
				name = d.NameEN
			}
			return &Explanation{ID: d.ID, Name: name, What: e.What, Formula: e.Formula, Why: e.Why,
				Read: e.Read, Caveats: e.Caveats, Source: d.Source}
		},
		Unit: func(id string) string {
			load()
			return byID[id].Unit
		},
	}
}
