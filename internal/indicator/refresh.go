package indicator

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"osservatorio/internal/store"
)

// Summary describes one refresh.
type Summary struct {
	DataVersion int64
	AsOf        string        // YYYY-MM-DD
	Rows        int64         // rows written to indicator_values
	SQL         time.Duration // DuckDB: preparation, network inputs, indicator files
	Network     time.Duration // graphs and betweenness, in Go, concurrent with part of SQL
	Skipped     bool          // the snapshot for (DataVersion, AsOf) already existed: nothing was done
	// Base is the snapshot an incremental refresh started from; nil for a
	// full refresh. CellsComputed (scope × period) were computed, CellsCarried
	// copied from the base.
	Base          *Base
	CellsComputed int64
	CellsCarried  int64
	Graphs        NetworkStats
	Steps         []Step // time per step: each SQL statement, each Go step, each indicator
}

// Options tune a refresh; the zero value means the defaults.
type Options struct {
	Network NetworkOptions
	// Full recomputes every cell. Otherwise a refresh is incremental when a
	// snapshot of the same program is stored (see incremental.go).
	Full bool
}

// Step is the time one part of a refresh took.
type Step struct {
	Name     string
	Duration time.Duration
}

// Refresh computes every indicator of the catalogue for every scope and
// period of the current data version, with asOf as the reference date (only
// its calendar date counts), and stores the snapshot in indicator_values,
// indicator_brokers and indicator_runs, in one write transaction. A refresh
// for a (data version, as_of) already stored computes nothing (Skipped);
// snapshots of older versions are left as they are. Either way it rewrites
// indicator_catalogue (the names SQL joins to). Unless o.Full, only the
// cells whose inputs changed since the newest suitable stored snapshot are
// recomputed and the others copied from it (incremental.go); the stored
// snapshot is the same either way. o.Network bounds the network step.
func Refresh(ctx context.Context, st *store.Store, asOf time.Time, o Options) (Summary, error) {
	if asOf.IsZero() {
		return Summary{}, errors.New("indicator: refresh needs a reference date (as_of)")
	}
	defs, err := Catalogue()
	if err != nil {
		return Summary{}, err
	}
	no := o.Network.withDefaults()
	sha, err := computeSHA(no)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{AsOf: asOf.Format(time.DateOnly)}
	err = st.Write(ctx, func(ctx context.Context, conn *sql.Conn) error {
		if err := conn.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM data_versions").Scan(&sum.DataVersion); err != nil {
			return err
		}
		if err := writeCatalogue(ctx, conn, defs); err != nil {
			return err
		}
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM indicator_runs WHERE data_version = ? AND as_of = CAST(? AS DATE)",
			sum.DataVersion, sum.AsOf).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			sum.Skipped = true
			return nil
		}
		if !o.Full {
			b, err := findBase(ctx, conn, sha, sum.DataVersion, sum.AsOf)
			if err != nil {
				return err
			}
			sum.Base = b
		}
		started := time.Now().UTC()
		defer cleanup(context.WithoutCancel(ctx), conn)
		if err := compute(ctx, conn, defs, no, &sum, started); err != nil {
			return err
		}
		mode, baseVersion, baseAsOf := "full", any(nil), any(nil)
		if sum.Base != nil {
			mode, baseVersion, baseAsOf = "incremental", sum.Base.DataVersion, sum.Base.AsOf
		}
		_, err := conn.ExecContext(ctx, `INSERT INTO indicator_runs (data_version, as_of, started, finished, sql_ms,
			network_ms, rows, mode, base_version, base_as_of, cells_computed, cells_carried, compute_sha)
			VALUES (?, CAST(? AS DATE), ?, ?, ?, ?, ?, ?, ?, CAST(? AS DATE), ?, ?, ?)`,
			sum.DataVersion, sum.AsOf, started, time.Now().UTC(), sum.SQL.Milliseconds(), sum.Network.Milliseconds(), sum.Rows,
			mode, baseVersion, baseAsOf, sum.CellsComputed, sum.CellsCarried, sha)
		return err
	})
	if err != nil {
		return Summary{}, fmt.Errorf("indicator: refresh: %w", err)
	}
	return sum, nil
}

