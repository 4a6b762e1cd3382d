package inspections

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
)

// Complaints is what inspections needs of supervision's complaints;
// internal/app wires supervision.Service. LinkFinding runs in the caller's
// transaction: NotFound outside the actor's scope, Forbidden when the
// complaint is another bureau's to decide, Conflict unless it was referred
// to inspection and is not yet linked.
type Complaints interface {
	LinkFinding(ctx context.Context, tx pgx.Tx, actor auth.Actor, complaintID, findingID uuid.UUID) error
}

// Service is the inspection use cases.
type Service struct {
	pool       *pgxpool.Pool
	files      *files.Service
	complaints Complaints
	clock      clock.Clock
	referred   ReferredComplaints // complaints to record as findings, for the to-do feed
}

// NewService builds the inspections service.
func NewService(pool *pgxpool.Pool, filesSvc *files.Service, complaints Complaints, clk clock.Clock) *Service {
	return &Service{pool: pool, files: filesSvc, complaints: complaints, clock: clk}
}

func (s *Service) today() clock.Date { return clock.BusinessDay(s.clock.Now()) }

// owner: only the bureau that runs a campaign manages it and verifies its
// rectifications; a city reading a county's campaign does not take it over.
func owner(actor auth.Actor, bureauID uuid.UUID, bureauName string) error {
	if actor.Role == auth.RoleBureauAuditor && actor.InOrg(bureauID) {
		return nil
	}
	return apperr.Forbidden("该专项检查由" + bureauName + "负责")
}

func auditorOnly(actor auth.Actor) error {
	if actor.Role != auth.RoleBureauAuditor || actor.OrgID == nil {
		return apperr.Forbidden("只有教育局审核人员可以组织专项检查")
	}
	return nil
}

// record writes the ledger row and the audit event of one change, in tx.
func record(ctx context.Context, tx pgx.Tx, actor auth.Actor, campaignID uuid.UUID, kind, subjectType string, subjectID uuid.UUID,
	division string, before, data map[string]any, now time.Time) error {
	id := actor.UserID
	if _, err := AppendLedger(ctx, tx, Entry{LedgerID: campaignID, Kind: kind, SubjectType: subjectType, SubjectID: subjectID,
		ActorID: &id, Data: data}, now); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: kind, SubjectType: subjectType, SubjectID: subjectID.String(),
		DivisionCode: division, Before: before, After: data})
}

// CreateCampaign starts a draft with the default checklist.
func (s *Service) CreateCampaign(ctx context.Context, actor auth.Actor, in NewCampaign) (Campaign, error) {
	if err := auditorOnly(actor); err != nil {
		return Campaign{}, err
	}
	if err := in.Check(actor); err != nil {
		return Campaign{}, err
	}
	now := s.clock.Now().UTC()
	c := Campaign{ID: uuid.Must(uuid.NewV7()), BureauID: *actor.OrgID, Title: in.Title, DivisionCode: in.DivisionCode,
		SchoolIDs: in.SchoolIDs, StartsOn: in.StartsOn, EndsOn: in.EndsOn, Methods: in.Methods, InspectorIDs: in.InspectorIDs,
		Checklist: DefaultChecklist(), Status: CampaignDraft, CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := schoolsInScope(ctx, tx, c.DivisionCode, c.SchoolIDs); err != nil {
			return err
		}
		if err := inspectorsIn(ctx, tx, actor.DivisionCode, c.InspectorIDs); err != nil {
			return err
		}
		if err := insertCampaign(ctx, tx, c); err != nil {
			return err
		}
		return record(ctx, tx, actor, c.ID, "campaign.create", "campaign", c.ID, c.DivisionCode, nil, map[string]any{
			"title": c.Title, "division_code": c.DivisionCode, "school_ids": c.SchoolIDs, "starts_on": c.StartsOn.String(),
			"ends_on": c.EndsOn.String(), "methods": c.Methods, "inspector_ids": c.InspectorIDs, "status": c.Status}, now)
	})
	if err != nil {
		return Campaign{}, err
	}
	return s.GetCampaign(ctx, actor, c.ID)
}

