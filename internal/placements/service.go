package placements

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/alerts/outbox"
	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/plans"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/rules"
)

// Service holds the placement use cases. It reads plans, students,
// organisations and files through their services.
type Service struct {
	pool     *pgxpool.Pool
	orgs     Orgs
	plans    Plans
	students Students
	files    Files
	clock    clock.Clock
}

func NewService(pool *pgxpool.Pool, orgsSvc Orgs, plansSvc Plans, studentsSvc Students, filesSvc Files, clk clock.Clock) *Service {
	return &Service{pool: pool, orgs: orgsSvc, plans: plansSvc, students: studentsSvc, files: filesSvc, clock: clk}
}

func (s *Service) today() clock.Date { return clock.BusinessDay(s.clock.Now()) }

// Now is the service clock.
func (s *Service) Now() time.Time { return s.clock.Now() }

// baseInput is what every stage's rules read from the placement itself.
func (s *Service) baseInput(p *Placement) rules.PlacementInput {
	var open []rules.FeeReport
	for _, f := range p.FeeReports {
		if f.ResolvedAt == nil {
			open = append(open, rules.FeeReport{Kind: f.Kind, Description: f.Description})
		}
	}
	planStatus := plans.Status(p.PlanStatus)
	return rules.PlacementInput{PlanType: p.PlanType, PlanFiled: planStatus.Filed(), PlanStatusName: planStatus.Name(),
		StartsOn: p.StartsOn, EndsOn: p.EndsOn, Today: s.today(),
		Student:   rules.StudentFacts{Name: p.StudentName, BirthDate: p.StudentBirth, Female: p.StudentFemale, EnrolledOn: p.StudentEnrol},
		Post:      rules.PlacementPost{ID: p.PostID.String(), Name: p.PostName},
		Host:      rules.PlacementHost{ID: p.EnterpriseID.String(), Name: p.EnterpriseName},
		Documents: gateDocuments(p), InstructorAssigned: p.InstructorID != nil, MentorAssigned: p.MentorID != nil,
		OpenFeeReports: open}
}

// withHost adds the host's and the post's facts the propose and confirm rules need.
func (s *Service) withHost(ctx context.Context, db postgres.DBTX, in *rules.PlacementInput, enterpriseID, postID uuid.UUID) error {
	enterprises, err := s.orgs.EnterprisesByID(ctx, db, []uuid.UUID{enterpriseID})
	if err != nil {
		return err
	}
	posts, err := s.orgs.PostsByID(ctx, db, []uuid.UUID{postID})
	if err != nil {
		return err
	}
	e, post := enterprises[enterpriseID], posts[postID]
	in.Host.Name, in.Host.BannedVenue, in.Host.Intermediary, in.Host.Headcount = e.Name, e.BannedVenue, e.Intermediary, e.Headcount
	in.Host.SafetyViolations = nil
	for _, v := range e.SafetyViolations {
		d, err := clock.ParseDate(v.OccurredOn)
		if err != nil {
			return fmt.Errorf("placements: host %s violation date %q: %w", enterpriseID, v.OccurredOn, err)
		}
		in.Host.SafetyViolations = append(in.Host.SafetyViolations, d)
	}
	in.Post.Name, in.Post.ForbiddenForMinors, in.Post.ForbiddenForWomen, in.Post.Headcount, in.Post.LabourGrade =
		post.Name, post.ForbiddenForMinors, post.ForbiddenForWomen, post.Headcount, post.LabourGrade
	return nil
}

// Gates evaluates every activation gate now: the checklist a school sees.
func (s *Service) Gates(p *Placement) []rules.Result {
	return append(rules.CheckPlacement(rules.StageActivate, s.baseInput(p)), rules.CrossBorderGate(p.PlanCrossBorder)...)
}

func (s *Service) record(ctx context.Context, tx pgx.Tx, who audit.Who, action Action, p Placement, before Status, extra map[string]any) error {
	after := map[string]any{"status": p.Status, "student_id": p.StudentID, "post_id": p.PostID, "plan_id": p.PlanID}
	for k, v := range extra {
		after[k] = v
	}
	return audit.Record(ctx, tx, who, audit.Event{Action: "placement." + string(action), SubjectType: "placement",
		SubjectID: p.ID.String(), DivisionCode: p.SchoolDivision, Before: map[string]any{"status": before}, After: after})
}

// Actions that change a placement without moving it along Lifecycle; they
// go through change all the same, so every write is locked and audited in
// one shape.
const (
	actDocument       Action = "document"
	actConsentConfirm Action = "consent_confirm"
	actMentors        Action = "mentors"
	actPayRecord      Action = "pay_record"
	actPayCorrect     Action = "pay_correct"
	actFeeReport      Action = "fee_report"
	actFeeResolve     Action = "fee_resolve"
)

// step is the use case's own work inside change; what it returns joins
// the audit event's after-image.
type step func(tx pgx.Tx, p *Placement) (map[string]any, error)

// change is the one shape of every write to a placement: it loads the
// placement in the actor's scope and locks it, then move applies the action
// and audits it, in one transaction. The system actor (the worker) sees
// every placement. then, if given, follows in the same transaction once the
// change is recorded (settle: the system's own move that the change caused).
func (s *Service) change(ctx context.Context, actor auth.Actor, id uuid.UUID, action Action, fn step, then ...followUp) error {
	scope := &actor
	if actor.Role == auth.RoleSystem {
		scope = nil
	}
	return postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := getPlacement(ctx, tx, id, scope, true)
		if err != nil {
			return err
		}
		if err := s.move(ctx, tx, actor, &p, action, fn); err != nil {
			return err
		}
		for _, f := range then {
			if err := f(ctx, tx, &p); err != nil {
				return err
			}
		}
		return nil
	})
}

