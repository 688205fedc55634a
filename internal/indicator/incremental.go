package indicator

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"

	"osservatorio/queries"
)

// An incremental refresh recomputes only the cells (scope, period) whose
// inputs changed since an earlier snapshot of the same program, its base,
// and copies every other cell from it (carried = true): _changes.sql says
// which cells, _carry.sql copies. The result is the snapshot a full
// refresh would store (TestIncrementalEqualsFull checks it on random load
// sequences), at a cost that follows what changed.

// Base is the snapshot an incremental refresh starts from.
type Base struct {
	DataVersion int64
	AsOf        string // YYYY-MM-DD
}

// findBase picks the base for a refresh of (version, asOf): a stored
// snapshot computed by the same indicator files and program (computeSHA),
// of this version or an earlier one; the same as_of first (a different one
// recomputes the period 'all' of every scope), then the newest version.
func findBase(ctx context.Context, conn *sql.Conn, sha string, version int64, asOf string) (*Base, error) {
	var b Base
	err := conn.QueryRowContext(ctx, `SELECT data_version, strftime(as_of, '%Y-%m-%d') FROM indicator_runs
		WHERE compute_sha = ? AND data_version <= ?
		ORDER BY as_of = CAST(? AS DATE) DESC, data_version DESC, as_of DESC LIMIT 1`, sha, version, asOf).
		Scan(&b.DataVersion, &b.AsOf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("base snapshot: %w", err)
	}
	return &b, nil
}

// restrictToChanges runs _changes.sql: after it, the grid holds only the
// cells to recompute, and ind_grid_all every cell.
func restrictToChanges(ctx context.Context, conn *sql.Conn, b *Base, sum *Summary) error {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET VARIABLE base_version = CAST(%d AS BIGINT)", b.DataVersion)); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET VARIABLE base_as_of = DATE '%s'", b.AsOf)); err != nil {
		return err
	}
	return runFile(ctx, conn, "_changes.sql", sum)
}

// snapshotTables hold a snapshot's rows per cell (data_version, as_of,
// scope, period, …, carried): what an incremental refresh copies.
var snapshotTables = []string{"indicator_values", "indicator_brokers", "indicator_graph_keys",
	"indicator_counts", "indicator_attendance_category", "indicator_contribution_lorenz", "indicator_top_contributors", "indicator_partners_region",
	"indicator_network_ties", "indicator_shared_partners",
	"indicator_document_lead", "indicator_meeting_phases", "indicator_meeting_topics"}

// carryOver copies the cells that were not recomputed from the base and
// counts the cells of each kind.
func carryOver(ctx context.Context, conn *sql.Conn, sum *Summary) error {
	text, err := helper("_carry.sql")
	if err != nil {
		return err
	}
	q := named(text)
	if _, err := conn.ExecContext(ctx, q["carry_cells"]); err != nil {
		return fmt.Errorf("carry: %w", err)
	}
	for _, table := range snapshotTables {
		res, err := conn.ExecContext(ctx, strings.ReplaceAll(q["carry_table"], "{table}", table), sum.DataVersion, sum.AsOf)
		if err != nil {
			return fmt.Errorf("carry %s: %w", table, err)
		}
		if table == "indicator_values" {
			n, _ := res.RowsAffected()
			sum.Rows += n
		}
	}
	var all int64
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM ind_grid_all").Scan(&all); err != nil {
		return err
	}
	sum.CellsCarried = all - sum.CellsComputed
	return nil
}

// computeSHA identifies what computes a snapshot: the embedded indicator
// files, the running program (its executable's SHA-256) and the network
// limits, so that a snapshot is only carried forward by the code and
// settings that would recompute it the same way. After an upgrade the first
// refresh is full.
func computeSHA(o NetworkOptions) (string, error) {
	exeOnce.Do(func() { exeSHA, exeErr = fileSHA() })
	if exeErr != nil {
		return "", exeErr
	}
	h := sha256.New()
	h.Write(exeSHA)
	fmt.Fprintf(h, "limits %d %d %d %d\n", o.MaxNodes, o.MaxWork, o.MaxTotalWork, o.BrokersKept)
	err := fs.WalkDir(queries.FS, "indicators", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(queries.FS, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

var (
	exeOnce sync.Once
	exeSHA  []byte
	exeErr  error
)

func fileSHA() ([]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("indicator: the program's file: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil, fmt.Errorf("indicator: the program's file: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("indicator: the program's file: %w", err)
	}
	return h.Sum(nil), nil
}
