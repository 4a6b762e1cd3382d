package stats

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// top keeps what a full sort would put first, ties and all.
func TestTopKeepsTheBestInOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 3, 10, 25, 500} {
		offered := make([]int, n)
		for i := range offered {
			offered[i] = r.IntN(40) // many ties
		}
		best := topOf(RiskListSize, func(a, b int) bool { return a > b })
		for _, x := range offered {
			best.offer(x)
		}
		want := slices.Clone(offered)
		slices.SortFunc(want, func(a, b int) int { return b - a })
		want = want[:min(len(want), RiskListSize)]
		if !slices.Equal(best.items, want) {
			t.Errorf("%d offered: kept %v, a sort gives %v", n, best.items, want)
		}
	}
}