// ListCampaigns lists the campaigns the actor sees, newest first.
func (s *Service) ListCampaigns(ctx context.Context, actor auth.Actor, f CampaignFilter) ([]Campaign, error) {
	if !actor.Is(auth.RoleBureauAuditor, auth.RolePlatformAdmin) {
		return nil, apperr.Forbidden("只有教育行政部门可以查看专项检查")
	}
	return listCampaigns(ctx, s.pool, actor, f, s.today())
}

// GetCampaign reads one campaign in the actor's scope.
func (s *Service) GetCampaign(ctx context.Context, actor auth.Actor, id uuid.UUID) (Campaign, error) {
	if !actor.Is(auth.RoleBureauAuditor, auth.RolePlatformAdmin) {
		return Campaign{}, apperr.Forbidden("只有教育行政部门可以查看专项检查")
	}
	return getCampaign(ctx, s.pool, &actor, id, s.today(), false)
}

// OpenCampaign fixes the checklist and lets findings be recorded.
func (s *Service) OpenCampaign(ctx context.Context, actor auth.Actor, id uuid.UUID) (Campaign, error) {
	return s.changeCampaign(ctx, actor, id, CampaignOpenAction, func(c *Campaign, now time.Time) { c.OpenedAt = &now })
}

// CloseCampaign ends it: no more findings, while rectifications go on.
func (s *Service) CloseCampaign(ctx context.Context, actor auth.Actor, id uuid.UUID) (Campaign, error) {
	return s.changeCampaign(ctx, actor, id, CampaignCloseAction, func(c *Campaign, now time.Time) { c.ClosedAt = &now })
}

func (s *Service) changeCampaign(ctx context.Context, actor auth.Actor, id uuid.UUID, action CampaignAction, fn func(*Campaign, time.Time)) (Campaign, error) {
	if !actor.Is(auth.RoleBureauAuditor, auth.RolePlatformAdmin) {
		return Campaign{}, apperr.Forbidden("只有教育局审核人员可以组织专项检查")
	}
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c, err := getCampaign(ctx, tx, &actor, id, s.today(), true)
		if err != nil {
			return err
		}
		before := c.Status
		to, err := CampaignLifecycle.Apply(c.Status, action, actor.Role)
		if err != nil {
			return err
		}
		if err := owner(actor, c.BureauID, c.BureauName); err != nil {
			return err
		}
		now := s.clock.Now().UTC()
		c.Status, c.UpdatedAt = to, now
		fn(&c, now)
		if err := saveCampaign(ctx, tx, c); err != nil {
			return err
		}
		return record(ctx, tx, actor, c.ID, "campaign."+string(action), "campaign", c.ID, c.DivisionCode,
			map[string]any{"status": before}, map[string]any{"status": c.Status}, now)
	})
	if err != nil {
		return Campaign{}, err
	}
	return s.GetCampaign(ctx, actor, id)
}

