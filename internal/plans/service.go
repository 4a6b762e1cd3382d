package plans

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/majors"
	"huhang/internal/orgs"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/redisx"
	"huhang/internal/rules"
)

// Service holds the plan use cases. It reads organisations, posts and host
// lists through the orgs service, never its tables.
type Service struct {
	pool  *pgxpool.Pool
	orgs  Orgs
	clock clock.Clock
	opts  rules.Options

	signer FilingSigner   // keys the public verification codes; nil: no verify_url
	rdb    *redisx.Client // the public verification's rate limit
}

// Orgs is what plans read of organisations (architecture.md §3.3: declared by
// the consumer, implemented by *orgs.Service): the school, its host list, and
// the hosts, posts and people a plan names. Reads run inside the caller's
// transaction when given one, unscoped (plans scope), answering apperr kinds.
type Orgs interface {
	OrgByID(ctx context.Context, db postgres.DBTX, id uuid.UUID) (orgs.Org, error)
	HostListOf(ctx context.Context, db postgres.DBTX, schoolID uuid.UUID) (map[uuid.UUID]orgs.Host, error)
	EnterprisesByID(ctx context.Context, db postgres.DBTX, ids []uuid.UUID) (map[uuid.UUID]orgs.Enterprise, error)
	PostsByID(ctx context.Context, db postgres.DBTX, ids []uuid.UUID) (map[uuid.UUID]orgs.Post, error)
	UsersByID(ctx context.Context, db postgres.DBTX, ids []uuid.UUID) (map[uuid.UUID]orgs.User, error)
}

var _ Orgs = (*orgs.Service)(nil)

func NewService(pool *pgxpool.Pool, orgsSvc Orgs, clk clock.Clock) *Service {
	return &Service{pool: pool, orgs: orgsSvc, clock: clk, opts: rules.Options{LeadTimeWorkingDays: rules.DefaultLeadTimeWorkingDays}}
}

// PostLine is one post of the plan as the school enters it.
type PostLine struct {
	PostID       uuid.UUID
	PlannedCount *int
	PayFen       *int64
}

// Input is the content of a plan the school drafts.
type Input struct {
	Fields
	Posts   []PostLine
	Special []SpecialArrangement
	// Instructors are teachers of the school; Mentors are mentors of the plan's hosts.
	Instructors, Mentors []uuid.UUID
	// OnSite are the instructors who accompany the students on site for the
	// whole period (Art 25); each must be among Instructors.
	OnSite []uuid.UUID
}

const maxText = 20000

// build validates the input against the school's posts and host list and
// fills the plan's content. Every bad field is reported at once.
func (s *Service) build(ctx context.Context, db postgres.DBTX, p *Plan, in Input) error {
	var fe apperr.FieldErrors
	p.Fields = in.Fields
	p.Type = strings.TrimSpace(in.Type)
	if p.Type != "cognitive" && p.Type != "post" {
		fe.Add("type", "实习类型须为 cognitive（认识实习）或 post（岗位实习）")
	}
	p.Title, p.Major, p.MajorCategory, p.Cohort = strings.TrimSpace(in.Title), strings.TrimSpace(in.Major),
		strings.TrimSpace(in.MajorCategory), strings.TrimSpace(in.Cohort)
	fe.Text("title", "方案名称", p.Title, 1, 128)
	fe.Text("major", "专业", p.Major, 1, 64)
	majors.Check(&fe, "major_category", p.MajorCategory)
	fe.Text("cohort", "年级", p.Cohort, 1, 32)
	fe.Text("content", "实习内容", p.Content, 0, maxText)
	fe.Text("safety_measures", "安全保障措施", p.SafetyMeasures, 0, maxText)
	fe.Text("emergency_plan", "应急预案", p.EmergencyPlan, 0, maxText)
	fe.Text("insurance_arrangement", "保险安排", p.InsuranceArrangement, 0, maxText)
	starts, errS := clock.ParseDate(in.StartsOn)
	ends, errE := clock.ParseDate(in.EndsOn)
	if errS != nil {
		fe.Add("starts_on", "开始日期格式须为 YYYY-MM-DD")
	}
	if errE != nil {
		fe.Add("ends_on", "结束日期格式须为 YYYY-MM-DD")
	} else if errS == nil && ends.Before(starts) {
		fe.Add("ends_on", "结束日期不能早于开始日期")
	} else if last := rules.LastDayOfPlan(starts); errS == nil && last.Before(ends) {
		fe.Add("ends_on", fmt.Sprintf("实习方案最长 %d 年：自 %s 开始的方案最晚于 %s 结束", rules.MaxPlanYears, starts, last))
	}
	p.StartsOn, p.EndsOn = starts.String(), ends.String()

	ids := make([]uuid.UUID, 0, len(in.Posts))
	for _, line := range in.Posts {
		ids = append(ids, line.PostID)
	}
	posts, err := s.orgs.PostsByID(ctx, db, ids)
	if err != nil {
		return err
	}
	hosts, err := s.orgs.HostListOf(ctx, db, p.SchoolID)
	if err != nil {
		return err
	}
	if len(in.Posts) == 0 {
		fe.Add("posts", "请至少选择一个实习岗位")
	}
	p.Posts = p.Posts[:0]
	seen := map[uuid.UUID]bool{}
	for i, line := range in.Posts {
		field := fmt.Sprintf("posts[%d]", i)
		post, ok := posts[line.PostID]
		switch {
		case !ok:
			fe.Add(field+".post_id", "岗位不存在")
		case seen[line.PostID]:
			fe.Add(field+".post_id", "同一岗位不能重复添加")
		default:
			if _, listed := hosts[post.EnterpriseID]; !listed {
				fe.Add(field+".post_id", "该岗位所属企业不在本校合作单位名单中")
			}
		}
		seen[line.PostID] = true
		if line.PlannedCount == nil || *line.PlannedCount < 1 || *line.PlannedCount > rules.MaxCount {
			fe.Add(field+".planned_count", fmt.Sprintf("计划人数须在 1–%d 之间", rules.MaxCount))
		}
		if line.PayFen == nil || *line.PayFen < 0 || *line.PayFen > rules.MaxFen {
			fe.Add(field+".pay_fen", "实习报酬须在 0–1000000 元之间，单位为分")
		}
		if ok && line.PlannedCount != nil && line.PayFen != nil {
			p.Posts = append(p.Posts, PlanPost{PostID: post.ID, PostName: post.Name, EnterpriseID: post.EnterpriseID,
				PlannedCount: *line.PlannedCount, PayFen: *line.PayFen})
		}
	}
	p.Special = p.Special[:0]
	seenSpecial := map[string]bool{}
	for i, sa := range in.Special {
		field := fmt.Sprintf("special_arrangements[%d]", i)
		if sa.Covers != rules.CoversNight && sa.Covers != rules.CoversRestDay && sa.Covers != rules.CoversHighRisk &&
			sa.Covers != rules.CoversOvertime {
			fe.Add(field+".covers", "特殊安排类型须为 night（夜班）、restday（休息日）、highrisk（高危作业）或 overtime（加班）")
		}
		if !seen[sa.PostID] {
			fe.Add(field+".post_id", "该岗位不在本方案中")
		}
		sa.Reason = strings.TrimSpace(sa.Reason)
		fe.Text(field+".reason", "特殊安排理由", sa.Reason, 1, 2000)
		key := sa.Covers + sa.PostID.String()
		if seenSpecial[key] {
			fe.Add(field+".covers", "同一岗位的同类特殊安排只能填写一次")
		}
		seenSpecial[key] = true
		p.Special = append(p.Special, sa)
	}
	if err := s.buildStaff(ctx, db, p, in, &fe); err != nil {
		return err
	}
	if err := fe.Err("实习方案填写有误"); err != nil {
		return err
	}
	return s.routeReview(ctx, db, p)
}

