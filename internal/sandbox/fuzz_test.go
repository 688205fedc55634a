package sandbox

import (
	"context"
	"strings"
	"testing"
	"time"
)

// FuzzGate: whatever the statement, the gate does not panic, and a statement
// it lets through reads nothing of the file beside the database (its marker
// never comes back, in rows or errors).
func FuzzGate(f *testing.F) {
	for _, s := range []string{
		"SELECT 1", "SELECT * FROM read_csv('x.csv')", "FROM 'x.csv'", "SELECT * FROM glob('*')",
		"WITH t AS (SELECT 1) SELECT * FROM t", "SELECT * FROM query('SELECT 1')",
		"SELECT current_setting('threads')", "SELECT * FROM attendance_at(1)", "SELECT 1; SELECT 2",
		"SELECT (SELECT content FROM read_text('x'))", "SELECT * FROM tokens",
	} {
		f.Add(s)
	}
	st, dir := openWithSecret(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		q = strings.ReplaceAll(q, "x.csv", dir+"/presenze_con_nomi.csv")
		res, err := Query(ctx, st.DB(), q, Options{Timeout: 2 * time.Second})
		if err != nil {
			if strings.Contains(err.Error(), "maria.rossi") {
				t.Fatalf("refusal quotes the secret file: %v", err)
			}
			return
		}
		defer res.Close()
		cols, _ := res.Columns()
		for res.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if res.Scan(ptrs...) != nil {
				return
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok && strings.Contains(string(b), "maria.rossi") {
					t.Fatalf("%q read the secret file", q)
				}
				if s, ok := v.(string); ok && strings.Contains(s, "maria.rossi") {
					t.Fatalf("%q read the secret file", q)
				}
			}
		}
	})
}
