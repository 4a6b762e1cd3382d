// Package scale holds the province-scale checks of the list queries: a test
// that every list is index-served under generic plans, and benchmarks, on a
// province from internal/seed/scale (what `huhang seed scale` generates). It
// has no code of its own outside tests.
package scale