// compute runs the preparation, the network step and every indicator; no
// has its defaults filled.
func compute(ctx context.Context, conn *sql.Conn, defs []Def, no NetworkOptions, sum *Summary, started time.Time) error {
	t0 := time.Now()
	// as_of reaches the SQL as a variable (SET VARIABLE works under the
	// store's lock_configuration); _prepare.sql copies it into ind_params.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET VARIABLE as_of = DATE '%s'", sum.AsOf)); err != nil {
		return err
	}
	if err := runFile(ctx, conn, "_prepare.sql", sum); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE ind_values AS FROM indicator_values LIMIT 0"); err != nil {
		return err
	}
	if sum.Base != nil {
		if err := restrictToChanges(ctx, conn, sum.Base, sum); err != nil {
			return err
		}
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM ind_grid").Scan(&sum.CellsComputed); err != nil {
		return err
	}
	sum.SQL += time.Since(t0)

	// Then the attendance pass and the rollups (Go, both cores), and the
	// network step: it builds the graphs and runs N03 in goroutines while
	// DuckDB computes the other indicators, so that the two share the cores
	// instead of waiting for each other. The N files, which read the
	// network rows, run last.
	t1 := time.Now()
	text, err := helper("_network.sql")
	if err != nil {
		return err
	}
	q := named(text)
	in, err := readNetInput(ctx, conn, q)
	if err != nil {
		return err
	}
	t := time.Now()
	if err := attendancePass(ctx, conn, in); err != nil {
		return err
	}
	sum.Steps = append(sum.Steps, Step{"attendance pass", time.Since(t)})
	if err := runFile(ctx, conn, "_bodies.sql", sum); err != nil {
		return err
	}
	sum.SQL += time.Since(t1)
	t2 := time.Now()
	if err := runRollups(ctx, conn, in, no.GraphWorkers, sum); err != nil {
		return err
	}
	if err := runFile(ctx, conn, "_scoped.sql", sum); err != nil {
		return err
	}
	if err := storeCounts(ctx, conn, sum); err != nil {
		return err
	}
	if sum.Base != nil {
		if err := readBase(ctx, conn, q, in); err != nil {
			return err
		}
	}
	net := startNetwork(ctx, in, no)
	defer net.stop()

	var network []Def // the files that read the network step's rows
	for _, d := range defs {
		if strings.Contains(d.SQL, "ind_network") || strings.Contains(d.SQL, "ind_broker_top") {
			network = append(network, d)
			continue
		}
		if err := insertDef(ctx, conn, d, sum, started); err != nil {
			return err
		}
	}
	sum.SQL += time.Since(t2)
	t3 := time.Now()
	nd := net.wait()
	if nd.err != nil {
		return nd.err
	}
	if err := appendNetwork(conn, nd.res); err != nil {
		return err
	}
	if len(nd.res.reused) > 0 {
		for _, name := range []string{"reuse_rows", "reuse_brokers"} {
			if _, err := conn.ExecContext(ctx, q[name]); err != nil {
				return fmt.Errorf("network %s: %w", name, err)
			}
		}
	}
	sum.Graphs = nd.res.stats
	sum.Network = nd.d
	sum.Steps = append(sum.Steps, Step{"network (concurrent with the SQL indicators)", nd.d},
		Step{"network wait", time.Since(t3)})
	t4 := time.Now()
	for _, d := range network {
		if err := insertDef(ctx, conn, d, sum, started); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, q["store_brokers"], sum.DataVersion, sum.AsOf); err != nil {
		return fmt.Errorf("brokers: %w", err)
	}
	t5 := time.Now()
	if _, err := conn.ExecContext(ctx, q["store_ties"], sum.DataVersion, sum.AsOf); err != nil {
		return fmt.Errorf("network ties: %w", err)
	}
	sum.Steps = append(sum.Steps, Step{"store_ties", time.Since(t5)})
	if _, err := conn.ExecContext(ctx, q["store_estimates"], sum.DataVersion, sum.AsOf); err != nil {
		return fmt.Errorf("N03 estimates: %w", err)
	}
	if _, err := conn.ExecContext(ctx, q["store_keys"], sum.DataVersion, sum.AsOf); err != nil {
		return fmt.Errorf("graph keys: %w", err)
	}
	if sum.Base != nil {
		t := time.Now()
		if err := carryOver(ctx, conn, sum); err != nil {
			return err
		}
		sum.Steps = append(sum.Steps, Step{"carry over", time.Since(t)})
	}
	if err := storeValues(ctx, conn, sum); err != nil {
		return err
	}
	sum.SQL += time.Since(t4)
	return nil
}

