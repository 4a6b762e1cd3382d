package inspections

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"huhang/internal/platform/apperr"
)

// The random draw (双随机, Art 42): N inspection targets and M inspectors,
// each drawn at random from a published candidate list, with a published
// seed, so that anyone can recompute the result and see that nobody chose.

// DrawAlgorithm is published with every draw: enough to recompute it with
// any SHA-256 implementation.
const DrawAlgorithm = "候选名单按编号（UUID 文本）升序排列；第 i 次（i 从 0 起）抽取时，计算 SHA-256(种子 + \":\" + 名单名 + \":\" + i)，" +
	"取前 8 字节作为大端无符号整数 r，与剩余名单中第 i 位及之后的 (n−i) 个候选中第 i + (r mod (n−i)) 位交换，再取第 i 位。" +
	"名单名为 targets 或 inspectors。"

// Candidate is one entry of a published candidate list.
type Candidate struct {
	ID   uuid.UUID
	Name string
}

// DrawList draws n of candidates with seed, as DrawAlgorithm says. The
// candidates are sorted first, so the result does not depend on the order
// they were read in. r mod (n−i) has a bias below 2⁻⁴⁰ for any list a
// province could hold, far below what could favour anyone.
func DrawList(seed, list string, candidates []Candidate, n int) []Candidate {
	pool := slices.Clone(candidates)
	slices.SortFunc(pool, func(a, b Candidate) int { return strings.Compare(a.ID.String(), b.ID.String()) })
	n = min(n, len(pool))
	for i := range n {
		sum := sha256.Sum256(fmt.Appendf(nil, "%s:%s:%d", seed, list, i))
		r := binary.BigEndian.Uint64(sum[:8])
		j := i + int(r%uint64(len(pool)-i))
		pool[i], pool[j] = pool[j], pool[i]
	}
	return pool[:n]
}

// Draw is a campaign's published draw.
type Draw struct {
	CampaignID          uuid.UUID
	Seed                string
	TargetKind          TargetKind
	TargetCandidates    []Candidate
	InspectorCandidates []Candidate
	Targets             []Candidate
	Inspectors          []Candidate
	DrawnBy             uuid.UUID
	DrawnByName         string
	DrawnAt             time.Time
}

// DrawRequest asks for a draw.
type DrawRequest struct {
	TargetKind TargetKind
	Targets    int
	Inspectors int
	Seed       string
}

const (
	maxSeed  = 64
	maxDrawn = 200
)

// Check names every bad field and fills in a random seed when none was given
// (a bureau may instead announce a seed beforehand, such as a lottery draw's
// numbers, so that not even the platform knows it in advance).
func (r *DrawRequest) Check() error {
	var fe apperr.FieldErrors
	if r.TargetKind == "" {
		r.TargetKind = TargetSchool
	}
	if r.TargetKind != TargetSchool && r.TargetKind != TargetEnterprise && r.TargetKind != TargetPlacement {
		fe.Add("target_kind", "抽取对象须为 school（学校）、enterprise（实习单位）或 placement（实习安排）")
	}
	if r.Targets < 1 || r.Targets > maxDrawn {
		fe.Add("targets", fmt.Sprintf("抽取对象数量须为 1–%d", maxDrawn))
	}
	if r.Inspectors < 1 || r.Inspectors > maxInspectors {
		fe.Add("inspectors", fmt.Sprintf("抽取检查人员数量须为 1–%d", maxInspectors))
	}
	r.Seed = strings.TrimSpace(r.Seed)
	if len(r.Seed) > maxSeed {
		fe.Add("seed", fmt.Sprintf("随机种子不能超过 %d 个字符", maxSeed))
	}
	if r.Seed == "" {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		r.Seed = hex.EncodeToString(b)
	}
	return fe.Err("抽取参数有误")
}
