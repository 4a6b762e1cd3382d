package inspections

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
)

// RecordFinding records a problem in an open campaign: by the bureau that
// runs it or by one of its inspectors. The target must lie in the scope; a
// complaint referred to inspection may be named, and is linked both ways.
func (s *Service) RecordFinding(ctx context.Context, actor auth.Actor, campaignID uuid.UUID, in NewFinding) (Finding, error) {
	if err := auditorOnly(actor); err != nil {
		return Finding{}, err
	}
	var id uuid.UUID
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// The campaign row's lock also serialises the findings' 序号.
		c, err := getCampaign(ctx, tx, &actor, campaignID, s.today(), true)
		if err != nil {
			return err
		}
		if !actor.InOrg(c.BureauID) && !slices.Contains(c.InspectorIDs, actor.UserID) {
			return apperr.Forbidden("只有本次检查的组织单位和检查人员可以记录问题")
		}
		if c.Status != CampaignOpen {
			return apperr.Conflict("INVALID_TRANSITION", fmt.Sprintf("专项检查当前状态为“%s”，只有进行中的检查可以记录问题", c.Status.Name()))
		}
		article, err := in.Check(c.Checklist)
		if err != nil {
			return err
		}
		t, err := resolveTarget(ctx, tx, c, in.TargetKind, in.TargetID)
		if err != nil {
			return err
		}
		if err := s.attachable(ctx, tx, actor, "evidence", in.Evidence); err != nil {
			return err
		}
		seq, err := nextFindingSeq(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		now := s.clock.Now().UTC()
		f := Finding{ID: uuid.Must(uuid.NewV7()), CampaignID: c.ID, Seq: seq, TargetKind: in.TargetKind, TargetID: in.TargetID,
			TargetName: t.name, SchoolID: t.schoolID, EnterpriseID: t.enterpriseID, DivisionCode: t.division,
			Rule: optional(in.Rule), ChecklistItem: optional(in.ChecklistItem), Article: article, Description: in.Description,
			Severity: in.Severity, Evidence: in.Evidence, ComplaintID: in.ComplaintID, DiscoveredBy: actor.UserID,
			DiscoveredOn: s.today(), Status: FindingRecorded, CreatedAt: now, UpdatedAt: now}
		if err := insertFinding(ctx, tx, f); err != nil {
			return err
		}
		if f.ComplaintID != nil {
			if err := s.complaints.LinkFinding(ctx, tx, actor, *f.ComplaintID, f.ID); err != nil {
				return err
			}
		}
		id = f.ID
		return record(ctx, tx, actor, c.ID, "finding.record", "finding", f.ID, f.DivisionCode, nil, map[string]any{
			"seq": f.Seq, "target_kind": f.TargetKind, "target_id": f.TargetID, "target_name": f.TargetName, "rule": f.Rule,
			"checklist_item": f.ChecklistItem, "article": f.Article, "description": f.Description, "severity": f.Severity,
			"evidence": f.Evidence, "complaint_id": f.ComplaintID, "discovered_on": f.DiscoveredOn.String(), "status": f.Status}, now)
	})
	if err != nil {
		return Finding{}, err
	}
	return getFinding(ctx, s.pool, &actor, id, false)
}

