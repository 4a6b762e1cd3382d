package supervision

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/placements"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
)

// IncidentHook runs inside the transaction that reports an incident, after
// the row is written: the alerts domain raises A-INCIDENT (critical, to the
// school and the competent bureau, domain.md §7) from here, so an incident
// and its alert commit together or not at all. An error rolls the report back.
type IncidentHook func(ctx context.Context, tx pgx.Tx, incident Record) error

// OnIncident registers a hook; internal/app calls it while wiring, before
// any request is served.
func (s *Service) OnIncident(h IncidentHook) { s.incidentHooks = append(s.incidentHooks, h) }

// IncidentAckHook runs inside the transaction in which the school
// acknowledges an incident: the alerts domain acknowledges the incident's
// alerts with it, so the school acts once, not once per screen.
type IncidentAckHook func(ctx context.Context, tx pgx.Tx, incident Record, by auth.Actor) error

// OnIncidentAcknowledged registers a hook, like OnIncident.
func (s *Service) OnIncidentAcknowledged(h IncidentAckHook) {
	s.incidentAckHooks = append(s.incidentAckHooks, h)
}

// MaxPhotoBytes bounds a photo on a record: a phone photo compressed by the
// client is well under it; the upload itself may be up to files.MaxBytes
// (10 MB) because it also carries scanned multi-page documents.
const MaxPhotoBytes = 5 << 20

// NewRecord is a talk, an evaluation or an incident as its author writes it.
type NewRecord struct {
	Kind         Kind
	Content      string
	OccurredAt   time.Time
	IncidentKind string
	Place        string
	ActionTaken  string
	PhotoFileID  *uuid.UUID
}

// How far back a record may be written: a talk noted a few days late is
// still worth having; older ones belong in the student's file, not here.
const maxRecordAge = 30 * 24 * time.Hour

// checkRecord names every bad field of a new record at once. fe already
// holds what the handler could not read.
func checkRecord(in NewRecord, side Side, now time.Time, fe *apperr.FieldErrors) {
	switch in.Kind {
	case KindTalk, KindEvaluation, KindIncident:
	case KindPatrol:
		fe.Add("kind", "日常巡查请在值守点的巡查表中填写，每名学生一行")
	default:
		if !fe.Has("kind") {
			fe.Add("kind", "记录类型须为 talk（谈心谈话）、evaluation（阶段评价）或 incident（突发事件）")
		}
	}
	if in.Kind != KindIncident && side == SideStudent && !fe.Has("kind") {
		fe.Add("kind", "学生只能报告突发事件")
	}
	label := "记录内容"
	if in.Kind == KindIncident {
		label = "事件经过"
	}
	fe.Text("content", label, in.Content, 1, 5000)
	if !fe.Has("occurred_at") {
		switch {
		case in.OccurredAt.IsZero():
			fe.Add("occurred_at", "请填写发生时间")
		case in.OccurredAt.After(now.Add(5 * time.Minute)):
			fe.Add("occurred_at", "发生时间不能晚于现在")
		case in.OccurredAt.Before(now.Add(-maxRecordAge)):
			fe.Add("occurred_at", "只能补记 30 天以内的记录")
		}
	}
	if in.Kind != KindIncident {
		if in.IncidentKind != "" || in.Place != "" || in.ActionTaken != "" {
			fe.Add("incident_kind", "只有突发事件需要填写事件类型、地点和处置情况")
		}
		return
	}
	if _, ok := IncidentKinds[in.IncidentKind]; !ok {
		fe.Add("incident_kind", "请选择事件类型：injury（人身伤害）、missing（失联）、abuse（侮辱殴打等侵害）、unpaid（拖欠报酬）或 other（其他）")
	}
	fe.Text("place", "事发地点", in.Place, 1, 200)
	// The instructor and the mentor say what they did at once (Art 23: report
	// at once and handle it); a student reporting may not have done anything yet.
	min := 1
	if side == SideStudent {
		min = 0
	}
	fe.Text("action_taken", "已采取的措施", in.ActionTaken, min, 2000)
}

// recordable says whether a placement may carry records: from the host's
// confirmation on (an incident may happen in pre-job training), through its
// end (unpaid wages are reported after it).
func recordable(p placements.Placement) bool {
	switch p.Status {
	case placements.StatusProposed, placements.StatusDeclined, placements.StatusWithdrawn:
		return false
	}
	return true
}