// buildStaff checks that instructors teach at the school and mentors work
// at one of the plan's hosts (Art 8: both sides supervise together).
func (s *Service) buildStaff(ctx context.Context, db postgres.DBTX, p *Plan, in Input, fe *apperr.FieldErrors) error {
	users, err := s.orgs.UsersByID(ctx, db, append(append([]uuid.UUID{}, in.Instructors...), in.Mentors...))
	if err != nil {
		return err
	}
	hosts := map[uuid.UUID]bool{}
	for _, h := range p.HostIDs() {
		hosts[h] = true
	}
	pick := func(field string, ids []uuid.UUID, role auth.Role, fits func(orgID uuid.UUID) bool, msg string) []Staff {
		out := []Staff{}
		seen := map[uuid.UUID]bool{}
		for i, id := range ids {
			u, ok := users[id]
			if !ok || u.Role != role || u.OrgID == nil || !fits(*u.OrgID) || seen[id] {
				fe.Add(fmt.Sprintf("%s[%d]", field, i), msg)
				continue
			}
			seen[id] = true
			out = append(out, Staff{UserID: id, DisplayName: u.DisplayName, OrgName: deref(u.OrgName)})
		}
		return out
	}
	p.Instructors = pick("instructor_ids", in.Instructors, auth.RoleTeacher,
		func(org uuid.UUID) bool { return org == p.SchoolID }, "须为本校的实习指导教师（不可重复）")
	for i, id := range in.OnSite {
		found := false
		for j := range p.Instructors {
			if p.Instructors[j].UserID == id {
				p.Instructors[j].OnSite, found = true, true
			}
		}
		if !found {
			fe.Add(fmt.Sprintf("on_site_instructor_ids[%d]", i), "驻点指导教师须是本方案的学校指导教师")
		}
	}
	p.Mentors = pick("mentor_ids", in.Mentors, auth.RoleEnterpriseMentor,
		func(org uuid.UUID) bool { return hosts[org] }, "须为本方案实习单位的企业导师（不可重复）")
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// routeReview names the competent bureau: always the school's own (Art 5;
// Art 24 ¶2 has the school's competent bureau consent to a cross-province
// internship, not the city's), and records whether a host sits outside the
// province or abroad, which adds the consent and provincial filing steps.
func (s *Service) routeReview(ctx context.Context, db postgres.DBTX, p *Plan) error {
	p.ReviewDivision = p.SchoolDivision
	enterprises, err := s.orgs.EnterprisesByID(ctx, db, p.HostIDs())
	if err != nil {
		return err
	}
	hosts := make([]rules.HostInput, 0, len(enterprises))
	for _, id := range p.HostIDs() {
		hosts = append(hosts, orgs.RuleHost(enterprises[id]))
	}
	p.CrossBorder = rules.Classify(p.SchoolDivision, hosts)
	return nil
}

// Create drafts a new plan for the actor's school.
func (s *Service) Create(ctx context.Context, actor auth.Actor, in Input) (Plan, error) {
	// The school drafts its plan (Art 8); its administrator answers for it,
	// whatever route or job calls.
	if actor.Role != auth.RoleSchoolAdmin || actor.OrgID == nil {
		return Plan{}, apperr.Forbidden("只有学校管理员可以起草实习方案")
	}
	school, err := s.orgs.OrgByID(ctx, nil, *actor.OrgID)
	if err != nil {
		return Plan{}, err
	}
	if school.Kind != orgs.KindSchool {
		return Plan{}, apperr.Forbidden("只有学校管理员可以起草实习方案")
	}
	p := Plan{ID: uuid.Must(uuid.NewV7()), SchoolID: school.ID, SchoolName: school.Name, SchoolDivision: school.DivisionCode,
		Status: StatusDraft, Version: 1}
	if err := s.build(ctx, nil, &p, in); err != nil {
		return Plan{}, err
	}
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := insertPlan(ctx, tx, &p); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, "plan.create", p, nil)
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Get(ctx, actor, p.ID)
}

