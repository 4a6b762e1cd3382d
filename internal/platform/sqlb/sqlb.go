// Package sqlb builds the WHERE clause of a list query from the filters
// actually set, with every value passed as an argument.
//
// Why not one static query with "($1::uuid IS NULL OR col = $1)" for every filter:
// pgx prepares each query text once per connection, and after five
// executions PostgreSQL may switch the statement to a generic plan, planned
// without knowing the arguments. A catch-all predicate then cannot use any
// index, and lists fall back to sequential scans. A query text per set of
// filters gives each its own statement whose every condition is sargable.
package sqlb

import (
	"fmt"
	"strconv"
	"strings"
)

// Where is a conjunction of conditions and the arguments they refer to.
// The zero value is an empty WHERE with no arguments.
type Where struct {
	conds []string
	args  []any
}

// With starts a WHERE after arguments the query already numbers $1..$n.
func With(args ...any) *Where { return &Where{args: append([]any(nil), args...)} }

// Arg adds a value and returns its placeholder ("$3").
func (w *Where) Arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// Add appends a condition. Each of args becomes a placeholder, and format
// names them with fmt verbs: %s for the next, %[2]s to repeat one. A format
// without args is taken literally, so it may hold a '%'; with args, write %%.
// Formats are fixed SQL in the code, never input.
func (w *Where) Add(format string, args ...any) {
	if len(args) == 0 {
		w.conds = append(w.conds, format)
		return
	}
	ph := make([]any, len(args))
	for i, a := range args {
		ph[i] = w.Arg(a)
	}
	w.conds = append(w.conds, fmt.Sprintf(format, ph...))
}

// False makes the whole WHERE match nothing (an actor without scope).
func (w *Where) False() { w.conds = append(w.conds, "FALSE") }

// String is the clause without the WHERE keyword: "TRUE" when empty.
func (w *Where) String() string {
	if len(w.conds) == 0 {
		return "TRUE"
	}
	return "(" + strings.Join(w.conds, ") AND (") + ")"
}

// Args are the arguments in placeholder order.
func (w *Where) Args() []any { return w.args }

// PrefixRange is the half-open range [lo, hi) of the strings that start with
// prefix, in byte order. "col ~>=~ lo AND col ~<~ hi" is what PostgreSQL
// derives from "col LIKE 'prefix%'" only when the prefix is a constant; as
// arguments, the range keeps a text_pattern_ops index usable in a generic
// plan. ok is false for an empty prefix: there is no range to scope to.
func PrefixRange(prefix string) (lo, hi string, ok bool) {
	b := []byte(prefix)
	for len(b) > 0 && b[len(b)-1] == 0xff {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return "", "", false
	}
	b[len(b)-1]++
	return prefix, string(b), true
}

// HasPrefix adds "col starts with prefix" as an index-friendly range; an
// empty prefix matches nothing.
func (w *Where) HasPrefix(col, prefix string) {
	lo, hi, ok := PrefixRange(prefix)
	if !ok {
		w.False()
		return
	}
	w.Add(col+" ~>=~ %s AND "+col+" ~<~ %s", lo, hi)
}

// Limit is the LIMIT clause of a page, written as a number: a generic plan
// assumes a LIMIT argument keeps a tenth of the rows and may then prefer to
// scan and sort a whole table over reading an index in order. A page size
// is an int the code validated (1–201), so no text of a caller's reaches
// the query through it, and a handful of sizes means a handful of statements.
func Limit(n int) string {
	if n < 0 {
		n = 0
	}
	return " LIMIT " + strconv.Itoa(n)
}