// followUp runs after a change is recorded, in its transaction.
type followUp func(ctx context.Context, tx pgx.Tx, p *Placement) error

// move is change on a placement already locked in tx: it applies the
// action's edge of Lifecycle for the actor's role (actions outside the table
// only record), runs fn, saves the state and writes the audit event.
func (s *Service) move(ctx context.Context, tx pgx.Tx, actor auth.Actor, p *Placement, action Action, fn step) error {
	before := p.Status
	if _, edge := Lifecycle.Edges[action]; edge {
		if err := p.Apply(action, actor.Role); err != nil {
			return err
		}
	}
	var extra map[string]any
	if fn != nil {
		var err error
		if extra, err = fn(tx, p); err != nil {
			return err
		}
	}
	if err := saveState(ctx, tx, *p); err != nil {
		return err
	}
	return s.record(ctx, tx, actor.Who(), action, *p, before, extra)
}

// transition is change for the use cases that answer the placement as it is
// after the commit.
func (s *Service) transition(ctx context.Context, actor auth.Actor, id uuid.UUID, action Action, fn step, then ...followUp) (Placement, error) {
	if err := s.change(ctx, actor, id, action, fn, then...); err != nil {
		return Placement{}, err
	}
	return s.Get(ctx, actor, id)
}

// Get reads a placement in scope.
func (s *Service) Get(ctx context.Context, actor auth.Actor, id uuid.UUID) (Placement, error) {
	return getPlacement(ctx, s.pool, id, &actor, false)
}

// List reads placements in scope.
func (s *Service) List(ctx context.Context, actor auth.Actor, f Filter) ([]Placement, error) {
	return listPlacements(ctx, s.pool, actor, f)
}

// ProposeInput names a student and a post of a plan.
type ProposeInput struct {
	PlanID, StudentID, PostID uuid.UUID
}

// Propose places a student of the actor's school on a post of a filed plan,
// checking the propose rules; a blocked student answers 422 with every rule.
func (s *Service) Propose(ctx context.Context, actor auth.Actor, in ProposeInput) (Placement, error) {
	if actor.Role != auth.RoleSchoolAdmin || actor.OrgID == nil {
		return Placement{}, apperr.Forbidden("只有学校管理员可以安排学生实习")
	}
	plan, err := s.plans.Get(ctx, actor, in.PlanID)
	if err != nil {
		return Placement{}, err
	}
	if plan.SchoolID != *actor.OrgID {
		return Placement{}, apperr.Forbidden("只能为本校的方案安排学生")
	}
	var p Placement
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if p, err = s.prepare(ctx, tx, plan, in.StudentID, in.PostID, nil); err != nil {
			return err
		}
		if err := insertPlacement(ctx, tx, p); err != nil {
			return err
		}
		return s.record(ctx, tx, actor.Who(), actPropose, p, "", nil)
	})
	if err != nil {
		return Placement{}, err
	}
	return s.Get(ctx, actor, p.ID)
}

// actPropose creates a placement; there is no row to lock yet.
const actPropose Action = "propose"

// prepare builds a proposed placement of a student on a post of the plan and
// runs the propose rules. from is the placement a transfer replaces.
func (s *Service) prepare(ctx context.Context, tx pgx.Tx, plan plans.Plan, studentID, postID uuid.UUID, from *Placement) (Placement, error) {
	if !plan.Status.Filed() {
		return Placement{}, apperr.Conflict("PLAN_NOT_FILED",
			fmt.Sprintf("方案“%s”当前状态为“%s”，备案后才能安排学生", plan.Title, plan.Status.Name()))
	}
	today := s.today()
	starts, _ := clock.ParseDate(plan.StartsOn)
	ends, _ := clock.ParseDate(plan.EndsOn)
	if ends.Before(today) {
		return Placement{}, apperr.Conflict("PLAN_ENDED", "方案实习期已于 "+plan.EndsOn+" 结束")
	}
	if starts.Before(today) {
		starts = today // joining a plan under way starts today
	}
	var fe apperr.FieldErrors
	var line *plans.PlanPost
	for i := range plan.Posts {
		if plan.Posts[i].PostID == postID {
			line = &plan.Posts[i]
		}
	}
	if line == nil {
		fe.Add("post_id", "该岗位不在方案中")
	} else if from != nil && from.PostID == postID {
		fe.Add("post_id", "转岗须选择另一个岗位")
	}
	found, err := s.students.ByID(ctx, tx, []uuid.UUID{studentID})
	if err != nil {
		return Placement{}, err
	}
	st, ok := found[studentID]
	if !ok || st.SchoolID != plan.SchoolID {
		fe.Add("student_id", "学生不存在或不属于本校")
	}
	if err := fe.Err("实习安排信息有误"); err != nil {
		return Placement{}, err
	}
	p := Placement{ID: uuid.Must(uuid.NewV7()), PlanID: plan.ID, PlanType: rules.PlanType(plan.Type), PlanStatus: string(plan.Status),
		SchoolID: plan.SchoolID, SchoolDivision: plan.SchoolDivision, StudentID: st.ID, StudentName: st.Name,
		StudentFemale: st.Gender == "female", StudentBirth: st.BirthDate, StudentEnrol: st.EnrolledOn,
		EnterpriseID: line.EnterpriseID, EnterpriseName: line.EnterpriseName, PostID: postID, PostName: line.PostName,
		Status: StatusProposed, StartsOn: starts, EndsOn: ends}
	if from != nil {
		p.TransferredFrom = &from.ID
	}
	in := s.baseInput(&p)
	if err := s.withHost(ctx, tx, &in, p.EnterpriseID, p.PostID); err != nil {
		return Placement{}, err
	}
	if v := rules.Blocking(rules.CheckPlacement(rules.StagePropose, in), nil); len(v) > 0 {
		return Placement{}, apperr.RuleViolation(v)
	}
	return p, nil
}