// DrawCampaign makes the campaign's one random draw, before or during the
// inspection: the candidates as the scope holds them now, the seed, and the
// result are stored and published; the drawn inspectors join the campaign.
// A second draw is refused, so nobody can draw until they like the result.
func (s *Service) DrawCampaign(ctx context.Context, actor auth.Actor, id uuid.UUID, req DrawRequest) (Draw, error) {
	if err := auditorOnly(actor); err != nil {
		return Draw{}, err
	}
	if err := req.Check(); err != nil {
		return Draw{}, err
	}
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c, err := getCampaign(ctx, tx, &actor, id, s.today(), true)
		if err != nil {
			return err
		}
		if err := owner(actor, c.BureauID, c.BureauName); err != nil {
			return err
		}
		if c.Status == CampaignClosed {
			return apperr.Conflict("INVALID_TRANSITION", "专项检查已结束，不能再抽取")
		}
		targets, err := targetCandidates(ctx, tx, c, req.TargetKind)
		if err != nil {
			return err
		}
		inspectors, err := inspectorCandidates(ctx, tx, c)
		if err != nil {
			return err
		}
		var fe apperr.FieldErrors
		if len(targets) < req.Targets {
			fe.Add("targets", "检查范围内只有 "+strconv.Itoa(len(targets))+" 个"+targetKindNames[req.TargetKind]+"可供抽取")
		}
		if len(inspectors) < req.Inspectors {
			fe.Add("inspectors", "检查人员库中只有 "+strconv.Itoa(len(inspectors))+" 名人员可供抽取")
		}
		if err := fe.Err("抽取参数有误"); err != nil {
			return err
		}
		now := s.clock.Now().UTC()
		d := Draw{CampaignID: c.ID, Seed: req.Seed, TargetKind: req.TargetKind, TargetCandidates: targets,
			InspectorCandidates: inspectors, Targets: DrawList(req.Seed, "targets", targets, req.Targets),
			Inspectors: DrawList(req.Seed, "inspectors", inspectors, req.Inspectors), DrawnBy: actor.UserID, DrawnAt: now}
		if err := insertDraw(ctx, tx, d); err != nil {
			return err
		}
		for _, in := range d.Inspectors {
			c.InspectorIDs = append(c.InspectorIDs, in.ID)
		}
		c.InspectorIDs, c.UpdatedAt = uniqueIDs(c.InspectorIDs), now
		if err := saveCampaign(ctx, tx, c); err != nil {
			return err
		}
		// The ledger keeps the seed, the result and a digest of each
		// candidate list: a later change of the published lists breaks it.
		return record(ctx, tx, actor, c.ID, "campaign.draw", "campaign", c.ID, c.DivisionCode, nil, map[string]any{
			"seed": d.Seed, "target_kind": d.TargetKind, "targets": candidateIDs(d.Targets), "inspectors": candidateIDs(d.Inspectors),
			"target_candidates_sha256": digest(d.TargetCandidates), "inspector_candidates_sha256": digest(d.InspectorCandidates)}, now)
	})
	if err != nil {
		return Draw{}, err
	}
	return s.GetDraw(ctx, actor, id)
}

// GetDraw is the published draw of a campaign the actor sees.
func (s *Service) GetDraw(ctx context.Context, actor auth.Actor, id uuid.UUID) (Draw, error) {
	if _, err := s.GetCampaign(ctx, actor, id); err != nil {
		return Draw{}, err
	}
	return getDraw(ctx, s.pool, id)
}

func candidateIDs(list []Candidate) []uuid.UUID {
	out := make([]uuid.UUID, len(list))
	for i, c := range list {
		out[i] = c.ID
	}
	return out
}

// digest is the SHA-256 of a candidate list as published (candidatesJSON).
func digest(list []Candidate) string {
	sum := sha256.Sum256(candidatesJSON(list))
	return hex.EncodeToString(sum[:])
}

// VerifyLedger recomputes the chains of the ledgers the actor may see: a
// bureau's campaigns, or for the platform administrator every ledger; one
// campaign's when given.
func (s *Service) VerifyLedger(ctx context.Context, actor auth.Actor, campaignID *uuid.UUID) (Verification, error) {
	if !actor.Is(auth.RoleBureauAuditor, auth.RolePlatformAdmin) {
		return Verification{}, apperr.Forbidden("只有教育行政部门可以校验台账")
	}
	if campaignID != nil {
		if _, err := s.GetCampaign(ctx, actor, *campaignID); err != nil {
			return Verification{}, err
		}
		return VerifyLedgers(ctx, s.pool, *campaignID)
	}
	if actor.Role == auth.RolePlatformAdmin {
		return VerifyLedgers(ctx, s.pool)
	}
	ledgers, err := visibleCampaignIDs(ctx, s.pool, actor)
	if err != nil {
		return Verification{}, err
	}
	if len(ledgers) == 0 {
		return Verification{OK: true, Heads: map[uuid.UUID]string{}}, nil
	}
	return VerifyLedgers(ctx, s.pool, ledgers...)
}
