package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/orgs"
	"huhang/internal/plans"
	"huhang/internal/platform/clock"
)

// demoPlan is one plan of 南江县小河职业中学 brought to a state. The plans
// live on the 南江 side so that 通江's filing numbers start at 0001 for
// whoever tries the workflow first.
type demoPlan struct {
	title string
	state plans.Status
	// startIn and lengthDays place the internship relative to today; filed
	// plans in progress or completed are submitted and approved in the past.
	startIn, lengthDays int
	// filedDaysAgo backdates the work on a plan that starts later (0: today).
	filedDaysAgo int
}

var demoPlans = []demoPlan{
	{"2025级旅游服务与管理专业光雾山景区认识实习", plans.StatusDraft, 40, 5, 0},
	{"2025级旅游服务与管理专业游客中心认识实习", plans.StatusAwaitingCosign, 40, 5, 0},
	{"2025级旅游服务与管理专业景区讲解认识实习", plans.StatusCosigned, 40, 5, 0},
	// Submitted eight days ago: county2 sees it waiting, city1 is told to press (督办).
	{"2024级旅游服务与管理专业岗位实习", plans.StatusSubmitted, 45, 90, 8},
	{"2024级导游专业岗位实习", plans.StatusReturned, 45, 90, 0},
	{"2024级景区服务专业岗位实习", plans.StatusApproved, 50, 90, 0},
	{"2024级酒店管理专业岗位实习", plans.StatusRejected, 50, 90, 0},
	{"2024级会展服务专业岗位实习", plans.StatusWithdrawn, 50, 90, 0},
	{"2023级旅游服务专业岗位实习", plans.StatusRevoked, 60, 60, 0},
	{"2023级导游专业岗位实习", plans.StatusInProgress, -45, 120, 0},
	{"2023级景区服务专业岗位实习", plans.StatusCompleted, -150, 120, 0},
}

// Plans creates the demo plans that are missing, each in its state.
func Plans(ctx context.Context, pool *pgxpool.Pool, orgsSvc *orgs.Service, now time.Time) (int, error) {
	actor := func(username string) (auth.Actor, error) {
		c, err := orgsSvc.CredentialsByUsername(ctx, username)
		return c.Actor, err
	}
	school, err := actor("school2")
	if err != nil {
		return 0, err
	}
	ent, err := actor("ent2")
	if err != nil {
		return 0, err
	}
	county, err := actor("county2")
	if err != nil {
		return 0, err
	}
	enterpriseID, err := orgsSvc.EnterpriseIDByCreditCode(ctx, "91511922MA62NJ007F")
	if err != nil {
		return 0, err
	}
	posts, err := orgsSvc.ListPosts(ctx, school, enterpriseID)
	if err != nil || len(posts) == 0 {
		return 0, fmt.Errorf("seed: posts of the 南江 host: %w", err)
	}
	post := posts[0]
	lines := make([]plans.PostLine, 0, len(posts))
	for _, p := range posts {
		lines = append(lines, plans.PostLine{PostID: p.ID, PlannedCount: ptr(3), PayFen: ptr(int64(260000))})
	}
	created := 0
	for _, dp := range demoPlans {
		probe := plans.NewService(pool, orgsSvc, clock.Fixed(now))
		if _, exists, err := probe.IDByTitle(ctx, *school.OrgID, dp.title); err != nil || exists {
			if err != nil {
				return created, err
			}
			continue
		}
		today := clock.BusinessDay(now)
		starts := today.AddDays(dp.startIn)
		ends := starts.AddDays(dp.lengthDays)
		// Plans already under way were filed a while before they started.
		filedAt := now.AddDate(0, 0, -dp.filedDaysAgo)
		if dp.startIn < 15 {
			filedAt = starts.AddDays(-20).Time().Add(2 * time.Hour)
		}
		svc := plans.NewService(pool, orgsSvc, clock.Fixed(filedAt))
		kind := "post"
		if dp.state == plans.StatusDraft || dp.state == plans.StatusAwaitingCosign || dp.state == plans.StatusCosigned {
			kind = "cognitive"
		}
		// Post internships use every post of the host; cognitive visits one.
		planned, pay := 1, int64(260000)
		planPosts := []plans.PostLine{{PostID: post.ID, PlannedCount: &planned, PayFen: &pay}}
		if kind == "post" {
			planPosts = lines
		}
		p, err := svc.Create(ctx, school, plans.Input{Fields: plans.Fields{Type: kind, Title: dp.title, Major: "旅游服务与管理", MajorCategory: post.MajorCategory,
			Cohort: "2024级", StartsOn: starts.String(), EndsOn: ends.String(),
			Content:              "在光雾山景区游客中心跟岗，学习讲解、接待与安全引导。",
			SafetyMeasures:       "岗前安全与防汛培训，山区作业由企业导师陪同，恶劣天气暂停户外讲解。",
			EmergencyPlan:        "景区应急联络表与学校值班电话上墙，突发情况 30 分钟内报告学校与县教育局。",
			InsuranceArrangement: "学校投保实习责任保险，覆盖实习全程。"},
			Posts: planPosts})
		if err != nil {
			return created, fmt.Errorf("seed: plan %s: %w", dp.title, err)
		}
		created++
		if err := advance(ctx, svc, p.ID, dp.state, school, ent, county); err != nil {
			return created, fmt.Errorf("seed: plan %s: %w", dp.title, err)
		}
		// The store stamps a submission with the database's clock; a demo
		// plan that has been waiting carries the day it was sent.
		if dp.filedDaysAgo > 0 && dp.state == plans.StatusSubmitted {
			if _, err := pool.Exec(ctx, `UPDATE plan_versions SET submitted_at = $2 WHERE plan_id = $1`, p.ID, filedAt); err != nil {
				return created, err
			}
			if _, err := pool.Exec(ctx, `UPDATE plans SET submitted_at = $2 WHERE id = $1`, p.ID, filedAt); err != nil {
				return created, err
			}
		}
	}
	return created, nil
}