// Confirm is the host taking the student. The Art 11 quotas are checked
// against the interns the host already has over the same period; a quota the
// bureau exempted when filing the plan lets it pass.
func (s *Service) Confirm(ctx context.Context, actor auth.Actor, id uuid.UUID) (Placement, error) {
	return s.transition(ctx, actor, id, ActionConfirm, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
		if !actor.InOrg(p.EnterpriseID) {
			return nil, apperr.Forbidden("只有实习单位可以确认")
		}
		// Two confirmations at one host must not both slip under the quota.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('placements-quota:' || $1))`, p.EnterpriseID.String()); err != nil {
			return nil, postgres.Translate(err, "placements: quota lock")
		}
		in := s.baseInput(p)
		if err := s.withHost(ctx, tx, &in, p.EnterpriseID, p.PostID); err != nil {
			return nil, err
		}
		host, post, err := internsAt(ctx, tx, p.EnterpriseID, p.PostID, p.StartsOn, p.EndsOn, p.ID)
		if err != nil {
			return nil, err
		}
		in.Host.Interns, in.Post.Interns = host+1, post+1
		plan, err := s.plans.ByID(ctx, tx, p.PlanID)
		if err != nil {
			return nil, err
		}
		results := rules.CheckPlacement(rules.StageConfirm, in)
		if v := rules.ConfirmBlocking(results, in, plan.GrantedExemptions()); len(v) > 0 {
			return nil, apperr.RuleViolation(v)
		}
		// Past a quota the bureau exempted: allowed, and watched (A-QUOTA).
		for _, r := range results {
			if (r.Rule == "R-QUOTA-UNIT" || r.Rule == "R-QUOTA-POST") && !r.Passed {
				if err := outbox.Add(ctx, tx, s.alertOn(p, outbox.Quota, "placement", p.ID,
					outbox.Title("%s确认%s后超出实习比例", p.EnterpriseName, outbox.Masked(p.StudentName)),
					"第十一条："+r.Message+"（已获主管部门豁免，须加强监管）")); err != nil {
					return nil, err
				}
				break
			}
		}
		now := s.clock.Now()
		p.ConfirmedAt = &now
		return nil, nil
	}, s.settleAfter)
}

// Decline is the host refusing the student, with a reason the school sees.
func (s *Service) Decline(ctx context.Context, actor auth.Actor, id uuid.UUID, reason string) (Placement, error) {
	reason, err := apperr.RequiredText("reason", "拒绝原因", reason, 2000)
	if err != nil {
		return Placement{}, err
	}
	return s.transition(ctx, actor, id, ActionDecline, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
		if !actor.InOrg(p.EnterpriseID) {
			return nil, apperr.Forbidden("只有实习单位可以拒绝")
		}
		p.DeclineReason = &reason
		return map[string]any{"reason": reason}, nil
	})
}

// settleAfter runs settle once the use case's own change is recorded.
func (s *Service) settleAfter(ctx context.Context, tx pgx.Tx, p *Placement) error {
	return s.settle(ctx, tx, p)
}

// settle moves a confirmed placement to ready when every activation gate
// except the start date passes, and back when a change breaks one, so the
// board shows who can start. The move is the system's (it follows the
// documents), audited as such right after the change that caused it.
func (s *Service) settle(ctx context.Context, tx pgx.Tx, p *Placement) error {
	if p.Status != StatusConfirmed && p.Status != StatusReady {
		return nil
	}
	if err := loadChildren(ctx, tx, p); err != nil {
		return err
	}
	blocked := len(rules.Blocking(s.Gates(p), nil)) > 0
	switch {
	case p.Status == StatusConfirmed && !blocked:
		return s.move(ctx, tx, auth.System, p, ActionReady, nil)
	case p.Status == StatusReady && blocked:
		return s.move(ctx, tx, auth.System, p, ActionUnready, nil)
	}
	return nil
}

// attachers says which roles may record each document, and with it attach
// its file. Every kind is the school's to record: it runs the internship and
// answers for the file (Art 8, 14, 31). Besides the school:
//   - consent: the student of the placement may upload the signed form
//     (Art 9 asks the student's and the guardian's signatures), but never
//     confirms it; the school confirms the scan (R-CONSENT);
//   - insurance: the host's enterprise admin, since Art 35 lets the school
//     or the host take out the liability insurance, and whoever bought the
//     policy holds it;
//   - agreement and training: nobody else; the host signs the agreement and
//     may train, but the school files both, so one party answers for them.
//
// Teachers, mentors, auditors and platform admins attach nothing here.
var attachers = map[string][]auth.Role{
	DocAgreement: {auth.RoleSchoolAdmin},
	DocConsent:   {auth.RoleSchoolAdmin, auth.RoleStudent},
	DocTraining:  {auth.RoleSchoolAdmin},
	DocInsurance: {auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin},
}