// Update replaces the content of a draft or returned plan.
func (s *Service) Update(ctx context.Context, actor auth.Actor, id uuid.UUID, in Input) (Plan, error) {
	err := s.change(ctx, actor, id, "plan.update", func(tx pgx.Tx, p *Plan) error {
		if !actor.InOrg(p.SchoolID) || actor.Role != auth.RoleSchoolAdmin {
			return apperr.Forbidden("只有本校管理员可以修改方案")
		}
		if !p.Status.Editable() {
			return apperr.Conflict("INVALID_TRANSITION", fmt.Sprintf("方案当前状态为“%s”，不能修改", statusNames[p.Status]))
		}
		if err := s.build(ctx, tx, p, in); err != nil {
			return err
		}
		return updateContent(ctx, tx, p)
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Get(ctx, actor, id)
}

// change loads the plan in scope, locked, lets fn change it, and audits the
// before and after in the same transaction. A refused change writes nothing.
func (s *Service) change(ctx context.Context, actor auth.Actor, id uuid.UUID, action string, fn func(tx pgx.Tx, p *Plan) error) error {
	scope := &actor
	if actor.Role == auth.RoleSystem {
		scope = nil // the system acts on every plan; it has no organisation to scope by
	}
	return postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := getPlan(ctx, tx, id, scope, true)
		if err != nil {
			return err
		}
		before := snapshotOf(p)
		beforeStatus := p.Status
		if err := fn(tx, &p); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, action, p, map[string]any{"status": beforeStatus, "content": before})
	})
}

func (s *Service) record(ctx context.Context, tx pgx.Tx, actor auth.Actor, action string, p Plan, before any) error {
	return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: action, SubjectType: "plan", SubjectID: p.ID.String(),
		DivisionCode: p.SchoolDivision, Before: before,
		After: map[string]any{"status": p.Status, "version": p.Version, "filing_no": p.FilingNo, "content": snapshotOf(p),
			"cross_border": p.CrossBorder, "cross_province": p.CrossProv}})
}

// Get reads a plan in the actor's scope.
func (s *Service) Get(ctx context.Context, actor auth.Actor, id uuid.UUID) (Plan, error) {
	return getPlan(ctx, s.pool, id, &actor, false)
}

// List reads plans in the actor's scope.
func (s *Service) List(ctx context.Context, actor auth.Actor, f PlanFilter) ([]Plan, error) {
	return listPlans(ctx, s.pool, actor, f)
}

// Queue is the review queue of the actor's bureau: submitted plans it is
// competent for, oldest submission first.
func (s *Service) Queue(ctx context.Context, actor auth.Actor, f PlanFilter) ([]Plan, error) {
	f.Status, f.Queue, f.ReviewDivision = StatusSubmitted, true, actor.DivisionCode
	return listPlans(ctx, s.pool, actor, f)
}

// Check runs every plan rule as a dry run.
func (s *Service) Check(ctx context.Context, actor auth.Actor, id uuid.UUID) ([]rules.Result, error) {
	p, err := s.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.evaluate(ctx, s.pool, p)
}

// CheckDraft runs every plan rule on an unsaved plan body, as the school
// types: the same validation and rules as Create, nothing written.
func (s *Service) CheckDraft(ctx context.Context, actor auth.Actor, in Input) ([]rules.Result, error) {
	if actor.Role != auth.RoleSchoolAdmin || actor.OrgID == nil {
		return nil, apperr.Forbidden("只有学校管理员可以检查实习方案")
	}
	school, err := s.orgs.OrgByID(ctx, nil, *actor.OrgID)
	if err != nil {
		return nil, err
	}
	if school.Kind != orgs.KindSchool {
		return nil, apperr.Forbidden("只有学校管理员可以检查实习方案")
	}
	p := Plan{SchoolID: school.ID, SchoolName: school.Name, SchoolDivision: school.DivisionCode, Status: StatusDraft, Version: 1}
	if err := s.build(ctx, nil, &p, in); err != nil {
		return nil, err
	}
	return s.evaluate(ctx, s.pool, p)
}

// Suggestions are the majors and cohorts a school has already used in its
// plans and roster, most recent first, for its forms to offer.
type Suggestions struct {
	Majors  []string
	Cohorts []string
}

// Suggest reads the school administrator's own suggestions.
func (s *Service) Suggest(ctx context.Context, actor auth.Actor) (Suggestions, error) {
	if actor.Role != auth.RoleSchoolAdmin || actor.OrgID == nil {
		return Suggestions{}, apperr.Forbidden("只有学校管理员可以读取填写建议")
	}
	return suggestions(ctx, s.pool, *actor.OrgID)
}

