package pgtest

import (
	"context"
	"testing"
)

// BenchmarkCloneDatabase measures what each database-backed test pays for
// its own database: clone the migrated template, open a pool, drop it.
// architecture.md aims at about 20 ms.
func BenchmarkCloneDatabase(b *testing.B) {
	New(b) // builds the template outside the timed loop
	ctx := context.Background()
	for b.Loop() {
		_, drop, err := clone(ctx, templateName)
		if err != nil {
			b.Fatal(err)
		}
		if err := drop(); err != nil {
			b.Fatal(err)
		}
	}
}