// mayEditDocument applies attachers to the actor and the placement: the
// role must be listed for the kind, and the actor must be the school, the
// host or the student of this placement.
func mayEditDocument(actor auth.Actor, p *Placement, kind string) error {
	if !slices.Contains(attachers[kind], actor.Role) {
		switch actor.Role {
		case auth.RoleEnterpriseAdmin:
			return apperr.Forbidden("实习单位只能登记实习责任保险")
		case auth.RoleStudent:
			return apperr.Forbidden("学生只能上传自己的知情同意书")
		}
		return apperr.Forbidden(fmt.Sprintf("%s不能登记%s", auth.RoleName(actor.Role), documentNames[kind]))
	}
	switch actor.Role {
	case auth.RoleSchoolAdmin:
		if actor.InOrg(p.SchoolID) {
			return nil
		}
	case auth.RoleEnterpriseAdmin:
		if actor.InOrg(p.EnterpriseID) {
			return nil
		}
	case auth.RoleStudent:
		if p.StudentUserID != nil && *p.StudentUserID == actor.UserID {
			return nil
		}
		return apperr.Forbidden("学生只能上传自己的知情同意书")
	}
	return apperr.Forbidden("无权登记实习材料")
}

// PutDocument records or replaces one document and re-settles readiness. A
// consent form recorded by the school is confirmed by that act; one the
// student uploads waits for the school's confirmation (ConfirmConsent), and
// must carry the scan, since the scan is all the school can check.
func (s *Service) PutDocument(ctx context.Context, actor auth.Actor, id uuid.UUID, in DocumentInput) (Placement, error) {
	if err := checkDocument(in, s.today()); err != nil {
		return Placement{}, err
	}
	if in.Kind == DocConsent && actor.Role == auth.RoleStudent && in.FileID == nil {
		return Placement{}, apperr.Invalid("请上传签字的知情同意书扫描件",
			apperr.FieldError{Field: "file_id", Message: "请上传签字的知情同意书扫描件"})
	}
	return s.transition(ctx, actor, id, actDocument, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
		if err := mayEditDocument(actor, p, in.Kind); err != nil {
			return nil, err
		}
		if !p.Status.Open() {
			return nil, apperr.Conflict("INVALID_TRANSITION", fmt.Sprintf("实习安排已“%s”，不能再登记材料", p.Status.Name()))
		}
		if in.FileID != nil {
			f, err := s.files.ByID(ctx, tx, *in.FileID)
			if err != nil || !f.UsableBy(actor) {
				if err != nil && apperr.KindOf(err) != apperr.KindNotFound {
					return nil, err
				}
				return nil, apperr.Invalid("附件无效", apperr.FieldError{Field: "file_id", Message: "附件不存在，请重新上传"})
			}
			if err := s.files.MarkAttached(ctx, tx, f.ID); err != nil {
				return nil, err
			}
		}
		confirmed := in.Kind == DocConsent && actor.Role == auth.RoleSchoolAdmin
		if err := putDocument(ctx, tx, p.ID, in.Kind, in.Fields, in.FileID, actor.UserID, confirmed); err != nil {
			return nil, err
		}
		return map[string]any{"kind": in.Kind, "data": in.Fields, "file_id": in.FileID, "confirmed": confirmed}, nil
	}, s.settleAfter)
}

// ConfirmConsent is the school confirming the consent form on file after
// checking its scan (R-CONSENT, Art 9): the step a student's upload never
// completes alone.
func (s *Service) ConfirmConsent(ctx context.Context, actor auth.Actor, id uuid.UUID) (Placement, error) {
	return s.transition(ctx, actor, id, actConsentConfirm, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
		if actor.Role != auth.RoleSchoolAdmin || !actor.InOrg(p.SchoolID) {
			return nil, apperr.Forbidden("只有本校可以确认知情同意书")
		}
		if !p.Status.Open() {
			return nil, apperr.Conflict("INVALID_TRANSITION", fmt.Sprintf("实习安排已“%s”，不能再确认材料", p.Status.Name()))
		}
		d := p.document(DocConsent)
		switch {
		case d == nil:
			return nil, apperr.Conflict("DOCUMENT_MISSING", "知情同意书尚未上传，无法确认")
		case d.FileID == nil:
			return nil, apperr.Conflict("DOCUMENT_MISSING", "知情同意书未附扫描件，无法核对确认；请先上传扫描件")
		case d.ConfirmedAt != nil:
			return nil, apperr.Conflict("ALREADY_CONFIRMED", "知情同意书已经学校确认")
		}
		if err := confirmDocument(ctx, tx, p.ID, DocConsent, actor.UserID); err != nil {
			return nil, err
		}
		return map[string]any{"kind": DocConsent, "file_id": d.FileID}, nil
	}, s.settleAfter)
}

// PutDocumentJSON records a document given as its fields in the API's JSON
// shape (the seed and tests use it).
func (s *Service) PutDocumentJSON(ctx context.Context, actor auth.Actor, id uuid.UUID, kind string, fields any) (Placement, error) {
	body, input, ok := NewDocumentBody(kind)
	if !ok {
		return Placement{}, apperr.NotFound("材料类型不存在")
	}
	raw, err := json.Marshal(fields)
	if err != nil {
		return Placement{}, err
	}
	if err := json.Unmarshal(raw, body); err != nil {
		return Placement{}, apperr.Invalid("材料格式有误")
	}
	return s.PutDocument(ctx, actor, id, input())
}

