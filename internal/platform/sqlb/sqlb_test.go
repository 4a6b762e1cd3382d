package sqlb

import (
	"reflect"
	"testing"
)

func TestWhereNumbersArgumentsInOrder(t *testing.T) {
	w := With("fixed")
	w.Add("p.status = %s", "submitted")
	w.Add("p.major ILIKE %s", "%数控%")
	w.Add("(a = %[1]s OR b = %[1]s) AND c > %[2]s", 7, 9)
	w.Add("p.type = 'post' AND p.title LIKE '%x'")
	want := "(p.status = $2) AND (p.major ILIKE $3) AND ((a = $4 OR b = $4) AND c > $5) AND (p.type = 'post' AND p.title LIKE '%x')"
	if got := w.String(); got != want {
		t.Fatalf("where:\n got %s\nwant %s", got, want)
	}
	if got := w.Args(); !reflect.DeepEqual(got, []any{"fixed", "submitted", "%数控%", 7, 9}) {
		t.Fatalf("args: %v", got)
	}
}

func TestEmptyWhereIsTrueAndFalseWins(t *testing.T) {
	var w Where
	if w.String() != "TRUE" || len(w.Args()) != 0 {
		t.Fatalf("empty: %q %v", w.String(), w.Args())
	}
	w.Add("x = %s", 1)
	w.False()
	if w.String() != "(x = $1) AND (FALSE)" {
		t.Fatal(w.String())
	}
}

func TestPrefixRange(t *testing.T) {
	for _, c := range []struct{ prefix, lo, hi string }{
		{"51", "51", "52"}, {"5119", "5119", "511:"}, {"511902", "511902", "511903"}, {"a\xff", "a\xff", "b"},
	} {
		lo, hi, ok := PrefixRange(c.prefix)
		if !ok || lo != c.lo || hi != c.hi {
			t.Errorf("PrefixRange(%q) = %q, %q, %v", c.prefix, lo, hi, ok)
		}
		// Every code under the prefix lies in the range, the next sibling does not.
		if inside := c.prefix + "99"; !(inside >= lo && inside < hi) {
			t.Errorf("%q outside [%q, %q)", inside, lo, hi)
		}
		if hi <= lo {
			t.Errorf("empty range for %q", c.prefix)
		}
	}
	for _, empty := range []string{"", "\xff\xff"} {
		if _, _, ok := PrefixRange(empty); ok {
			t.Errorf("PrefixRange(%q) should have no range", empty)
		}
	}
	var w Where
	w.HasPrefix("o.division_code", "")
	if w.String() != "(FALSE)" {
		t.Fatalf("empty prefix must match nothing: %s", w.String())
	}
}
