package scale

import (
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// Streams of the seed: each part of the generator draws from its own, so a
// change to how check-ins are drawn leaves the organisations and students
// of a seed exactly as they were.
const (
	streamWorld uint64 = iota + 1
	streamDuty
	streamInspections
	streamAlerts
	streamPassword
	streamSupervision
	streamAudit
	streamDocuments
)

// rng is a PCG stream with the draws the generator needs.
type rng struct{ r *rand.Rand }

func newRNG(seed, stream uint64) *rng {
	return &rng{r: rand.New(rand.NewPCG(seed, stream*0x9E3779B97F4A7C15))}
}

// uuid is a version-4-shaped UUID from the stream, so the same seed gives
// the same ids (uuid.New reads crypto/rand).
func (g *rng) uuid() uuid.UUID {
	var u uuid.UUID
	a, b := g.r.Uint64(), g.r.Uint64()
	for i := range 8 {
		u[i], u[8+i] = byte(a>>(8*i)), byte(b>>(8*i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

func (g *rng) intn(n int) int { return g.r.IntN(n) }

// between is uniform in [lo, hi].
func (g *rng) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func (g *rng) float(lo, hi float64) float64 { return lo + g.r.Float64()*(hi-lo) }

func (g *rng) chance(p float64) bool { return g.r.Float64() < p }

func (g *rng) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	return b
}

// minutes is a duration of between lo and hi whole minutes plus random seconds.
func (g *rng) minutes(lo, hi int) time.Duration {
	return time.Duration(g.between(lo, hi))*time.Minute + time.Duration(g.intn(60))*time.Second
}

// duration is uniform in [0, d), to the microsecond PostgreSQL keeps.
func (g *rng) duration(d time.Duration) time.Duration {
	if d <= time.Microsecond {
		return 0
	}
	return time.Duration(g.r.Int64N(int64(d/time.Microsecond))) * time.Microsecond
}

// weighted picks an index with probability proportional to its weight.
func (g *rng) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := g.r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func pick[T any](g *rng, list []T) T { return list[g.intn(len(list))] }