// evaluate builds the rule input from current data and runs every rule.
func (s *Service) evaluate(ctx context.Context, db postgres.DBTX, p Plan) ([]rules.Result, error) {
	today := clock.BusinessDay(s.clock.Now())
	starts, _ := clock.ParseDate(p.StartsOn)
	ends, _ := clock.ParseDate(p.EndsOn)
	enterprises, err := s.orgs.EnterprisesByID(ctx, db, p.HostIDs())
	if err != nil {
		return nil, err
	}
	hostList, err := s.orgs.HostListOf(ctx, db, p.SchoolID)
	if err != nil {
		return nil, err
	}
	postIDs := make([]uuid.UUID, 0, len(p.Posts))
	for _, pp := range p.Posts {
		postIDs = append(postIDs, pp.PostID)
	}
	posts, err := s.orgs.PostsByID(ctx, db, postIDs)
	if err != nil {
		return nil, err
	}
	otherHost, otherPost, err := concurrentInterns(ctx, db, p)
	if err != nil {
		return nil, err
	}
	from, to := today, ends
	if starts.Before(from) {
		from = starts
	}
	if to.Before(from) {
		to = from
	}
	cal, err := clock.LoadCalendar(ctx, db, from, to)
	if err != nil {
		return nil, err
	}
	in := rules.PlanInput{Type: rules.PlanType(p.Type), MajorCategory: p.MajorCategory, StartsOn: starts, EndsOn: ends,
		SubmittedOn: today, SchoolDivisionCode: p.SchoolDivision, CrossProvince: p.CrossProv.Rules(),
		OnSiteInstructor: p.OnSiteInstructor()}
	for _, hid := range p.HostIDs() {
		h := orgs.RuleHost(enterprises[hid])
		h.OtherInterns = otherHost[hid]
		if entry, ok := hostList[hid]; ok {
			h.OnHostList = true
			if d, err := clock.ParseDate(entry.ApprovedOn); err == nil {
				h.HostListApprovedOn = &d
			}
		}
		in.Hosts = append(in.Hosts, h)
	}
	for _, pp := range p.Posts {
		post := orgs.RulePost(posts[pp.PostID])
		post.ID, post.HostID = pp.PostID.String(), pp.EnterpriseID.String()
		post.PlannedCount, post.PayFen, post.OtherInterns = pp.PlannedCount, pp.PayFen, otherPost[pp.PostID]
		in.Posts = append(in.Posts, post)
	}
	for _, sa := range p.Special {
		in.Special = append(in.Special, rules.SpecialArrangement{Covers: sa.Covers, PostID: sa.PostID.String(), Reason: sa.Reason})
	}
	return rules.CheckPlan(in, cal, s.opts), nil
}

// concurrentInterns counts interns of other filed plans whose period
// overlaps this one, per host and per post: Art 11's quotas are about
// interns at the same time, not per plan.
func concurrentInterns(ctx context.Context, db postgres.DBTX, p Plan) (map[uuid.UUID]int, map[uuid.UUID]int, error) {
	rows, err := db.Query(ctx, `
		SELECT pp.enterprise_id, pp.post_id, pp.planned_count
		FROM plan_posts pp JOIN plans o ON o.id = pp.plan_id
		WHERE o.id <> $1 AND o.type = 'post' AND o.status IN ('approved', 'in_progress')
		  AND o.starts_on <= $3 AND o.ends_on >= $2
		  AND pp.enterprise_id = ANY($4)`, p.ID, p.StartsOn, p.EndsOn, p.HostIDs())
	if err != nil {
		return nil, nil, postgres.Translate(err, "plans: concurrent interns")
	}
	defer rows.Close()
	byHost, byPost := map[uuid.UUID]int{}, map[uuid.UUID]int{}
	for rows.Next() {
		var host, post uuid.UUID
		var n int
		if err := rows.Scan(&host, &post, &n); err != nil {
			return nil, nil, postgres.Translate(err, "plans: concurrent interns")
		}
		byHost[host] += n
		byPost[post] += n
	}
	return byHost, byPost, postgres.Translate(rows.Err(), "plans: concurrent interns")
}

// RequestCosign sends a draft or returned plan to its host enterprises.
func (s *Service) RequestCosign(ctx context.Context, actor auth.Actor, id uuid.UUID) (Plan, error) {
	return s.transition(ctx, actor, id, ActionRequestCosign, func(tx pgx.Tx, p *Plan) error {
		if !actor.InOrg(p.SchoolID) {
			return apperr.Forbidden("只有本校可以提交会签")
		}
		// Nothing illegal is passed along: the enterprise co-signs only a plan
		// that could be filed. Blocking rules and the sections Art 8 and
		// Art 13 require stop it here as they would at submission; override
		// rules do not, since the school asks for their exemptions when it
		// submits (with the enterprise's signature behind the plan).
		violations := missingText(*p)
		results, err := s.evaluate(ctx, tx, *p)
		if err != nil {
			return err
		}
		for _, r := range results {
			if !r.Passed && r.Effect == rules.EffectBlock {
				violations = append(violations, apperr.Violation{Rule: r.Rule, Article: r.Article, Message: r.Message, Subject: r.Subject})
			}
		}
		if len(violations) > 0 {
			return apperr.RuleViolation(violations)
		}
		// A new round of signing: answers to an earlier, declined round no longer count.
		return clearCosigns(ctx, tx, p.ID, p.Version)
	})
}

// RuleText names the violation of a plan that lacks a section Art 8 and
// Art 13 require; it is not in the rule registry because it reads the
// plan's own text, not the facts the registry's rules compare.
const RuleText = "R-PLAN-TEXT"

// missingText lists, as violations, the required sections left empty.
func missingText(p Plan) []apperr.Violation {
	var out []apperr.Violation
	for _, f := range requiredText {
		if strings.TrimSpace(map[string]string{"content": p.Content, "safety_measures": p.SafetyMeasures,
			"emergency_plan": p.EmergencyPlan, "insurance_arrangement": p.InsuranceArrangement}[f.field]) == "" {
			out = append(out, apperr.Violation{Rule: RuleText, Article: "8, 13", Subject: "plan",
				Message: "未填写" + f.label + "（《职业学校学生实习管理规定》第八条、第十三条）"})
		}
	}
	return out
}

