package plans

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/sqlb"
)

// involvedPlan says whom a plan row p (school s) concerns: the school's
// division subtree, the school, every host enterprise in it, and the
// instructors and mentors it names.
//
// The division is the school's alone: p.review_division is always the
// school's division or an ancestor of it (the city for Art 24), so any
// bureau whose subtree holds the review division holds the school too, and
// one range stays indexable where an OR would not. The schools of the range
// are read first, as an array (an InitPlan), so the plan never hashes every
// plan to join it to the schools.
//
// A bureau sees a plan only from its first submission on (plans.submitted_at
// is set by the first plan_versions row and never cleared): a school's
// unsent draft, whatever its state, is the school's and its hosts' business.
// The extra condition filters rows the school range already found, so the
// range keeps its index.
var involvedPlan = auth.Involved{
	Division:   "p.submitted_at IS NOT NULL AND p.school_id = ANY (ARRAY(SELECT so.id FROM orgs so WHERE so.kind = 'school' AND so.division_code ~>=~ %[1]s AND so.division_code ~<~ %[2]s))",
	School:     "p.school_id = %s",
	Enterprise: "p.id IN (SELECT pp.plan_id FROM plan_posts pp WHERE pp.enterprise_id = %s)",
	Teacher:    "p.id IN (SELECT ps.plan_id FROM plan_staff ps WHERE ps.user_id = %s)",
	Mentor:     "p.id IN (SELECT ps.plan_id FROM plan_staff ps WHERE ps.user_id = %s)",
}

// PlanFilter narrows a list of plans.
type PlanFilter struct {
	Status         Status
	SchoolID       *uuid.UUID
	Type           string
	Major          string
	DivisionPrefix string
	After          *uuid.UUID
	Limit          int
	// Queue orders oldest submission first and pages by QueueAfter.
	Queue      bool
	QueueAfter *QueueKey
	// ReviewDivision keeps the plans one bureau reviews.
	ReviewDivision string
}

// QueueKey is where a page of the review queue ends: the queue is ordered
// by (submitted_at, id), so its cursor carries both.
type QueueKey struct {
	SubmittedAt time.Time
	ID          uuid.UUID
}

// String is the opaque cursor the API hands out: microseconds (what
// timestamptz keeps) and the id.
func (k QueueKey) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(k.SubmittedAt.UnixMicro(), 10) + "." + k.ID.String()))
}

// ParseQueueKey reads a cursor written by QueueKey.String.
func ParseQueueKey(s string) (QueueKey, error) {
	bad := errors.New("plans: malformed queue cursor")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return QueueKey{}, bad
	}
	micros, id, ok := strings.Cut(string(raw), ".")
	n, err1 := strconv.ParseInt(micros, 10, 64)
	u, err2 := uuid.Parse(id)
	if !ok || err1 != nil || err2 != nil {
		return QueueKey{}, bad
	}
	return QueueKey{SubmittedAt: time.UnixMicro(n).UTC(), ID: u}, nil
}

// planWhere builds the WHERE of a plan list from the filters actually set
// and the actor's kind (see sqlb for why not one query with catch-alls).
func planWhere(actor auth.Actor, f PlanFilter) *sqlb.Where {
	w := sqlb.With()
	if f.Queue {
		// A literal, not an argument: the partial index plans_review_queue_idx
		// (WHERE status = 'submitted') serves only queries that say so.
		w.Add("p.status = 'submitted'")
		w.Add("p.review_division = %s", f.ReviewDivision)
		if f.QueueAfter != nil {
			w.Add("(p.submitted_at, p.id) > (%s, %s)", f.QueueAfter.SubmittedAt, f.QueueAfter.ID)
		}
	} else {
		if f.Status != "" {
			w.Add("p.status = %s", string(f.Status))
		}
		if f.ReviewDivision != "" {
			w.Add("p.review_division = %s", f.ReviewDivision)
		}
		if f.After != nil {
			w.Add("p.id > %s", *f.After)
		}
	}
	if f.SchoolID != nil {
		w.Add("p.school_id = %s", *f.SchoolID)
	}
	if f.Type != "" {
		w.Add("p.type = %s", f.Type)
	}
	if f.Major != "" {
		w.Add("p.major ILIKE %s", "%"+postgres.LikeEscape(f.Major)+"%")
	}
	if f.DivisionPrefix != "" {
		// The same shape as the scope above: the schools of the range read
		// first (orgs' division index), then plans by school_id, rather than
		// a range on the joined orgs row that would hash every plan.
		if lo, hi, ok := sqlb.PrefixRange(f.DivisionPrefix); ok {
			w.Add("p.school_id = ANY (ARRAY(SELECT fo.id FROM orgs fo WHERE fo.division_code ~>=~ %s AND fo.division_code ~<~ %s))", lo, hi)
		} else {
			w.False()
		}
	}
	actor.Scope(w, involvedPlan)
	return w
}

func listPlans(ctx context.Context, db postgres.DBTX, actor auth.Actor, f PlanFilter) ([]Plan, error) {
	w := planWhere(actor, f)
	order := "p.id"
	if f.Queue {
		order = "p.submitted_at, p.id"
	}
	query := planSelect + " WHERE " + w.String() + " ORDER BY " + order + sqlb.Limit(f.Limit)
	list, err := postgres.List(ctx, db, "plans: list", scanPlan, query, w.Args()...)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*Plan, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	return list, loadChildren(ctx, db, ptrs...)
}