// DocumentFile returns a document's file for a caller who can see the placement.
func (s *Service) DocumentFile(ctx context.Context, actor auth.Actor, id uuid.UUID, kind string) (files.File, error) {
	p, err := s.Get(ctx, actor, id)
	if err != nil {
		return files.File{}, err
	}
	d := p.document(kind)
	if d == nil || d.FileID == nil {
		return files.File{}, apperr.NotFound("该材料没有附件")
	}
	return s.files.ByID(ctx, nil, *d.FileID)
}

// SetMentors assigns the school instructor (the school) and the enterprise
// mentor (the school or the host), each checked against its organisation.
func (s *Service) SetMentors(ctx context.Context, actor auth.Actor, id uuid.UUID, instructorID, mentorID *uuid.UUID) (Placement, error) {
	if instructorID == nil && mentorID == nil {
		return Placement{}, apperr.Invalid("请指定实习指导教师或企业导师",
			apperr.FieldError{Field: "instructor_id", Message: "请指定实习指导教师或企业导师"})
	}
	return s.transition(ctx, actor, id, actMentors, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
		switch {
		case actor.Role == auth.RoleSchoolAdmin && actor.InOrg(p.SchoolID):
		case actor.Role == auth.RoleEnterpriseAdmin && actor.InOrg(p.EnterpriseID):
			if instructorID != nil {
				return nil, apperr.Forbidden("实习单位只能指定企业导师")
			}
		default:
			return nil, apperr.Forbidden("无权指定导师")
		}
		if !p.Status.Open() {
			return nil, apperr.Conflict("INVALID_TRANSITION", fmt.Sprintf("实习安排已“%s”，不能再指定导师", p.Status.Name()))
		}
		var wanted []uuid.UUID
		for _, u := range []*uuid.UUID{instructorID, mentorID} {
			if u != nil {
				wanted = append(wanted, *u)
			}
		}
		users, err := s.orgs.UsersByID(ctx, tx, wanted)
		if err != nil {
			return nil, err
		}
		var fe apperr.FieldErrors
		fits := func(u *uuid.UUID, role auth.Role, org uuid.UUID) bool {
			found, ok := users[*u]
			return ok && found.Role == role && found.OrgID != nil && *found.OrgID == org
		}
		if instructorID != nil {
			if fits(instructorID, auth.RoleTeacher, p.SchoolID) {
				p.InstructorID = instructorID
			} else {
				fe.Add("instructor_id", "实习指导教师须为本校教师账号")
			}
		}
		if mentorID != nil {
			if fits(mentorID, auth.RoleEnterpriseMentor, p.EnterpriseID) {
				p.MentorID = mentorID
			} else {
				fe.Add("mentor_id", "企业导师须为实习单位的导师账号")
			}
		}
		if err := fe.Err("导师信息有误"); err != nil {
			return nil, err
		}
		return map[string]any{"instructor_id": p.InstructorID, "mentor_id": p.MentorID}, nil
	}, s.settleAfter)
}

// Activate starts a ready placement on or after its start date when every
// gate still passes; otherwise 422 lists every unmet gate at once.
func (s *Service) Activate(ctx context.Context, actor auth.Actor, id uuid.UUID) (Placement, error) {
	return s.transition(ctx, actor, id, ActionActivate, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
		if !actor.InOrg(p.SchoolID) {
			return nil, apperr.Forbidden("只有本校可以确认学生上岗")
		}
		return nil, s.activate(ctx, tx, p)
	})
}

// activate is the step of ActionActivate, by the school or the worker.
func (s *Service) activate(ctx context.Context, tx pgx.Tx, p *Placement) error {
	if s.today().Before(p.StartsOn) {
		return apperr.Conflict("NOT_STARTED", fmt.Sprintf("实习开始日期为 %s，当天及以后才能上岗", p.StartsOn))
	}
	if p.PlanType != rules.TypeCognitive {
		busy, err := hasActivePost(ctx, tx, p.StudentID, p.ID)
		if err != nil {
			return err
		}
		if busy {
			return activeElsewhere()
		}
	}
	if v := rules.Blocking(s.Gates(p), nil); len(v) > 0 {
		return apperr.RuleViolation(v)
	}
	now := s.clock.Now()
	p.ActivatedAt = &now
	return nil
}

// Terminate ends an active placement early, with the school's reason.
func (s *Service) Terminate(ctx context.Context, actor auth.Actor, id uuid.UUID, reason string) (Placement, error) {
	return s.endBySchool(ctx, actor, id, ActionTerminate, "终止原因", reason)
}

// Withdraw is the school taking back a proposal before the placement
// starts (a wrong student or post), with its reason. It is not a
// termination: nothing began.
func (s *Service) Withdraw(ctx context.Context, actor auth.Actor, id uuid.UUID, reason string) (Placement, error) {
	return s.endBySchool(ctx, actor, id, ActionWithdraw, "撤回原因", reason)
}

func (s *Service) endBySchool(ctx context.Context, actor auth.Actor, id uuid.UUID, action Action, label, reason string) (Placement, error) {
	reason, err := apperr.RequiredText("reason", label, reason, 2000)
	if err != nil {
		return Placement{}, err
	}
	return s.transition(ctx, actor, id, action, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
		if !actor.InOrg(p.SchoolID) {
			return nil, apperr.Forbidden("只有本校可以办理")
		}
		s.ended(p, reason)
		return map[string]any{"reason": reason}, nil
	})
}