// storeValues writes the computed values into indicator_values in the
// order pages read them, so that DuckDB's zone maps (each row group's
// min/max) skip all but a row group or two of a snapshot (3.5 M values at
// 10 M attendance rows; a lookup went from 50 ms to 2 ms,
// docs/BENCHMARKS.md): the scopes that are not bodies first, by scope
// (a page reads all of one scope's key figures), then the bodies' scopes
// by indicator and scope (a panel reads one indicator for every body of
// a scope: partners by category and body, women by body). An
// incremental refresh's carried values come in the base's order, sorted
// already: the snapshot is then two sorted runs.
func storeValues(ctx context.Context, conn *sql.Conn, sum *Summary) error {
	t := time.Now()
	if _, err := conn.ExecContext(ctx, `INSERT INTO indicator_values BY NAME
		SELECT * REPLACE (false AS carried) FROM ind_values
		ORDER BY starts_with(scope, 'body:'), CASE WHEN starts_with(scope, 'body:') THEN indicator END,
		         scope, period, indicator, category`); err != nil {
		return fmt.Errorf("storing the values: %w", err)
	}
	sum.Steps = append(sum.Steps, Step{"store values", time.Since(t)})
	return nil
}

// netJob is the network step running in a goroutine.
type netJob struct {
	cancel context.CancelFunc
	done   chan netDone
	result *netDone
}

type netDone struct {
	res *networkResult
	err error
	d   time.Duration
}

func startNetwork(ctx context.Context, in *netInput, o NetworkOptions) *netJob {
	ctx, cancel := context.WithCancel(ctx)
	j := &netJob{cancel: cancel, done: make(chan netDone, 1)}
	go func() {
		t := time.Now()
		res, err := computeNetwork(ctx, in, o)
		j.done <- netDone{res, err, time.Since(t)}
	}()
	return j
}

// wait returns the step's result once it is done.
func (j *netJob) wait() netDone {
	if j.result == nil {
		r := <-j.done
		j.result = &r
	}
	return *j.result
}

// stop cancels the step if it is still running and waits for it.
func (j *netJob) stop() {
	j.cancel()
	j.wait()
}

// insertDef computes one indicator into ind_values (storeValues moves them
// to indicator_values).
func insertDef(ctx context.Context, conn *sql.Conn, d Def, sum *Summary, started time.Time) error {
	t := time.Now()
	res, err := conn.ExecContext(ctx, `INSERT INTO ind_values
		(indicator, scope, period, category, value, numerator, denominator, data_version, as_of, computed_at)
		SELECT q.indicator, q.scope, q.period, coalesce(q.category, ''), q.value, q.numerator, q.denominator,
		       CAST(? AS BIGINT), CAST(? AS DATE), CAST(? AS TIMESTAMP)
		FROM (`+d.SQL+"\n) q", sum.DataVersion, sum.AsOf, started)
	if err != nil {
		return fmt.Errorf("%s: %w", d.ID, err)
	}
	n, _ := res.RowsAffected()
	sum.Rows += n
	sum.Steps = append(sum.Steps, Step{d.ID, time.Since(t)})
	return nil
}

// runFile executes a helper file statement by statement (timed into sum
// when it is not nil).
func runFile(ctx context.Context, conn *sql.Conn, name string, sum *Summary) error {
	text, err := helper(name)
	if err != nil {
		return err
	}
	for i, stmt := range statements(text) {
		t := time.Now()
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s, statement %d: %w", name, i+1, err)
		}
		if sum != nil {
			sum.Steps = append(sum.Steps, Step{fmt.Sprintf("%s #%d %s", name, i+1, stmtName(stmt)), time.Since(t)})
		}
	}
	return nil
}

// stmtName is the table a CREATE statement makes, for timings.
func stmtName(stmt string) string {
	for _, line := range strings.Split(stmt, "\n") {
		if f := strings.Fields(line); len(f) > 0 && !strings.HasPrefix(f[0], "--") {
			if len(f) >= 6 && strings.EqualFold(f[0], "CREATE") {
				return f[5]
			}
			return strings.Join(f[:min(3, len(f))], " ")
		}
	}
	return ""
}