// Cosign records the actor's enterprise signing; the plan is cosigned when every host has.
func (s *Service) Cosign(ctx context.Context, actor auth.Actor, id uuid.UUID) (Plan, error) {
	return s.answerCosign(ctx, actor, id, "signed", "")
}

// Decline records a host's refusal with its reason and returns the plan to the school.
func (s *Service) Decline(ctx context.Context, actor auth.Actor, id uuid.UUID, reason string) (Plan, error) {
	return s.answerCosign(ctx, actor, id, "declined", reason)
}

func (s *Service) answerCosign(ctx context.Context, actor auth.Actor, id uuid.UUID, decision, reason string) (Plan, error) {
	reason = strings.TrimSpace(reason)
	if decision == "declined" && reason == "" {
		return Plan{}, apperr.Invalid("请说明不会签的理由", apperr.FieldError{Field: "reason", Message: "请填写理由"})
	}
	action := ActionCosign
	if decision == "declined" {
		action = ActionDecline
	}
	err := s.change(ctx, actor, id, "plan."+string(action), func(tx pgx.Tx, p *Plan) error {
		host := false
		for _, h := range p.HostIDs() {
			if actor.InOrg(h) {
				host = true
			}
		}
		if !host || actor.Role != auth.RoleEnterpriseAdmin {
			return apperr.Forbidden("只有方案中的实习单位可以会签")
		}
		if p.Status != StatusAwaitingCosign {
			return p.Apply(action, actor.Role) // reports the wrong state
		}
		for _, c := range p.Cosigns {
			if c.EnterpriseID == *actor.OrgID {
				return apperr.Conflict("ALREADY_ANSWERED", "本单位已对该版本方案作出会签答复")
			}
		}
		var r *string
		if reason != "" {
			r = &reason
		}
		if err := insertCosign(ctx, tx, p.ID, p.Version, *actor.OrgID, actor.UserID, decision, r); err != nil {
			return err
		}
		signed := 1
		for _, c := range p.Cosigns {
			if c.Decision == "signed" {
				signed++
			}
		}
		if decision == "declined" || signed == len(p.HostIDs()) {
			if err := p.Apply(action, actor.Role); err != nil {
				return err
			}
		}
		return setStatus(ctx, tx, p)
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Get(ctx, actor, id)
}

// transition applies one workflow edge with an optional extra step, all in one transaction.
func (s *Service) transition(ctx context.Context, actor auth.Actor, id uuid.UUID, action Action, extra func(tx pgx.Tx, p *Plan) error) (Plan, error) {
	err := s.change(ctx, actor, id, "plan."+string(action), func(tx pgx.Tx, p *Plan) error {
		if err := p.Apply(action, actor.Role); err != nil {
			return err
		}
		if extra != nil {
			if err := extra(tx, p); err != nil {
				return err
			}
		}
		return setStatus(ctx, tx, p)
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Get(ctx, actor, id)
}

// ExemptionRequest asks the auditor to let an override rule pass for one
// subject ("host:<id>", "post:<id>" or "plan"), with a reason; a quota
// exemption (Art 11) names the number of interns allowed there.
type ExemptionRequest struct {
	Rule         string
	Subject      string
	AllowedCount *int
	Reason       string
}

// checkSubject says whether subject names the plan, one of its hosts or one of its posts.
func checkSubject(p *Plan, subject string) bool {
	if subject == "plan" {
		return true
	}
	kind, raw, ok := strings.Cut(subject, ":")
	id, err := uuid.Parse(raw)
	if !ok || err != nil || id.String() != raw {
		return false
	}
	switch kind {
	case "host":
		for _, h := range p.HostIDs() {
			if h == id {
				return true
			}
		}
	case "post":
		for _, pp := range p.Posts {
			if pp.PostID == id {
				return true
			}
		}
	}
	return false
}

// requiredText are the parts of a plan Art 8 and Art 13 require before it
// is filed: its content, the safety measures, the emergency plan and the
// insurance arrangement (Art 35).
var requiredText = []struct{ field, label string }{
	{"content", "实习内容"}, {"safety_measures", "安全保障措施"}, {"emergency_plan", "应急预案"}, {"insurance_arrangement", "保险安排"},
}

// Submit runs every rule: a block, or an override without an exemption
// request for its subject, answers 422 listing every violation at once.
func (s *Service) Submit(ctx context.Context, actor auth.Actor, id uuid.UUID, requests []ExemptionRequest) (Plan, error) {
	var fe apperr.FieldErrors
	type key struct{ rule, subject string }
	seen := map[key]bool{}
	for i, r := range requests {
		field := fmt.Sprintf("exemption_requests[%d]", i)
		rule, ok := rules.Lookup(r.Rule)
		if !ok || rule.Effect != rules.EffectOverride {
			fe.Add(field+".rule", "只有“可申请豁免”的规则才能申请豁免")
		}
		if strings.TrimSpace(r.Reason) == "" {
			fe.Add(field+".reason", "请说明申请豁免的理由")
		}
		fe.Text(field+".reason", "豁免理由", strings.TrimSpace(r.Reason), 0, 2000)
		switch {
		case rules.IsQuota(r.Rule) && r.AllowedCount == nil:
			fe.Add(field+".allowed_count", "比例限制的豁免须写明该单位或岗位允许的实习学生人数")
		case r.AllowedCount != nil && !rules.IsQuota(r.Rule):
			fe.Add(field+".allowed_count", "只有比例限制（R-QUOTA-UNIT、R-QUOTA-POST）的豁免需要填写人数")
		case r.AllowedCount != nil && (*r.AllowedCount < 1 || *r.AllowedCount > rules.MaxCount):
			fe.Add(field+".allowed_count", fmt.Sprintf("允许人数须在 1–%d 之间", rules.MaxCount))
		}
		k := key{r.Rule, r.Subject}
		if seen[k] {
			fe.Add(field+".subject", "同一规则对同一对象只能申请一次")
		}
		seen[k] = true
	}
	if err := fe.Err("豁免申请有误"); err != nil {
		return Plan{}, err
	}
	return s.transition(ctx, actor, id, ActionSubmit, func(tx pgx.Tx, p *Plan) error {
		if !actor.InOrg(p.SchoolID) {
			return apperr.Forbidden("只有本校可以报送方案")
		}
		var fe apperr.FieldErrors
		for _, f := range requiredText {
			if strings.TrimSpace(map[string]string{"content": p.Content, "safety_measures": p.SafetyMeasures,
				"emergency_plan": p.EmergencyPlan, "insurance_arrangement": p.InsuranceArrangement}[f.field]) == "" {
				fe.Add(f.field, "请填写"+f.label+"（《职业学校学生实习管理规定》第八条、第十三条）")
			}
		}
		for i, r := range requests {
			if !checkSubject(p, r.Subject) {
				fe.Add(fmt.Sprintf("exemption_requests[%d].subject", i), "豁免对象须为 plan 或本方案的 host:<企业编号>、post:<岗位编号>")
			}
		}
		if err := fe.Err("方案内容不完整，不能报送"); err != nil {
			return err
		}
		today := clock.BusinessDay(s.clock.Now())
		if starts, _ := clock.ParseDate(p.StartsOn); starts.Before(today) {
			return apperr.Invalid("实习开始日期已过，请修改后重新报送",
				apperr.FieldError{Field: "starts_on", Message: "开始日期不能早于今天"})
		}
		results, err := s.evaluate(ctx, tx, *p)
		if err != nil {
			return err
		}
		asked := make([]rules.Exemption, 0, len(requests))
		for _, r := range requests {
			asked = append(asked, Exemption{Rule: r.Rule, Subject: r.Subject, AllowedCount: r.AllowedCount}.Rules())
		}
		if violations := rules.BlockingExempt(results, asked); len(violations) > 0 {
			return apperr.RuleViolation(violations)
		}
		if err := insertVersion(ctx, tx, p.ID, p.Version, snapshotOf(*p), actor.UserID, s.clock.Now()); err != nil {
			return err
		}
		for _, r := range requests {
			e := Exemption{Rule: r.Rule, Subject: r.Subject, AllowedCount: r.AllowedCount, Reason: strings.TrimSpace(r.Reason)}
			if err := insertExemption(ctx, tx, p.ID, p.Version, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// competent refuses an auditor who may see the plan but is not its reviewing bureau.
func competent(actor auth.Actor, p *Plan) error {
	if actor.DivisionCode != p.ReviewDivision {
		return apperr.Forbidden("该方案由" + p.ReviewDivision + "教育行政部门审核")
	}
	return nil
}

// ExemptionGrant is the auditor granting one requested exemption.
type ExemptionGrant struct {
	Rule    string
	Subject string
}

// Approve files the plan with the next gapless filing number of its
// division and year. Every failing override result needs an exemption the
// school requested for its subject and the auditor grants here; the other
// requests are refused. A cross-province or abroad plan needs the competent
// bureau's consent first (Art 24 ¶2).
func (s *Service) Approve(ctx context.Context, actor auth.Actor, id uuid.UUID, comment string, grants []ExemptionGrant) (Plan, error) {
	return s.transition(ctx, actor, id, ActionApprove, func(tx pgx.Tx, p *Plan) error {
		if err := competent(actor, p); err != nil {
			return err
		}
		version := p.Version
		requested := p.Exemptions // loaded with the locked plan, for the version under review
		var granted []rules.Exemption
		isGranted := map[ExemptionGrant]bool{}
		var fe apperr.FieldErrors
		for i, g := range grants {
			found := false
			for _, e := range requested {
				if e.Rule == g.Rule && e.Subject == g.Subject {
					found = true
					granted = append(granted, e.Rules())
				}
			}
			if !found {
				fe.Add(fmt.Sprintf("exemptions[%d]", i), "学校未对该对象申请该规则的豁免")
			}
			isGranted[g] = true
		}
		if err := fe.Err("豁免决定有误"); err != nil {
			return err
		}
		if p.CrossBorder != rules.CrossBorderNone && p.CrossProv.ConsentedAt == nil {
			return apperr.RuleViolation([]apperr.Violation{{Rule: "R-CROSSPROV", Article: "24", Subject: "plan",
				Message: "本方案有省外或境外实习单位，须先由学校主管教育行政部门作出同意跨省（境外）实习的决定，再审批备案"}})
		}
		results, err := s.evaluate(ctx, tx, *p)
		if err != nil {
			return err
		}
		if violations := rules.BlockingExempt(results, granted); len(violations) > 0 {
			return apperr.RuleViolation(violations)
		}
		for _, e := range requested {
			decision := "refused"
			if isGranted[ExemptionGrant{Rule: e.Rule, Subject: e.Subject}] {
				decision = "granted"
			}
			if err := decideExemption(ctx, tx, p.ID, version, e.Rule, e.Subject, decision, actor.UserID); err != nil {
				return err
			}
		}
		now := s.clock.Now()
		no, err := nextFilingNumber(ctx, tx, p.ReviewDivision, clock.BusinessDay(now).Year)
		if err != nil {
			return err
		}
		p.FilingNo, p.ApprovedAt = &no, &now
		return closeVersion(ctx, tx, p.ID, version, "approved", nil, strings.TrimSpace(comment), &actor.UserID, s.clock.Now())
	})
}

// crossProvinceBureau refuses anyone but the school's own competent bureau:
// Art 24 ¶2 gives the consent to the school's 主管部门, so a city bureau
// that merely sees a county school's plan may not give it.
func crossProvinceBureau(actor auth.Actor, p *Plan) error {
	if actor.Role != auth.RoleBureauAuditor {
		return apperr.Forbidden("只有学校主管教育行政部门可以办理跨省（境外）实习的同意和备案")
	}
	if actor.DivisionCode != p.SchoolDivision {
		return apperr.Forbidden(fmt.Sprintf("跨省（境外）实习须由学校主管教育行政部门（区划 %s）同意和登记备案，本部门（区划 %s）不能代为办理",
			p.SchoolDivision, actor.DivisionCode))
	}
	if p.CrossBorder == rules.CrossBorderNone {
		return apperr.Conflict("NOT_CROSS_PROVINCE", "本方案的实习单位均在省内，无须跨省同意和备案")
	}
	switch p.Status {
	case StatusSubmitted, StatusApproved, StatusInProgress:
		return nil
	}
	return apperr.Conflict("INVALID_TRANSITION", fmt.Sprintf("方案当前状态为“%s”，不能办理跨省（境外）实习的同意和备案", p.Status.Name()))
}

// ConsentCrossProvince is the school's own competent bureau consenting to
// a plan with a host outside the province or abroad (Art 24 ¶2, Art 25).
func (s *Service) ConsentCrossProvince(ctx context.Context, actor auth.Actor, id uuid.UUID, comment string) (Plan, error) {
	comment = strings.TrimSpace(comment)
	var fe apperr.FieldErrors
	fe.Text("comment", "意见", comment, 0, 2000)
	if err := fe.Err("同意意见有误"); err != nil {
		return Plan{}, err
	}
	err := s.change(ctx, actor, id, "plan.crossprov_consent", func(tx pgx.Tx, p *Plan) error {
		if err := crossProvinceBureau(actor, p); err != nil {
			return err
		}
		if p.CrossProv.ConsentedAt != nil {
			return apperr.Conflict("ALREADY_CONSENTED", "已同意该方案的跨省（境外）实习")
		}
		now, by := s.clock.Now(), actor.UserID
		p.CrossProv.ConsentedAt, p.CrossProv.ConsentedBy, p.CrossProv.ConsentComment = &now, &by, comment
		return consentCrossProvince(ctx, tx, p)
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Get(ctx, actor, id)
}

// RecordProvincialFiling records, after the consent, the date and reference
// under which the bureau filed the plan with the provincial education
// department (Art 24 ¶2); placements under it activate only after this.
func (s *Service) RecordProvincialFiling(ctx context.Context, actor auth.Actor, id uuid.UUID, filedOn, reference string) (Plan, error) {
	var fe apperr.FieldErrors
	day, err := clock.ParseDate(strings.TrimSpace(filedOn))
	switch {
	case err != nil:
		fe.Add("filed_on", "备案日期格式须为 YYYY-MM-DD")
	case clock.BusinessDay(s.clock.Now()).Before(day):
		fe.Add("filed_on", "备案日期不能晚于今天")
	}
	reference = strings.TrimSpace(reference)
	fe.Text("reference", "省级备案文号", reference, 1, 64)
	if err := fe.Err("省级备案信息有误"); err != nil {
		return Plan{}, err
	}
	err = s.change(ctx, actor, id, "plan.provincial_filing", func(tx pgx.Tx, p *Plan) error {
		if err := crossProvinceBureau(actor, p); err != nil {
			return err
		}
		if p.CrossProv.ConsentedAt == nil {
			return apperr.Conflict("CONSENT_FIRST", "须先同意跨省（境外）实习，再登记省级备案")
		}
		if p.CrossProv.FiledOn != nil {
			return apperr.Conflict("ALREADY_FILED", "已登记该方案的省级备案")
		}
		if day.Before(clock.BusinessDay(*p.CrossProv.ConsentedAt)) {
			return apperr.Invalid("省级备案信息有误", apperr.FieldError{Field: "filed_on", Message: "备案日期不能早于同意日期"})
		}
		now, by, d := s.clock.Now(), actor.UserID, day.String()
		p.CrossProv.FiledOn, p.CrossProv.FilingRef, p.CrossProv.RecordedAt, p.CrossProv.RecordedBy = &d, &reference, &now, &by
		return recordProvincialFiling(ctx, tx, p)
	})
	if err != nil {
		return Plan{}, err
	}
	return s.Get(ctx, actor, id)
}

// ReturnReason is one item the auditor wants changed.
type ReturnReason struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Return sends the plan back with reasons per field; the school edits it as the next version.
func (s *Service) Return(ctx context.Context, actor auth.Actor, id uuid.UUID, reasons []ReturnReason) (Plan, error) {
	var fe apperr.FieldErrors
	if len(reasons) == 0 {
		fe.Add("reasons", "请至少填写一条退回理由")
	}
	for i, r := range reasons {
		if strings.TrimSpace(r.Field) == "" {
			fe.Add(fmt.Sprintf("reasons[%d].field", i), "请指明需要修改的内容")
		}
		if strings.TrimSpace(r.Message) == "" {
			fe.Add(fmt.Sprintf("reasons[%d].message", i), "请填写修改意见")
		}
	}
	if err := fe.Err("退回理由有误"); err != nil {
		return Plan{}, err
	}
	return s.transition(ctx, actor, id, ActionReturn, func(tx pgx.Tx, p *Plan) error {
		if err := competent(actor, p); err != nil {
			return err
		}
		if err := closeVersion(ctx, tx, p.ID, p.Version, "returned", reasons, "", &actor.UserID, s.clock.Now()); err != nil {
			return err
		}
		p.Version++
		return nil
	})
}

// Reject refuses the plan for good.
func (s *Service) Reject(ctx context.Context, actor auth.Actor, id uuid.UUID, reason string) (Plan, error) {
	reason, err := apperr.RequiredText("reason", "理由", reason, 2000)
	if err != nil {
		return Plan{}, err
	}
	return s.transition(ctx, actor, id, ActionReject, func(tx pgx.Tx, p *Plan) error {
		if err := competent(actor, p); err != nil {
			return err
		}
		return closeVersion(ctx, tx, p.ID, p.Version, "rejected", []ReturnReason{{Field: "plan", Message: reason}}, "", &actor.UserID, s.clock.Now())
	})
}

// Revoke withdraws the filing of an approved plan; the number stays used.
func (s *Service) Revoke(ctx context.Context, actor auth.Actor, id uuid.UUID, reason string) (Plan, error) {
	reason, err := apperr.RequiredText("reason", "理由", reason, 2000)
	if err != nil {
		return Plan{}, err
	}
	return s.transition(ctx, actor, id, ActionRevoke, func(tx pgx.Tx, p *Plan) error {
		if err := competent(actor, p); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "plan.revoke_reason", SubjectType: "plan",
			SubjectID: p.ID.String(), DivisionCode: p.SchoolDivision, After: map[string]string{"reason": reason}})
	})
}

// Withdraw lets the school take back a plan before approval.
func (s *Service) Withdraw(ctx context.Context, actor auth.Actor, id uuid.UUID) (Plan, error) {
	return s.transition(ctx, actor, id, ActionWithdraw, func(tx pgx.Tx, p *Plan) error {
		if !actor.InOrg(p.SchoolID) {
			return apperr.Forbidden("只有本校可以撤回方案")
		}
		var submitted bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM plan_versions WHERE plan_id = $1 AND version = $2 AND outcome IS NULL)`,
			p.ID, p.Version).Scan(&submitted); err != nil {
			return postgres.Translate(err, "plans: withdraw")
		}
		if submitted {
			return closeVersion(ctx, tx, p.ID, p.Version, "withdrawn", nil, "", &actor.UserID, s.clock.Now())
		}
		return nil
	})
}

// Versions lists the submitted versions of a plan in scope.
func (s *Service) Versions(ctx context.Context, actor auth.Actor, id uuid.UUID) ([]Version, error) {
	if _, err := s.Get(ctx, actor, id); err != nil {
		return nil, err
	}
	return listVersions(ctx, s.pool, id)
}

// Diff lists what changed from version n−1 to version n.
func (s *Service) Diff(ctx context.Context, actor auth.Actor, id uuid.UUID, n int) ([]Change, error) {
	versions, err := s.Versions(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	var base, target *Version
	for i := range versions {
		switch versions[i].Version {
		case n - 1:
			base = &versions[i]
		case n:
			target = &versions[i]
		}
	}
	if target == nil || base == nil {
		return nil, apperr.NotFound("没有可比较的上一版本")
	}
	return diffSnapshots(base.Snapshot, target.Snapshot)
}

// StartAndComplete moves approved plans into progress on their start day and
// finishes them after their end day; the worker runs it daily. Each move is
// one transition by auth.System through change, audited as "system" in its
// own transaction, so one bad plan does not hold back the rest.
func (s *Service) StartAndComplete(ctx context.Context) (started, completed int, err error) {
	today := clock.BusinessDay(s.clock.Now()).String()
	for _, step := range []struct {
		action Action
		query  string
		count  *int
	}{
		{ActionStart, `SELECT id FROM plans WHERE status = 'approved' AND starts_on <= $1 ORDER BY id`, &started},
		{ActionComplete, `SELECT id FROM plans WHERE status = 'in_progress' AND ends_on < $1 ORDER BY id`, &completed},
	} {
		rows, err := s.pool.Query(ctx, step.query, today)
		if err != nil {
			return started, completed, postgres.Translate(err, "plans: lifecycle")
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		if err != nil {
			return started, completed, postgres.Translate(err, "plans: lifecycle")
		}
		for _, id := range ids {
			err := s.change(ctx, auth.System, id, "plan."+string(step.action), func(tx pgx.Tx, p *Plan) error {
				if err := p.Apply(step.action, auth.RoleSystem); err != nil {
					return err
				}
				return setStatus(ctx, tx, p)
			})
			if apperr.KindOf(err) == apperr.KindConflict {
				continue // moved by someone else meanwhile (revoked, say)
			}
			if err != nil {
				return started, completed, err
			}
			*step.count++
		}
	}
	return started, completed, nil
}

// ByID reads a plan without scoping, for placements, which scope their own
// records; db may be the caller's transaction (nil: the pool).
func (s *Service) ByID(ctx context.Context, db postgres.DBTX, id uuid.UUID) (Plan, error) {
	if db == nil {
		db = s.pool
	}
	return getPlan(ctx, db, id, nil, false)
}

// Now is the service's clock, for answers that count days.
func (s *Service) Now() time.Time { return s.clock.Now() }

// IDByTitle finds a school's plan by its title; the demo seed uses it to stay idempotent.
func (s *Service) IDByTitle(ctx context.Context, schoolID uuid.UUID, title string) (uuid.UUID, bool, error) {
	var id uuid.UUID
	err := s.pool.QueryRow(ctx, `SELECT id FROM plans WHERE school_id = $1 AND title = $2 ORDER BY id LIMIT 1`, schoolID, title).Scan(&id)
	if err == pgx.ErrNoRows {
		return uuid.Nil, false, nil
	}
	return id, err == nil, postgres.Translate(err, "plans: by title")
}