func (s *Service) ended(p *Placement, reason string) {
	now := s.clock.Now()
	p.EndReason, p.EndedAt = &reason, &now
}

// Transfer moves an active student to another post of the same plan: the
// old placement ends as transferred and a new one is proposed to the host,
// which confirms it as it would any placement. Both stay on record.
func (s *Service) Transfer(ctx context.Context, actor auth.Actor, id, postID uuid.UUID, reason string) (Placement, error) {
	reason, err := apperr.RequiredText("reason", "转岗原因", reason, 2000)
	if err != nil {
		return Placement{}, err
	}
	var next Placement
	err = s.change(ctx, actor, id, ActionTransfer, func(tx pgx.Tx, old *Placement) (map[string]any, error) {
		if !actor.InOrg(old.SchoolID) {
			return nil, apperr.Forbidden("只有本校可以办理转岗")
		}
		plan, err := s.plans.ByID(ctx, tx, old.PlanID)
		if err != nil {
			return nil, err
		}
		s.ended(old, reason)
		// The old placement leaves the student's open place in the plan
		// before the new one takes it.
		if err := saveState(ctx, tx, *old); err != nil {
			return nil, err
		}
		if next, err = s.prepare(ctx, tx, plan, old.StudentID, postID, old); err != nil {
			return nil, err
		}
		if err := insertPlacement(ctx, tx, next); err != nil {
			return nil, err
		}
		if err := s.record(ctx, tx, actor.Who(), actPropose, next, "", map[string]any{"transferred_from": old.ID}); err != nil {
			return nil, err
		}
		return map[string]any{"reason": reason, "transferred_to": next.ID}, nil
	})
	if err != nil {
		return Placement{}, err
	}
	return s.Get(ctx, actor, next.ID)
}

// PayInput is one month's pay as the enterprise records it.
type PayInput struct {
	Month     string
	AmountFen *int64
	PaidOn    string
	Method    string
}

var monthPattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

var payMethods = map[string]bool{"bank_transfer": true, "mobile_payment": true, "cash": true, "in_kind": true}

// RecordPay stores a month's pay with its R-PAY verdict. An underpayment is
// recorded, not refused: refusing it would hide the very fact the bureau
// needs to see.
func (s *Service) RecordPay(ctx context.Context, actor auth.Actor, id uuid.UUID, in PayInput) (PayRecord, error) {
	return s.writePay(ctx, actor, id, in, false)
}

// CorrectPay replaces the record of a month already recorded, with a fresh
// verdict; the audit event keeps what the record said before.
func (s *Service) CorrectPay(ctx context.Context, actor auth.Actor, id uuid.UUID, in PayInput) (PayRecord, error) {
	return s.writePay(ctx, actor, id, in, true)
}

func (s *Service) writePay(ctx context.Context, actor auth.Actor, id uuid.UUID, in PayInput, correct bool) (PayRecord, error) {
	var fe apperr.FieldErrors
	today := s.today()
	month, monthOK := clock.Date{}, monthPattern.MatchString(in.Month)
	if monthOK {
		month, _ = clock.ParseDate(in.Month + "-01")
	} else {
		fe.Add("month", "月份格式应为 YYYY-MM")
	}
	if in.AmountFen == nil {
		fe.Add("amount_fen", "请填写发放金额")
	} else if *in.AmountFen < 0 || *in.AmountFen > MaxAmountFen {
		fe.Add("amount_fen", "发放金额应在 0 至 100 万元之间")
	}
	paidOn, err := clock.ParseDate(in.PaidOn)
	switch {
	case err != nil:
		fe.Add("paid_on", "发放日期格式应为 YYYY-MM-DD")
	case today.Before(paidOn):
		fe.Add("paid_on", "发放日期不能晚于今天")
	case monthOK && paidOn.Before(month):
		fe.Add("paid_on", "发放日期不能早于所属月份")
	}
	if !payMethods[in.Method] {
		fe.Add("method", "发放方式只能是银行转账、移动支付、现金或实物")
	}
	if err := fe.Err("工资记录有误"); err != nil {
		return PayRecord{}, err
	}
	var rec PayRecord
	action := actPayRecord
	if correct {
		action = actPayCorrect
	}
	err = s.change(ctx, actor, id, action, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
		// The host's enterprise admin declares pay (domain.md §2); a mentor
		// of the same host supervises the student and must not.
		if actor.Role != auth.RoleEnterpriseAdmin || !actor.InOrg(p.EnterpriseID) {
			return nil, apperr.Forbidden("只有实习单位管理员可以登记工资")
		}
		if p.ActivatedAt == nil {
			return nil, apperr.Conflict("NOT_STARTED", "学生尚未上岗，不能登记工资")
		}
		last := p.EndsOn
		if today.Before(last) {
			last = today
		}
		first := clock.Date{Year: p.StartsOn.Year, Month: p.StartsOn.Month, Day: 1}
		if month.Before(first) || last.Before(month) {
			return nil, apperr.Invalid("月份不在实习期内", apperr.FieldError{Field: "month",
				Message: fmt.Sprintf("只能登记 %04d-%02d 至 %04d-%02d 的工资", first.Year, first.Month, last.Year, last.Month)})
		}
		posts, err := s.orgs.PostsByID(ctx, tx, []uuid.UUID{p.PostID})
		if err != nil {
			return nil, err
		}
		lowest, err := lowestGradeWage(ctx, tx, p.EnterpriseID)
		if err != nil {
			return nil, err
		}
		wage := posts[p.PostID].WageFen
		verdict := rules.CheckPay(rules.PayInput{Month: in.Month, AmountFen: *in.AmountFen, WageFen: wage, LowestGradeWageFen: lowest,
			Method: in.Method, PostName: p.PostName})
		rec = PayRecord{ID: uuid.Must(uuid.NewV7()), Month: in.Month, AmountFen: *in.AmountFen, PaidOn: paidOn, Method: in.Method,
			RequiredFen: rules.RequiredPayFen(wage, lowest), Compliant: verdict.Passed, Message: verdict.Message}
		extra := map[string]any{"month": in.Month, "amount_fen": rec.AmountFen, "method": rec.Method, "compliant": rec.Compliant,
			"message": rec.Message}
		if correct {
			before, err := correctPayRecord(ctx, tx, p.ID, month, &rec, actor.UserID)
			if err != nil {
				return nil, err
			}
			extra["before"] = before
		} else if err := insertPayRecord(ctx, tx, p.ID, month, &rec, actor.UserID); err != nil {
			return nil, err
		}
		// Below both Art 18 standards is an alert, not a refusal: the record
		// stays as evidence (domain.md R-PAY).
		if rec.AmountFen < rec.RequiredFen {
			if err := outbox.Add(ctx, tx, s.alertOn(p, outbox.PayLow, "placement", p.ID,
				outbox.Title("%s %s 的报酬 %.2f 元，低于应发 %.2f 元", outbox.Masked(p.StudentName), in.Month,
					float64(rec.AmountFen)/100, float64(rec.RequiredFen)/100),
				"第十八条：岗位实习报酬原则上不低于相同岗位试用期工资标准的 80% 或最低档工资标准。")); err != nil {
				return nil, err
			}
		}
		return extra, nil
	})
	return rec, err
}

