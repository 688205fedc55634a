package evidence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"

	"osservatorio/internal/indicator"
	"osservatorio/internal/store"
)

// Report is the outcome of verifying a pack.
type Report struct {
	Pack    string        `json:"pack"`
	Values  []ValueCheck  `json:"values"`
	Effects []EffectCheck `json:"effects,omitempty"`
	Queries []QueryCheck  `json:"queries,omitempty"`
	Zip     *ZipReport    `json:"zip,omitempty"`
	// ZipDigest: the stored manifest SHA-256 equals the one in the stored ZIP.
	ZipDigest bool `json:"zip_digest_matches"`
}

// ValueCheck is one stored value against its recomputation.
type ValueCheck struct {
	Item        int      `json:"item"`
	Indicator   string   `json:"indicator"`
	Scope       string   `json:"scope"`
	Period      string   `json:"period"`
	Category    string   `json:"category"`
	Stored      *float64 `json:"stored"`
	Recomputed  *float64 `json:"recomputed"`
	Numerator   bool     `json:"numerator_matches"`
	Denominator bool     `json:"denominator_matches"`
	Match       bool     `json:"match"`
}

// EffectCheck is one guideline comparison row against its recomputation.
type EffectCheck struct {
	Item      int    `json:"item"`
	Guideline string `json:"guideline_id"`
	Body      string `json:"body_id"`
	Indicator string `json:"indicator"`
	Match     bool   `json:"match"`
}

// QueryCheck is a named query run again at the pack's data version.
type QueryCheck struct {
	Item         int    `json:"item"`
	Query        string `json:"query"`
	Rows         int64  `json:"rows"`
	StoredSHA256 string `json:"stored_sha256"`
	SHA256       string `json:"sha256"`
	Match        bool   `json:"match"`
}

// OK reports whether everything matched.
func (r *Report) OK() bool {
	for _, q := range r.Queries {
		if !q.Match {
			return false
		}
	}
	for _, v := range r.Values {
		if !v.Match {
			return false
		}
	}
	for _, e := range r.Effects {
		if !e.Match {
			return false
		}
	}
	return r.Zip == nil || (r.Zip.OK() && r.ZipDigest)
}

// Verify recomputes every value of a pack from the records of its data
// version (indicators in a scratch database, guideline comparisons on the
// records as they were) and checks a frozen pack's stored ZIP against its
// manifest. It only reads the store.
func Verify(ctx context.Context, st *store.Store, id string) (*Report, error) {
	p, err := Get(ctx, st.DB(), id)
	if err != nil {
		return nil, err
	}
	rep := &Report{Pack: p.ID}
	if hasKind(p, KindIndicator) {
		vals, err := recompute(ctx, st, p.DataVersion, p.AsOf)
		if err != nil {
			return nil, wrap("verify", err)
		}
		type key struct{ ind, scope, period, cat string }
		again := map[key]indicator.Value{}
		for _, v := range vals {
			again[key{v.Indicator, v.Scope, v.Period, v.Category}] = v
		}
		for _, it := range p.Items {
			for _, v := range append(append([]indicator.Value{}, it.Values...), it.Trend...) {
				r, found := again[key{it.Indicator, it.Scope, v.Period, v.Category}]
				c := ValueCheck{Item: it.Seq, Indicator: it.Indicator, Scope: it.Scope, Period: v.Period, Category: v.Category,
					Stored: v.Value, Recomputed: r.Value, Numerator: same(v.Numerator, r.Numerator), Denominator: same(v.Denominator, r.Denominator)}
				c.Match = found && same(v.Value, r.Value) && c.Numerator && c.Denominator
				rep.Values = append(rep.Values, c)
			}
		}
	}
	for _, it := range p.Items {
		if it.Kind != KindGuideline {
			continue
		}
		rows, err := guidelineEffects(ctx, st.DB(), p, it.Guideline, it.Window)
		if err != nil {
			return nil, wrap("verify", err)
		}
		again := map[string]string{}
		for _, e := range wrapEffects(rows) {
			again[e.BodyID+"\x00"+e.Indicator] = fingerprint(e)
		}
		for _, e := range it.Effects {
			rep.Effects = append(rep.Effects, EffectCheck{Item: it.Seq, Guideline: it.Guideline, Body: e.BodyID, Indicator: e.Indicator,
				Match: again[e.BodyID+"\x00"+e.Indicator] == fingerprint(e)})
		}
		if len(rows) != len(it.Effects) {
			rep.Effects = append(rep.Effects, EffectCheck{Item: it.Seq, Guideline: it.Guideline, Body: "(rows)",
				Indicator: fmt.Sprintf("%d stored, %d recomputed", len(it.Effects), len(rows))})
		}
	}
	for _, it := range p.Items {
		if it.Kind != KindQuery {
			continue
		}
		q, err := namedQuery(it.Query)
		if err != nil {
			rep.Queries = append(rep.Queries, QueryCheck{Item: it.Seq, Query: it.Query, StoredSHA256: it.ResultSHA256})
			continue
		}
		args, _, err := q.Bind(it.Params)
		if err != nil {
			return nil, wrap("verify", err)
		}
		rows, sum, err := runQuery(ctx, st.DB(), q, args, p.DataVersion)
		if err != nil {
			return nil, wrap("verify", err)
		}
		rep.Queries = append(rep.Queries, QueryCheck{Item: it.Seq, Query: it.Query, Rows: rows, StoredSHA256: it.ResultSHA256, SHA256: sum,
			Match: sum == it.ResultSHA256 && rows == it.ResultRows})
	}
	if p.Frozen() {
		data, err := ZIP(ctx, st.DB(), id)
		if err != nil {
			return nil, err
		}
		rep.Zip = VerifyZip(data)
		rep.ZipDigest = rep.Zip.Digest == p.Digest
	}
	return rep, nil
}

func hasKind(p *Pack, kind string) bool {
	for _, it := range p.Items {
		if it.Kind == kind {
			return true
		}
	}
	return false
}

// same compares two stored numbers: both absent, or equal to 1e-9
// relative (a recomputation may sum in another order).
func same(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) <= 1e-9*math.Max(1, math.Abs(*a))
}

// fingerprint is a row's values rounded to 1e-9, for comparing rows.
func fingerprint(e Effect) string {
	round := func(p *float64) *float64 {
		if p == nil {
			return nil
		}
		x := math.Round(*p*1e9) / 1e9
		return &x
	}
	c := e
	for _, f := range []**float64{&c.Before, &c.After, &c.BeforeNum, &c.BeforeDen, &c.AfterNum, &c.AfterDen,
		&c.CompBefore, &c.CompAfter, &c.DiD, &c.CompBeforeNum, &c.CompBeforeDen, &c.CompAfterNum, &c.CompAfterDen} {
		*f = round(*f)
	}
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