// CreateRecord writes a talk, an evaluation or an incident on a placement
// the actor instructs, mentors or (for an incident) is placed on. Someone
// not assigned to the placement gets 404; every bad field is named and
// nothing is written unless all are right.
func (s *Service) CreateRecord(ctx context.Context, actor auth.Actor, placementID uuid.UUID, in NewRecord, fe apperr.FieldErrors) (Record, error) {
	sides := []Side{SideSchool, SideEnterprise}
	if in.Kind == KindIncident {
		sides = append(sides, SideStudent)
	}
	p, side, err := s.placementAs(ctx, actor, placementID, sides...)
	if err != nil {
		if apperr.KindOf(err) == apperr.KindForbidden && SideOf(actor, p) == SideStudent {
			return Record{}, apperr.Forbidden("学生只能报告突发事件")
		}
		return Record{}, err
	}
	now := s.clock.Now()
	checkRecord(in, side, now, &fe)
	if len(fe) == 0 && !recordable(p) {
		return Record{}, apperr.Conflict("PLACEMENT_NOT_STARTED", fmt.Sprintf("实习安排“%s”，尚不能填写共管记录", p.Status.Name()))
	}
	if len(fe) == 0 && in.Kind != KindIncident && (p.InstructorID == nil || p.MentorID == nil) {
		return Record{}, apperr.Conflict("NO_COUNTERPART", "该实习安排尚未同时指定指导教师和企业导师，记录无人会签；请先请学校指定")
	}
	var out Record
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if in.PhotoFileID != nil {
			s.checkPhoto(ctx, tx, actor, *in.PhotoFileID, &fe)
		}
		if err := fe.Err("记录填写有误"); err != nil {
			return err
		}
		if in.PhotoFileID != nil {
			if err := s.files.MarkAttached(ctx, tx, *in.PhotoFileID); err != nil {
				return err
			}
		}
		r := Record{ID: uuid.Must(uuid.NewV7()), PlacementID: p.ID, Kind: in.Kind, Status: StatusAwaiting, AuthorID: actor.UserID,
			AuthorSide: side, Content: in.Content, OccurredAt: in.OccurredAt.UTC(), PhotoFileID: in.PhotoFileID, CreatedAt: now}
		if in.Kind == KindIncident {
			st, err := SettingsOf(ctx, tx, p.SchoolID)
			if err != nil {
				return err
			}
			due := now.Add(time.Duration(st.IncidentAckHours) * time.Hour)
			r.Status, r.AckDueAt = StatusReported, &due
			r.IncidentKind, r.Place = &in.IncidentKind, &in.Place
			if in.ActionTaken != "" {
				r.ActionTaken = &in.ActionTaken
			}
		}
		if err := insertRecord(ctx, tx, r); err != nil {
			return err
		}
		if out, err = getRecord(ctx, tx, r.ID, nil, false); err != nil {
			return err
		}
		action := "supervision_record.create"
		if r.Kind == KindIncident {
			action = "incident.report"
		}
		if err := audit.Record(ctx, tx, actor.Who(), audit.Event{Action: action, SubjectType: "supervision_record",
			SubjectID: r.ID.String(), DivisionCode: out.SchoolDivision, After: auditImage(out)}); err != nil {
			return err
		}
		if r.Kind == KindIncident {
			for _, h := range s.incidentHooks {
				if err := h(ctx, tx, out); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}

// checkPhoto names what is wrong with a photo to attach: it must be the
// actor's (or their organisation's) upload, an image, and at most MaxPhotoBytes.
func (s *Service) checkPhoto(ctx context.Context, db postgres.DBTX, actor auth.Actor, id uuid.UUID, fe *apperr.FieldErrors) {
	f, err := s.files.ByID(ctx, db, id)
	switch {
	case err != nil || !f.UsableBy(actor):
		fe.Add("photo_file_id", "照片不存在，请重新上传")
	case f.ContentType != "image/jpeg" && f.ContentType != "image/png":
		fe.Add("photo_file_id", "照片须为 JPEG 或 PNG 图片")
	case f.Size > MaxPhotoBytes:
		fe.Add("photo_file_id", fmt.Sprintf("照片过大（%.1f MB），上限为 %d MB，请压缩后重新上传", float64(f.Size)/(1<<20), MaxPhotoBytes>>20))
	}
}

// auditImage is what the audit trail keeps of a record.
func auditImage(r Record) map[string]any {
	m := map[string]any{"placement_id": r.PlacementID, "kind": r.Kind, "status": r.Status, "author_side": r.AuthorSide,
		"content": r.Content, "occurred_at": r.OccurredAt}
	for k, v := range map[string]any{"patrol_id": r.PatrolID, "attendance": r.Attendance, "incident_kind": r.IncidentKind,
		"place": r.Place, "action_taken": r.ActionTaken, "ack_due_at": r.AckDueAt, "photo_file_id": r.PhotoFileID,
		"countersigned_by": r.CountersignedBy, "dispute_reason": r.DisputeReason, "acknowledged_by": r.AcknowledgedBy,
		"outcome": r.Outcome} {
		if !isNil(v) {
			m[k] = v
		}
	}
	return m
}

func isNil(v any) bool {
	switch p := v.(type) {
	case *uuid.UUID:
		return p == nil
	case *string:
		return p == nil
	case *time.Time:
		return p == nil
	}
	return v == nil
}

// RecordList is a placement's records and whether an incident is open on it.
type RecordList struct {
	Records       []Record
	OpenIncidents int
}

// ListRecords lists a placement's records, newest first, for those who see
// the placement (a student: its incidents).
func (s *Service) ListRecords(ctx context.Context, actor auth.Actor, placementID uuid.UUID, kind Kind, limit int) (RecordList, error) {
	if _, err := s.placements.Get(ctx, actor, placementID); err != nil {
		return RecordList{}, err
	}
	list, err := listRecords(ctx, s.pool, &actor, RecordFilter{PlacementID: &placementID, Kind: kind, Limit: limit})
	if err != nil {
		return RecordList{}, err
	}
	n, err := openIncidents(ctx, s.pool, placementID)
	return RecordList{Records: list, OpenIncidents: n}, err
}

// GetRecord reads one record in the actor's scope.
func (s *Service) GetRecord(ctx context.Context, actor auth.Actor, id uuid.UUID) (Record, error) {
	return getRecord(ctx, s.pool, id, &actor, false)
}

// RecordPhoto is the photo of a record, for those who see the record.
func (s *Service) RecordPhoto(ctx context.Context, actor auth.Actor, id uuid.UUID) (files.File, error) {
	r, err := s.GetRecord(ctx, actor, id)
	if err != nil {
		return files.File{}, err
	}
	if r.PhotoFileID == nil {
		return files.File{}, apperr.NotFound("该记录没有照片")
	}
	return s.files.ByID(ctx, nil, *r.PhotoFileID)
}

// change is the one shape of every move of a record: load it in the actor's
// scope and lock it, apply the action along its table, let fn check who may
// and fill in the rest, save, and audit, in one transaction. The lock makes
// two concurrent answers queue: the second sees the first's state and is
// refused by the table (409).
func (s *Service) change(ctx context.Context, actor auth.Actor, id uuid.UUID, action RecordAction, fn func(r *Record, now time.Time) error) (Record, error) {
	var out Record
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := getRecord(ctx, tx, id, &actor, true)
		if err != nil {
			return err
		}
		if err := s.move(ctx, tx, actor, &r, action, fn); err != nil {
			return err
		}
		// Read back for the names of who countersigned or acknowledged.
		out, err = getRecord(ctx, tx, id, nil, false)
		return err
	})
	return out, err
}