// MaxAmountFen caps every amount of money a placement records (pay, fees):
// 1,000,000 yuan, far above any intern's month and far below where int64
// arithmetic could overflow.
const MaxAmountFen = 100_000_000

// FeeInput is a report of a fee, deposit, guarantee or withheld ID.
type FeeInput struct {
	Kind        string
	Description string
	AmountFen   *int64
}

var feeKinds = map[string]bool{"fee": true, "deposit": true, "guarantee": true, "withheld_id": true}

// alertOn is an alert about a placement for its school and its host; the
// competent bureau of the school's division sees it in its subtree.
func (s *Service) alertOn(p *Placement, rule outbox.Rule, subjectType string, subjectID uuid.UUID, title, detail string) outbox.Signal {
	school, ent := p.SchoolID, p.EnterpriseID
	return outbox.Signal{Rule: rule, SubjectType: subjectType, SubjectID: subjectID, Day: s.today(), Title: title, Detail: detail,
		Link: "/placements/" + p.ID.String(), SchoolID: &school, EnterpriseID: &ent, DivisionCode: p.SchoolDivision, At: s.clock.Now()}
}

// feeReporters may report a fee on a placement they see (the scope of
// getPlacement decides which): the school, the student's instructor, the
// student, and the competent bureau. The host is the party the report is
// about; platform admins take no business decisions.
var feeReporters = []auth.Role{auth.RoleSchoolAdmin, auth.RoleTeacher, auth.RoleStudent, auth.RoleBureauAuditor}

// ReportFee records a fee, deposit, guarantee or withheld ID (Art 20), at
// any time: on an active placement the report stays open on it (R-FEES
// fails on its checklist) until the school or the bureau resolves it.
func (s *Service) ReportFee(ctx context.Context, actor auth.Actor, id uuid.UUID, in FeeInput) (FeeReport, error) {
	var fe apperr.FieldErrors
	if !feeKinds[in.Kind] {
		fe.Add("kind", "类型只能是收费、押金、担保或扣押身份证")
	}
	desc := strings.TrimSpace(in.Description)
	fe.Text("description", "情况说明", desc, 1, 2000)
	if in.AmountFen != nil && (*in.AmountFen < 0 || *in.AmountFen > MaxAmountFen) {
		fe.Add("amount_fen", "金额应在 0 至 100 万元之间")
	}
	if err := fe.Err("报告信息有误"); err != nil {
		return FeeReport{}, err
	}
	if !slices.Contains(feeReporters, actor.Role) {
		return FeeReport{}, apperr.Forbidden(auth.RoleName(actor.Role) + "不能报告违规收费")
	}
	var rep FeeReport
	err := s.change(ctx, actor, id, actFeeReport, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
		if actor.Role == auth.RoleSchoolAdmin && !actor.InOrg(p.SchoolID) {
			return nil, apperr.Forbidden("只能报告本校学生的实习安排")
		}
		rep = FeeReport{ID: uuid.Must(uuid.NewV7()), Kind: in.Kind, Description: desc, AmountFen: in.AmountFen}
		err := tx.QueryRow(ctx, `INSERT INTO fee_reports (id, placement_id, kind, description, amount_fen, reported_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at, (SELECT display_name FROM users WHERE id = $6)`,
			rep.ID, p.ID, rep.Kind, rep.Description, rep.AmountFen, actor.UserID).Scan(&rep.CreatedAt, &rep.ReportedByName)
		if err != nil {
			return nil, postgres.Translate(err, "placements: fee report")
		}
		if err := outbox.Add(ctx, tx, s.alertOn(p, outbox.Fees, "fee_report", rep.ID,
			outbox.Title("%s在%s实习，被报告违规%s", outbox.Masked(p.StudentName), p.EnterpriseName, feeKindNames[rep.Kind]),
			"第二十条：不得向实习学生收取或变相收取费用、押金、担保，不得扣押学生身份证件。")); err != nil {
			return nil, err
		}
		return map[string]any{"report_id": rep.ID, "kind": rep.Kind}, nil
	}, s.settleAfter)
	return rep, err
}

