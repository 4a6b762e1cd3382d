// Package scale holds the province-scale checks of the list queries: a
// generator of thousands of rows (not the demo), a test that every list is
// index-served under generic plans, and benchmarks. It has no code of its
// own outside tests.
package scale
