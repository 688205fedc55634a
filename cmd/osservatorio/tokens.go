package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"osservatorio/internal/auth"
	"osservatorio/internal/store"
)

// runTokens manages bearer tokens: add (printed once), list, revoke, expire.
// Every change is written to the audit log.
func runTokens(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const synopsis = "add --role viewer|researcher|lab|admin --name NAME [--expires YYYY-MM-DD] | list | revoke ID | expire ID --at YYYY-MM-DD"
	if len(args) == 0 {
		fmt.Fprintf(stderr, "Usage: %s tokens %s\n", programName, synopsis)
		return exitUsage
	}
	sub := args[0]
	fs := newFlags("tokens "+sub, synopsis, stderr)
	db := dbFlag(fs)
	role := fs.String("role", "", "role of the new token")
	name := fs.String("name", "", "who holds it: a service or an office (no person's name)")
	expires := fs.String("expires", "", "last day the token works (default: no expiry)")
	at := fs.String("at", "", "for expire: the day the token stops working")
	if code, ok := parse(fs, args[1:], stdout); !ok {
		return code
	}
	open := func() (*store.Store, bool) {
		st, err := store.Open(ctx, store.Options{Path: *db})
		if err != nil {
			fmt.Fprintln(stderr, "tokens:", err)
			return nil, false
		}
		return st, true
	}
	switch sub {
	case "add":
		r, err := auth.ParseRole(*role)
		if err != nil {
			fmt.Fprintln(stderr, "tokens add: --role:", err)
			return exitUsage
		}
		var exp *time.Time
		if *expires != "" {
			d, err := time.Parse(time.DateOnly, *expires)
			if err != nil {
				fmt.Fprintf(stderr, "tokens add: --expires %q is not a date YYYY-MM-DD\n", *expires)
				return exitUsage
			}
			d = d.AddDate(0, 0, 1) // valid through that day
			exp = &d
		}
		st, ok := open()
		if !ok {
			return exitFailed
		}
		defer st.Close()
		plain, tok, err := auth.Create(ctx, st, *name, r, exp)
		if err != nil {
			fmt.Fprintln(stderr, "tokens add:", err)
			return exitFailed
		}
		audit(ctx, st, stderr, "token.add", tok.ID, string(r)+" "+tok.Name)
		fmt.Fprintf(stdout, "%s\n", plain)
		fmt.Fprintf(stderr, "token %s (%s, %s) created: it is shown only now; keep it safe\n", tok.ID, tok.Role, tok.Name)
		return exitOK
	case "list":
		st, ok := open()
		if !ok {
			return exitFailed
		}
		defer st.Close()
		ts, err := auth.List(ctx, st.DB())
		if err != nil {
			fmt.Fprintln(stderr, "tokens list:", err)
			return exitFailed
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tROLE\tNAME\tCREATED\tEXPIRES\tSTATE")
		for _, t := range ts {
			exp, state := "-", "active"
			if t.Expires != nil {
				exp = t.Expires.Format(time.DateTime)
			}
			if !t.Active(time.Now()) {
				state = "expired"
			}
			if t.Revoked != nil {
				state = "revoked " + t.Revoked.Format(time.DateTime)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, t.Name, t.Created.Format(time.DateTime), exp, state)
		}
		tw.Flush()
		return exitOK
	case "revoke", "expire":
		if fs.NArg() != 1 {
			fmt.Fprintf(stderr, "tokens %s: give one token id\n", sub)
			return exitUsage
		}
		id := fs.Arg(0)
		st, ok := open()
		if !ok {
			return exitFailed
		}
		defer st.Close()
		var err error
		if sub == "revoke" {
			err = auth.Revoke(ctx, st, id)
		} else {
			d, perr := time.Parse(time.DateOnly, *at)
			if perr != nil {
				fmt.Fprintf(stderr, "tokens expire: --at %q is not a date YYYY-MM-DD\n", *at)
				return exitUsage
			}
			err = auth.Expire(ctx, st, id, d)
		}
		if err != nil {
			fmt.Fprintf(stderr, "tokens %s: %v\n", sub, err)
			return exitFailed
		}
		audit(ctx, st, stderr, "token."+sub, id, *at)
		return exitOK
	}
	fmt.Fprintf(stderr, "tokens: unknown subcommand %q (add, list, revoke, expire)\n", sub)
	return exitUsage
}

// audit records a CLI action (no token: the CLI holds the database file).
func audit(ctx context.Context, st *store.Store, stderr io.Writer, action, target, detail string) {
	v, _ := st.DataVersion(ctx)
	if err := auth.Record(ctx, st.DB(), auth.Entry{Action: action, Target: target, DataVersion: v, Detail: detail}); err != nil {
		fmt.Fprintln(stderr, "tokens: the audit log was not written:", err)
	}
}