// attachable checks that every file is the actor's own upload (or their
// organisation's) and marks it attached in tx, so the cleanup keeps it.
func (s *Service) attachable(ctx context.Context, tx pgx.Tx, actor auth.Actor, field string, ids []uuid.UUID) error {
	for _, id := range ids {
		f, err := s.files.ByID(ctx, tx, id)
		if err != nil || !f.UsableBy(actor) {
			return apperr.Invalid("附件有误", apperr.FieldError{Field: field, Message: "有附件不存在，请重新上传"})
		}
		if err := s.files.MarkAttached(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// ListFindings lists a campaign's findings in ledger order.
func (s *Service) ListFindings(ctx context.Context, actor auth.Actor, campaignID uuid.UUID, f FindingFilter) ([]Finding, error) {
	if _, err := s.GetCampaign(ctx, actor, campaignID); err != nil {
		return nil, err
	}
	f.CampaignID = &campaignID
	return listCampaignFindings(ctx, s.pool, actor, f)
}

// Board is the rectification board: a bureau's ordered rectifications, or a
// school's or enterprise's own, open ones by deadline so overdue come first.
func (s *Service) Board(ctx context.Context, actor auth.Actor, f FindingFilter) ([]Finding, error) {
	if !actor.Is(auth.RoleBureauAuditor, auth.RolePlatformAdmin, auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin) {
		return nil, apperr.Forbidden("无权查看整改事项")
	}
	f.Today = s.today()
	return listBoard(ctx, s.pool, actor, f)
}

// GetFinding reads one finding in the actor's scope.
func (s *Service) GetFinding(ctx context.Context, actor auth.Actor, id uuid.UUID) (Finding, error) {
	return getFinding(ctx, s.pool, &actor, id, false)
}

// EvidenceFile is a file attached to a finding or its submission, for
// someone who sees the finding.
func (s *Service) EvidenceFile(ctx context.Context, actor auth.Actor, findingID, fileID uuid.UUID) (files.File, error) {
	f, err := s.GetFinding(ctx, actor, findingID)
	if err != nil {
		return files.File{}, err
	}
	if !slices.Contains(f.Evidence, fileID) && !slices.Contains(f.SubmissionEvidence, fileID) {
		return files.File{}, apperr.NotFound("附件不存在")
	}
	return s.files.ByID(ctx, nil, fileID)
}

// OrderRectification sets the rectification (责令改正, Art 46): the
// responsible unit must be the school or enterprise the finding concerns.
func (s *Service) OrderRectification(ctx context.Context, actor auth.Actor, id uuid.UUID, o Order) (Finding, error) {
	return s.changeFinding(ctx, actor, id, FindingOrder, func(tx pgx.Tx, f *Finding, now time.Time) (map[string]any, error) {
		if err := o.Check(*f, s.today()); err != nil {
			return nil, err
		}
		if !equalPtr(f.SchoolID, &o.ResponsibleOrgID) && !equalPtr(f.EnterpriseID, &o.ResponsibleOrgID) {
			return nil, apperr.Invalid("整改要求有误", apperr.FieldError{Field: "responsible_org_id",
				Message: "责任单位须为问题所涉的学校或实习单位"})
		}
		_, name, err := orgName(ctx, tx, o.ResponsibleOrgID)
		if err != nil {
			return nil, err
		}
		no, err := nextOrderNo(ctx, tx, s.today())
		if err != nil {
			return nil, err
		}
		f.OrderNo, f.ResponsibleOrgID, f.ResponsibleOrgName = &no, &o.ResponsibleOrgID, name
		f.ResponsiblePerson, f.Measure, f.Deadline, f.OrderedAt = &o.ResponsiblePerson, &o.Measure, &o.Deadline, &now
		return map[string]any{"order_no": no, "responsible_org_id": o.ResponsibleOrgID, "responsible_org_name": name,
			"responsible_person": o.ResponsiblePerson, "measure": o.Measure, "deadline": o.Deadline.String()}, nil
	})
}

// StartRectification: the responsible unit says it is working on it.
func (s *Service) StartRectification(ctx context.Context, actor auth.Actor, id uuid.UUID) (Finding, error) {
	return s.changeFinding(ctx, actor, id, FindingStart, func(pgx.Tx, *Finding, time.Time) (map[string]any, error) {
		return map[string]any{}, nil
	})
}

// SubmitRectification hands in what was done, with evidence.
func (s *Service) SubmitRectification(ctx context.Context, actor auth.Actor, id uuid.UUID, in Submission) (Finding, error) {
	if err := in.Check(); err != nil {
		return Finding{}, err
	}
	return s.changeFinding(ctx, actor, id, FindingSubmit, func(tx pgx.Tx, f *Finding, now time.Time) (map[string]any, error) {
		if err := s.attachable(ctx, tx, actor, "evidence", in.Evidence); err != nil {
			return nil, err
		}
		f.SubmissionNote, f.SubmissionEvidence, f.SubmittedAt = &in.Note, in.Evidence, &now
		return map[string]any{"note": in.Note, "evidence": in.Evidence}, nil
	})
}

// VerifyRectification: the bureau accepts the submission (验收).
func (s *Service) VerifyRectification(ctx context.Context, actor auth.Actor, id uuid.UUID) (Finding, error) {
	return s.changeFinding(ctx, actor, id, FindingVerify, func(_ pgx.Tx, f *Finding, now time.Time) (map[string]any, error) {
		f.VerifiedAt = &now
		return map[string]any{}, nil
	})
}

// ReopenRectification sends a submission back with the reason.
func (s *Service) ReopenRectification(ctx context.Context, actor auth.Actor, id uuid.UUID, reason string) (Finding, error) {
	reason, err := apperr.RequiredText("reason", "退回理由", reason, maxNote)
	if err != nil {
		return Finding{}, err
	}
	return s.changeFinding(ctx, actor, id, FindingReopen, func(_ pgx.Tx, f *Finding, _ time.Time) (map[string]any, error) {
		f.ReopenReason, f.ReopenCount, f.SubmittedAt = &reason, f.ReopenCount+1, nil
		return map[string]any{"reason": reason, "reopen_count": f.ReopenCount}, nil
	})
}

// CloseRectification strikes the item off the ledger (销号).
func (s *Service) CloseRectification(ctx context.Context, actor auth.Actor, id uuid.UUID) (Finding, error) {
	return s.changeFinding(ctx, actor, id, FindingClose, func(_ pgx.Tx, f *Finding, now time.Time) (map[string]any, error) {
		f.ClosedAt = &now
		return map[string]any{}, nil
	})
}

// changeFinding locks the finding in scope, applies the transition, checks
// the actor is the party of that step (the campaign's bureau, or the
// responsible unit), runs fn, saves, and writes the ledger row and the
// audit event in one transaction.
func (s *Service) changeFinding(ctx context.Context, actor auth.Actor, id uuid.UUID, action FindingAction,
	fn func(tx pgx.Tx, f *Finding, now time.Time) (map[string]any, error)) (Finding, error) {
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		f, err := getFinding(ctx, tx, &actor, id, true)
		if err != nil {
			return err
		}
		before := f.Status
		to, err := FindingLifecycle.Apply(f.Status, action, actor.Role)
		if err != nil {
			return err
		}
		if err := party(actor, f); err != nil {
			return err
		}
		now := s.clock.Now().UTC()
		data, err := fn(tx, &f, now)
		if err != nil {
			return err
		}
		f.Status, f.UpdatedAt = to, now
		if err := saveFinding(ctx, tx, f); err != nil {
			return err
		}
		data["status"] = f.Status
		return record(ctx, tx, actor, f.CampaignID, "finding."+string(action), "finding", f.ID, f.DivisionCode,
			map[string]any{"status": before}, data, now)
	})
	if err != nil {
		return Finding{}, err
	}
	return getFinding(ctx, s.pool, &actor, id, false)
}

// party checks the actor stands where the lifecycle's role does for this
// finding: a bureau only for the campaign it runs, a school or enterprise
// only for the items ordered to it. The lifecycle table has said which role.
func party(actor auth.Actor, f Finding) error {
	if actor.Role == auth.RoleBureauAuditor && !actor.InOrg(f.BureauID) {
		return apperr.Forbidden("该问题由组织本次检查的教育局处理")
	}
	if actor.Is(units...) && (f.ResponsibleOrgID == nil || !actor.InOrg(*f.ResponsibleOrgID)) {
		return apperr.Forbidden("只有责任单位可以提交整改")
	}
	return nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