// ResolveFee records that a fee was refunded or an ID returned; the school
// or the bureau may say so.
func (s *Service) ResolveFee(ctx context.Context, actor auth.Actor, id, reportID uuid.UUID, resolution string) (FeeReport, error) {
	resolution, err := apperr.RequiredText("resolution", "处理结果", resolution, 2000)
	if err != nil {
		return FeeReport{}, err
	}
	var rep FeeReport
	err = s.change(ctx, actor, id, actFeeResolve, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
		if !(actor.Role == auth.RoleSchoolAdmin && actor.InOrg(p.SchoolID)) && actor.Role != auth.RoleBureauAuditor {
			return nil, apperr.Forbidden("只有学校或教育局可以登记处理结果")
		}
		tag, err := tx.Exec(ctx, `UPDATE fee_reports SET resolved_at = now(), resolved_by = $3, resolution = $4
			WHERE id = $1 AND placement_id = $2 AND resolved_at IS NULL`, reportID, p.ID, actor.UserID, resolution)
		if err != nil {
			return nil, postgres.Translate(err, "placements: resolve fee")
		}
		if tag.RowsAffected() == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM fee_reports WHERE id = $1 AND placement_id = $2)`, reportID, p.ID).Scan(&exists); err != nil {
				return nil, postgres.Translate(err, "placements: resolve fee")
			}
			if !exists {
				return nil, apperr.NotFound("报告不存在")
			}
			return nil, apperr.Conflict("ALREADY_RESOLVED", "该报告已登记处理结果")
		}
		if err := loadChildren(ctx, tx, p); err != nil {
			return nil, err
		}
		for _, f := range p.FeeReports {
			if f.ID == reportID {
				rep = f
			}
		}
		return map[string]any{"report_id": reportID, "resolution": resolution}, nil
	}, s.settleAfter)
	return rep, err
}

// Outcome is one item of a bulk operation, answered as its own request would be.
type Outcome struct {
	ID        *uuid.UUID
	StudentID *uuid.UUID
	Placement *Placement
	Err       error
}

// MaxBulk bounds a bulk request: a class or two at a time.
const MaxBulk = 500

// ProposeMany proposes several students at once; each item succeeds or
// fails on its own.
func (s *Service) ProposeMany(ctx context.Context, actor auth.Actor, planID uuid.UUID, items []ProposeInput) []Outcome {
	out := make([]Outcome, len(items))
	for i, it := range items {
		it.PlanID = planID
		p, err := s.Propose(ctx, actor, it)
		out[i] = Outcome{StudentID: &items[i].StudentID, Err: err}
		if err == nil {
			out[i].Placement, out[i].ID = &p, &p.ID
		}
	}
	return out
}

// AnswerMany confirms or declines several placements at once.
func (s *Service) AnswerMany(ctx context.Context, actor auth.Actor, confirm bool, ids []uuid.UUID, reason string) []Outcome {
	out := make([]Outcome, len(ids))
	for i, id := range ids {
		var p Placement
		var err error
		if confirm {
			p, err = s.Confirm(ctx, actor, id)
		} else {
			p, err = s.Decline(ctx, actor, id, reason)
		}
		out[i] = Outcome{ID: &ids[i], Err: err}
		if err == nil {
			out[i].Placement = &p
		}
	}
	return out
}

// RunLifecycle is the worker's daily step: ready placements whose start day
// has come become active when every gate still passes, and active ones past
// their end day complete. Each placement moves in its own transaction, by
// the one system actor.
func (s *Service) RunLifecycle(ctx context.Context) (activated, completed int, err error) {
	rows, err := s.pool.Query(ctx, `SELECT id, status FROM placements
		WHERE (status = 'ready' AND starts_on <= $1) OR (status = 'active' AND ends_on < $1) ORDER BY id`, day(s.today()))
	if err != nil {
		return 0, 0, postgres.Translate(err, "placements: due")
	}
	type due struct {
		ID     uuid.UUID
		Status Status
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[due])
	if err != nil {
		return 0, 0, postgres.Translate(err, "placements: due")
	}
	for _, d := range list {
		var err error
		if d.Status == StatusReady {
			err = s.change(ctx, auth.System, d.ID, ActionActivate, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
				return nil, s.activate(ctx, tx, p)
			})
			if err == nil {
				activated++
			}
		} else {
			err = s.change(ctx, auth.System, d.ID, ActionComplete, func(tx pgx.Tx, p *Placement) (map[string]any, error) {
				now := s.clock.Now()
				p.EndedAt = &now
				return nil, nil
			})
			if err == nil {
				completed++
			}
		}
		// A placement that may not start yet (a gate broke, the student is
		// active elsewhere) or that moved since the query waits for the
		// school; it must not stop the others.
		if err != nil && apperr.KindOf(err) != apperr.KindRuleViolation && apperr.KindOf(err) != apperr.KindConflict {
			return activated, completed, err
		}
	}
	return activated, completed, nil
}