// appendNetwork writes the network step's results into the temp tables the
// N files and the snapshot's graph keys read.
func appendNetwork(conn *sql.Conn, net *networkResult) error {
	return conn.Raw(func(dc any) error {
		dconn := dc.(driver.Conn)
		err := appendRows(dconn, "ind_network", len(net.rows), func(i int) []driver.Value {
			r := net.rows[i]
			return []driver.Value{r.s, r.p, r.indicator, r.category, val(r.value), val(r.numerator), val(r.denominator), val(r.bound)}
		})
		if err == nil {
			err = appendRows(dconn, "ind_broker_top", len(net.brokers), func(i int) []driver.Value {
				b := net.brokers[i]
				var samples driver.Value
				if b.samples > 0 {
					samples = b.samples
				}
				return []driver.Value{b.s, b.p, int32(b.rank), b.o, b.betweenness, b.normalised, val(b.bound), samples}
			})
		}
		if err == nil {
			err = appendRows(dconn, "ind_graph_key", len(net.keys), func(i int) []driver.Value {
				return []driver.Value{net.keys[i].s, net.keys[i].p, net.keys[i].key.String()}
			})
		}
		if err == nil {
			err = appendRows(dconn, "ind_reused", len(net.reused), func(i int) []driver.Value {
				return []driver.Value{net.reused[i][0], net.reused[i][1]}
			})
		}
		if err == nil {
			err = appendRows(dconn, "ind_ties", len(net.ties), func(i int) []driver.Value {
				t := net.ties[i]
				return []driver.Value{t.s, t.p, t.a, t.b, t.n}
			})
		}
		return err
	})
}

// appendRows appends n rows, row(i), to the temp table.
func appendRows(dconn driver.Conn, table string, n int, row func(i int) []driver.Value) error {
	ap, err := duckdb.NewAppender(dconn, "temp", "main", table)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := ap.AppendRow(row(i)...); err != nil {
			ap.Close()
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return ap.Close()
}

func val(p *float64) driver.Value {
	if p == nil {
		return nil
	}
	return *p
}

// cleanup drops the refresh's temp tables, macros and variable, so that nothing is
// left on the pooled connection. After a failed statement the transaction is
// aborted and these fail: the rollback then discards the tables.
func cleanup(ctx context.Context, conn *sql.Conn) {
	drop := func(list, kind string) {
		rows, err := conn.QueryContext(ctx, list)
		if err != nil {
			return
		}
		var names []string
		for rows.Next() {
			var n string
			if rows.Scan(&n) == nil {
				names = append(names, n)
			}
		}
		rows.Close()
		for _, n := range names {
			conn.ExecContext(ctx, "DROP "+kind+` IF EXISTS temp.main."`+n+`"`)
		}
	}
	drop(`SELECT table_name FROM duckdb_tables() WHERE temporary AND starts_with(table_name, 'ind_')`, "TABLE")
	drop(`SELECT function_name FROM duckdb_functions() WHERE database_name = 'temp' AND function_type = 'table_macro'
		AND starts_with(function_name, 'ind_')`, "MACRO TABLE")
	for _, v := range []string{"as_of", "base_version", "base_as_of"} {
		conn.ExecContext(ctx, "RESET VARIABLE "+v)
	}
}

// writeCatalogue rewrites indicator_catalogue from the indicator files, also
// when the snapshot exists already: SQL joins indicator ids to these names.
func writeCatalogue(ctx context.Context, conn *sql.Conn, defs []Def) error {
	if _, err := conn.ExecContext(ctx, "DELETE FROM indicator_catalogue"); err != nil {
		return err
	}
	for _, d := range defs {
		if _, err := conn.ExecContext(ctx, "INSERT INTO indicator_catalogue VALUES (?, ?, ?, ?, ?, ?)",
			d.ID, d.NameIT, d.NameEN, d.Family, d.Unit, d.HigherIsBetter); err != nil {
			return err
		}
	}
	return nil
}

// storeCounts writes the pages' stored tables of the grid's cells: every
// named statement of _counts.sql (each fills its own table), by name.
func storeCounts(ctx context.Context, conn *sql.Conn, sum *Summary) error {
	text, err := helper("_counts.sql")
	if err != nil {
		return err
	}
	q := named(text)
	for _, name := range slices.Sorted(maps.Keys(q)) {
		t := time.Now()
		if _, err := conn.ExecContext(ctx, q[name], sum.DataVersion, sum.AsOf); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		sum.Steps = append(sum.Steps, Step{name, time.Since(t)})
	}
	return nil
}