func advance(ctx context.Context, svc *plans.Service, id uuid.UUID, state plans.Status, school, ent, county auth.Actor) error {
	type step func() error
	var steps []step
	add := func(s step) { steps = append(steps, s) }
	cosigned := func() {
		add(func() error { _, err := svc.RequestCosign(ctx, school, id); return err })
		add(func() error { _, err := svc.Cosign(ctx, ent, id); return err })
	}
	submitted := func() {
		cosigned()
		add(func() error { _, err := svc.Submit(ctx, school, id, nil); return err })
	}
	approved := func() {
		submitted()
		add(func() error {
			_, err := svc.Approve(ctx, county, id, "材料齐全，同意备案。", nil)
			return err
		})
	}
	switch state {
	case plans.StatusDraft:
	case plans.StatusAwaitingCosign:
		add(func() error { _, err := svc.RequestCosign(ctx, school, id); return err })
	case plans.StatusCosigned:
		cosigned()
	case plans.StatusSubmitted:
		submitted()
	case plans.StatusReturned:
		submitted()
		add(func() error {
			_, err := svc.Return(ctx, county, id, []plans.ReturnReason{{Field: "safety_measures", Message: "请补充汛期山区安全措施和撤离路线。"}})
			return err
		})
	case plans.StatusRejected:
		submitted()
		add(func() error {
			_, err := svc.Reject(ctx, county, id, "实习岗位与专业培养目标不符。")
			return err
		})
	case plans.StatusWithdrawn:
		submitted()
		add(func() error { _, err := svc.Withdraw(ctx, school, id); return err })
	case plans.StatusApproved, plans.StatusInProgress, plans.StatusCompleted:
		approved()
	case plans.StatusRevoked:
		approved()
		add(func() error {
			_, err := svc.Revoke(ctx, county, id, "实习单位发生安全事故，暂停该方案。")
			return err
		})
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}