// move applies one action to a record already locked in tx and audits it.
func (s *Service) move(ctx context.Context, tx pgx.Tx, actor auth.Actor, r *Record, action RecordAction, fn func(r *Record, now time.Time) error) error {
	before := r.Status
	to, err := r.Lifecycle().Apply(r.Status, action, actor.Role)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	if err := fn(r, now); err != nil {
		return err
	}
	r.Status, r.UpdatedAt = to, now
	if err := saveRecordState(ctx, tx, *r); err != nil {
		return err
	}
	subject := "supervision_record."
	if r.Kind == KindIncident {
		subject = "incident."
	}
	if err := audit.Record(ctx, tx, actor.Who(), audit.Event{Action: subject + string(action), SubjectType: "supervision_record",
		SubjectID: r.ID.String(), DivisionCode: r.SchoolDivision, Before: map[string]any{"status": before}, After: auditImage(*r)}); err != nil {
		return err
	}
	if r.Kind == KindIncident && action == ActionAcknowledge {
		for _, h := range s.incidentAckHooks {
			if err := h(ctx, tx, *r, actor); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) answerCheck(actor auth.Actor) func(r *Record, now time.Time) error {
	return func(r *Record, now time.Time) error {
		if why := r.mayAnswer(actor); why != "" {
			return apperr.Forbidden(why)
		}
		return nil
	}
}

// Countersign is the other side of the placement confirming a record
// (Art 22: the school and the host manage the internship together).
func (s *Service) Countersign(ctx context.Context, actor auth.Actor, id uuid.UUID) (Record, error) {
	check := s.answerCheck(actor)
	return s.change(ctx, actor, id, ActionCountersign, func(r *Record, now time.Time) error {
		if err := check(r, now); err != nil {
			return err
		}
		r.CountersignedBy, r.CountersignedAt = &actor.UserID, &now
		return nil
	})
}

// Dispute is the other side refusing to countersign, with its reason.
func (s *Service) Dispute(ctx context.Context, actor auth.Actor, id uuid.UUID, reason string) (Record, error) {
	reason, err := apperr.RequiredText("reason", "异议理由", reason, 1000)
	if err != nil {
		return Record{}, err
	}
	check := s.answerCheck(actor)
	return s.change(ctx, actor, id, ActionDispute, func(r *Record, now time.Time) error {
		if err := check(r, now); err != nil {
			return err
		}
		r.DisputeReason, r.CountersignedBy, r.CountersignedAt = &reason, &actor.UserID, &now
		return nil
	})
}

// Acknowledge is the school taking up a reported incident.
func (s *Service) Acknowledge(ctx context.Context, actor auth.Actor, id uuid.UUID) (Record, error) {
	return s.change(ctx, actor, id, ActionAcknowledge, func(r *Record, now time.Time) error {
		if why := r.mayHandle(actor); why != "" {
			return apperr.Forbidden(why)
		}
		r.AcknowledgedBy, r.AcknowledgedAt = &actor.UserID, &now
		return nil
	})
}

// Close ends the handling of an acknowledged incident with what was done.
func (s *Service) Close(ctx context.Context, actor auth.Actor, id uuid.UUID, outcome string) (Record, error) {
	outcome, err := apperr.RequiredText("outcome", "处置结果", outcome, 2000)
	if err != nil {
		return Record{}, err
	}
	return s.change(ctx, actor, id, ActionClose, func(r *Record, now time.Time) error {
		if why := r.mayHandle(actor); why != "" {
			return apperr.Forbidden(why)
		}
		r.Outcome, r.ClosedAt = &outcome, &now
		return nil
	})
}

// IncidentFilter narrows the incident list.
type IncidentFilter struct {
	// Open keeps the incidents still being handled (reported or acknowledged).
	Open  bool
	After *uuid.UUID
	Limit int
}

// ListIncidents lists incidents in the actor's scope, newest first: a
// school its own, a county bureau its schools', the city every county's,
// an instructor the placements they instruct.
func (s *Service) ListIncidents(ctx context.Context, actor auth.Actor, f IncidentFilter) ([]Record, error) {
	if !actor.Is(auth.RoleSchoolAdmin, auth.RoleTeacher, auth.RoleBureauAuditor, auth.RolePlatformAdmin) {
		return nil, apperr.Forbidden("无权查看突发事件列表")
	}
	rf := RecordFilter{Kind: KindIncident, After: f.After, Limit: f.Limit}
	if f.Open {
		rf.Statuses = []RecordStatus{StatusReported, StatusAcknowledged}
	}
	return listRecords(ctx, s.pool, &actor, rf)
}

// excerpt is the start of a text for a one-line to-do.
func excerpt(s string, n int) string {
	s = strings.TrimRight(strings.TrimSpace(s), "。.；;")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
