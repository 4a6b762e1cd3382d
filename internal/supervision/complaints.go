package supervision

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/alerts/outbox"
	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/workflow"
	"huhang/internal/todos"
)

// Complaints (Art 45 of the 2021 rules: anyone may complain about an
// internship, and the education authority must deal with it). Anyone files
// one without an account; it reaches the competent bureau, which takes it
// up and decides: resolved, dismissed, or referred to become an inspection
// finding. The complainant follows it with a reference and a secret code.

// ComplaintStatus is where a complaint stands.
type ComplaintStatus string

const (
	ComplaintReceived  ComplaintStatus = "received"
	ComplaintTriaging  ComplaintStatus = "triaging"
	ComplaintResolved  ComplaintStatus = "resolved"
	ComplaintDismissed ComplaintStatus = "dismissed"
	ComplaintReferred  ComplaintStatus = "referred"
)

var complaintStatusNames = map[ComplaintStatus]string{
	ComplaintReceived: "已收到", ComplaintTriaging: "核查中", ComplaintResolved: "已办结",
	ComplaintDismissed: "不予受理", ComplaintReferred: "已转专项检查",
}

// Name is the status in Chinese.
func (s ComplaintStatus) Name() string { return complaintStatusNames[s] }

// Open reports whether the bureau still owes a decision.
func (s ComplaintStatus) Open() bool { return s == ComplaintReceived || s == ComplaintTriaging }

// ComplaintAction moves a complaint.
type ComplaintAction string

const (
	ComplaintFile    ComplaintAction = "file" // creation, by anyone; not an edge
	ComplaintStart   ComplaintAction = "start"
	ComplaintResolve ComplaintAction = "resolve"
	ComplaintDismiss ComplaintAction = "dismiss"
	ComplaintRefer   ComplaintAction = "refer"
)

// ComplaintLifecycle: the competent bureau may take a complaint up first
// (核查中, so the complainant sees it is being looked at) or decide at once.
// Every decision is final: a complaint that needs more work is referred to
// the inspection ledger, where findings have their own lifecycle.
var ComplaintLifecycle = workflow.Table[ComplaintStatus, ComplaintAction, auth.Role]{
	Subject:   "投诉",
	System:    auth.RoleSystem,
	StateName: ComplaintStatus.Name,
	RoleName:  auth.RoleName,
	Edges: map[ComplaintAction]workflow.Edge[ComplaintStatus, auth.Role]{
		ComplaintStart:   {From: []ComplaintStatus{ComplaintReceived}, To: ComplaintTriaging, By: []auth.Role{auth.RoleBureauAuditor}},
		ComplaintResolve: {From: []ComplaintStatus{ComplaintReceived, ComplaintTriaging}, To: ComplaintResolved, By: []auth.Role{auth.RoleBureauAuditor}},
		ComplaintDismiss: {From: []ComplaintStatus{ComplaintReceived, ComplaintTriaging}, To: ComplaintDismissed, By: []auth.Role{auth.RoleBureauAuditor}},
		ComplaintRefer:   {From: []ComplaintStatus{ComplaintReceived, ComplaintTriaging}, To: ComplaintReferred, By: []auth.Role{auth.RoleBureauAuditor}},
	},
}

// TriageOutcome is the bureau's decision; "inspection" refers the complaint
// to become an inspection finding.
type TriageOutcome string

const (
	OutcomeResolved   TriageOutcome = "resolved"
	OutcomeDismissed  TriageOutcome = "dismissed"
	OutcomeInspection TriageOutcome = "inspection"
)

var outcomeActions = map[TriageOutcome]ComplaintAction{
	OutcomeResolved: ComplaintResolve, OutcomeDismissed: ComplaintDismiss, OutcomeInspection: ComplaintRefer,
}

// RouteBasis is why a complaint went to its bureau.
type RouteBasis string

const (
	RouteSchool     RouteBasis = "school"     // the competent bureau of the school named (Art 5)
	RouteEnterprise RouteBasis = "enterprise" // the bureau where the named host enterprise is
	RouteDefault    RouteBasis = "default"    // neither was clear: the city bureau
)

// Limits of the public form. The per-address rates keep one client from
// flooding a bureau's ledger while leaving room for a family that files for
// several children from one home connection.
const (
	MaxComplaintContent = 2000
	maxComplaintContact = 100
	maxEnterpriseName   = 128
	maxPlacementRef     = 64
	maxTriageReply      = 1000
	maxTriageNote       = 1000
	// MaxComplaintBytes bounds the body of POST /complaints: the longest
	// valid complaint escaped as \uXXXX is about 16 KiB; anything far larger
	// is refused (413) before it is read.
	MaxComplaintBytes = 32 << 10
	// ComplaintRoute is the route pattern, for the server's body limit.
	ComplaintRoute = "/api/v1/complaints"
	// triageDueDays after filing, an untriaged complaint turns critical in
	// the bureau's to-do list: the half month within which petition rules
	// expect an authority to say whether it takes a matter up.
	triageDueDays = 15
)

// ComplaintRates are what one client address may file.
var ComplaintRates = []auth.Rate{{Max: 5, Per: time.Minute}, {Max: 20, Per: 24 * time.Hour}}

// StatusCheckRates are what one client address may look up: generous for a
// person, useless for guessing codes (2^59 of them).
var StatusCheckRates = []auth.Rate{{Max: 30, Per: time.Minute}, {Max: 300, Per: 24 * time.Hour}}

// NewComplaint is what the public form sends.
type NewComplaint struct {
	SchoolID       *uuid.UUID
	EnterpriseName string
	PlacementRef   string
	Content        string
	Contact        string
}

// Complaint is one stored complaint as the bureau reads it.
type Complaint struct {
	ID             uuid.UUID
	Reference      string
	SchoolID       *uuid.UUID
	SchoolName     string
	EnterpriseName string
	EnterpriseID   *uuid.UUID
	EnterpriseOrg  string // the registered name it matched
	PlacementRef   string
	Content        string
	Contact        string
	DivisionCode   string
	BureauID       uuid.UUID
	BureauName     string
	RouteBasis     RouteBasis
	RouteNote      string
	Status         ComplaintStatus
	TriageOutcome  *TriageOutcome
	PublicReply    *string
	TriageNote     *string
	TriagedBy      *uuid.UUID
	TriagedByName  string
	TriagedAt      *time.Time
	StartedAt      *time.Time
	FindingID      *uuid.UUID
	CreatedAt      time.Time
	UpdatedAt      time.Time
	codeHash       string
}

// DaysWaiting counts calendar days (in Shanghai) since filing while the
// complaint is open, up to its decision once made.
func (c Complaint) DaysWaiting(now time.Time) int {
	end := now
	if c.TriagedAt != nil {
		end = *c.TriagedAt
	}
	return int(math.Round(clock.BusinessDay(end).Time().Sub(clock.BusinessDay(c.CreatedAt).Time()).Hours() / 24))
}

// Receipt is what the complainant gets once: the code is never stored.
type Receipt struct {
	ID        uuid.UUID
	Reference string
	Code      string
}

// PublicStatus is what the reference and code show: nothing of the content
// or contact, which the complainant already knows and a stolen code must
// not reveal.
type PublicStatus struct {
	Reference  string
	Status     ComplaintStatus
	BureauName string
	Reply      *string
	FiledAt    time.Time
	DecidedAt  *time.Time
}

// complainant is how the audit trail names whoever files without an account;
// the client address comes with the request.
var complainant = audit.Who{Username: "anonymous", Role: "public"}

// referenceAlphabet leaves out 0 O 1 I L, which people misread when they
// copy a code from a screen to paper and back.
const referenceAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func randomText(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	out := make([]byte, n)
	for i, v := range b {
		// 256 is not a multiple of 31; the slight bias is harmless for a
		// reference and costs under a bit of the code's 59.
		out[i] = referenceAlphabet[int(v)%len(referenceAlphabet)]
	}
	return string(out)
}

// newReference is "TS-20261205-7KQ3": the business day of filing, then four
// random characters (about 920 000 a day before a collision forces a retry).
func newReference(now time.Time) string {
	return "TS-" + strings.ReplaceAll(clock.BusinessDay(now).String(), "-", "") + "-" + randomText(4)
}

// newCode is twelve characters in three groups: about 59 bits, so the
// stored hash cannot be reversed by trying every code.
func newCode() string {
	t := randomText(12)
	return t[:4] + "-" + t[4:8] + "-" + t[8:]
}

// NormalizeCode accepts what people type: any case, with or without the
// dashes and spaces.
func NormalizeCode(code string) string {
	code = strings.ToUpper(strings.NewReplacer("-", "", " ", "", "\u00a0", "").Replace(strings.TrimSpace(code)))
	if len(code) != 12 {
		return code
	}
	return code[:4] + "-" + code[4:8] + "-" + code[8:]
}

// hashCode binds the code to its reference, so one hash cannot be tried
// against every complaint at once.
func hashCode(reference, code string) string {
	sum := sha256.Sum256([]byte(reference + "\n" + NormalizeCode(code)))
	return hex.EncodeToString(sum[:])
}

// CheckComplaint trims the form and names every bad field at once.
func CheckComplaint(in *NewComplaint) error {
	in.Content = strings.TrimSpace(in.Content)
	in.Contact = strings.TrimSpace(in.Contact)
	in.EnterpriseName = strings.Join(strings.Fields(in.EnterpriseName), "")
	in.PlacementRef = strings.TrimSpace(in.PlacementRef)
	var fe apperr.FieldErrors
	fe.Text("content", "投诉内容", in.Content, 1, MaxComplaintContent)
	fe.Text("contact", "联系方式", in.Contact, 0, maxComplaintContact)
	fe.Text("enterprise_name", "实习单位名称", in.EnterpriseName, 0, maxEnterpriseName)
	fe.Text("placement_ref", "实习安排编号", in.PlacementRef, 0, maxPlacementRef)
	for field, v := range map[string]string{"content": in.Content, "contact": in.Contact, "enterprise_name": in.EnterpriseName,
		"placement_ref": in.PlacementRef} {
		if !fe.Has(field) && (!utf8.ValidString(v) || strings.ContainsRune(v, 0)) {
			fe.Add(field, "含有无法识别的字符")
		}
	}
	return fe.Err("投诉内容有误")
}

// FileComplaint is the public form: it checks the form, then counts the
// client address against ComplaintRates (a refused attempt writes nothing),
// then routes and stores the complaint. clientIP is the address the server
// trusts (the socket's peer or what a configured proxy appended).
func (s *Service) FileComplaint(ctx context.Context, clientIP string, in NewComplaint) (Receipt, error) {
	if err := CheckComplaint(&in); err != nil {
		return Receipt{}, err
	}
	// A school picked from a stale list is the form's mistake, not an
	// attempt: it is named before the address is counted.
	if in.SchoolID != nil {
		if _, _, err := schoolOf(ctx, s.pool, *in.SchoolID); err != nil {
			return Receipt{}, err
		}
	}
	if err := s.limit(ctx, "complaint:"+auth.ClientKey(clientIP), ComplaintRates,
		"提交过于频繁：同一网络每分钟最多提交 5 件、每天最多 20 件投诉，请 %d 秒后再试"); err != nil {
		return Receipt{}, err
	}
	return s.ReceiveComplaint(ctx, clientIP, in)
}

// limit counts one attempt of key, or answers 429 with how long to wait.
// Without Redis the public routes cannot be protected, so they refuse.
func (s *Service) limit(ctx context.Context, key string, rates []auth.Rate, message string) error {
	return auth.Limit(ctx, s.rdb, key, s.clock.Now(), "服务暂时繁忙，请稍后再试", message, rates...)
}

// ReceiveComplaint stores a checked complaint without counting it against
// any address: FileComplaint's second half, and the demo seed's way in.
func (s *Service) ReceiveComplaint(ctx context.Context, clientIP string, in NewComplaint) (Receipt, error) {
	if err := CheckComplaint(&in); err != nil {
		return Receipt{}, err
	}
	now := s.clock.Now().UTC()
	c := Complaint{ID: uuid.Must(uuid.NewV7()), SchoolID: in.SchoolID, EnterpriseName: in.EnterpriseName, PlacementRef: in.PlacementRef,
		Content: in.Content, Contact: in.Contact, Status: ComplaintReceived, CreatedAt: now, UpdatedAt: now}
	code := newCode()
	for attempt := 0; ; attempt++ {
		c.Reference = newReference(now)
		c.codeHash = hashCode(c.Reference, code)
		err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			r, err := routeComplaint(ctx, tx, in)
			if err != nil {
				return err
			}
			c.BureauID, c.BureauName, c.DivisionCode = r.bureauID, r.bureauName, r.division
			c.RouteBasis, c.RouteNote, c.EnterpriseID, c.SchoolName = r.basis, r.note, r.enterpriseID, r.schoolName
			if err := insertComplaint(ctx, tx, c, clientIP); err != nil {
				return err
			}
			return complaintFiled(ctx, tx, c)
		})
		if apperr.KindOf(err) == apperr.KindConflict && attempt < 4 {
			continue // another complaint drew the same reference today
		}
		if err != nil {
			return Receipt{}, err
		}
		return Receipt{ID: c.ID, Reference: c.Reference, Code: code}, nil
	}
}

// complaintFiled is what a new complaint sets off inside its transaction:
// the audit event, which carries no content (a complaint may name people)
// but where it went and why. The alerts domain raises A-COMPLAINT for the
// competent bureau from here, by adding its outbox row to this transaction.
func complaintFiled(ctx context.Context, tx pgx.Tx, c Complaint) error {
	if err := audit.Record(ctx, tx, complainant, audit.Event{Action: "complaint." + string(ComplaintFile), SubjectType: "complaint",
		SubjectID: c.ID.String(), DivisionCode: c.DivisionCode,
		After: map[string]any{"reference": c.Reference, "status": c.Status, "bureau_id": c.BureauID, "route_basis": c.RouteBasis,
			"route_note": c.RouteNote, "school_id": c.SchoolID, "enterprise_id": c.EnterpriseID}}); err != nil {
		return err
	}
	// Only the bureau is told: the school or enterprise complained about
	// must not learn of it before the bureau decides (Art 45).
	bureau := c.BureauID
	about := c.SchoolName
	if about == "" {
		about = c.EnterpriseName
	}
	return outbox.Add(ctx, tx, outbox.Signal{Rule: outbox.Complaint, SubjectType: "complaint", SubjectID: c.ID,
		Day: clock.BusinessDay(c.CreatedAt), Title: outbox.Title("收到投诉举报 %s：%s", c.Reference, about),
		Link: "/complaints/" + c.ID.String(), BureauID: &bureau, DivisionCode: c.DivisionCode, At: c.CreatedAt})
}

// route is where a complaint goes and why.
type route struct {
	bureauID     uuid.UUID
	bureauName   string
	division     string
	basis        RouteBasis
	note         string
	enterpriseID *uuid.UUID
	schoolName   string
}

// routeComplaint finds the competent bureau. A school named decides (its
// bureau approved its plans, Art 5); else a host enterprise that the name
// matches, exactly or as the one registered name containing it, leads to
// the bureau where it sits; else the city bureau takes it and sorts it out.
// An unknown school_id is the caller's mistake and is refused; an unknown
// enterprise name is not: the public cannot know how hosts are registered.
func routeComplaint(ctx context.Context, tx pgx.Tx, in NewComplaint) (route, error) {
	var r route
	var why []string
	ent, entNote, err := matchEnterprise(ctx, tx, in.EnterpriseName)
	if err != nil {
		return r, err
	}
	if ent != nil {
		r.enterpriseID = &ent.id
	}
	if in.SchoolID != nil {
		name, division, err := schoolOf(ctx, tx, *in.SchoolID)
		if err != nil {
			return r, err
		}
		r.schoolName = name
		if b, found, err := bureauFor(ctx, tx, division); err != nil || found {
			r.bureauID, r.bureauName, r.division, r.basis = b.id, b.name, b.division, RouteSchool
			r.note = fmt.Sprintf("按所涉学校“%s”确定其主管教育局", r.schoolName)
			return r, err
		}
		why = append(why, fmt.Sprintf("学校“%s”所在地没有登记的教育局", r.schoolName))
	}
	if ent != nil {
		if b, found, err := bureauFor(ctx, tx, ent.division); err != nil || found {
			r.bureauID, r.bureauName, r.division, r.basis = b.id, b.name, b.division, RouteEnterprise
			r.note = fmt.Sprintf("未指明学校；按实习单位“%s”所在地确定%s", ent.name, entNote)
			return r, err
		}
		why = append(why, fmt.Sprintf("实习单位“%s”所在地没有登记的教育局", ent.name))
	} else if in.EnterpriseName != "" {
		why = append(why, entNote)
	}
	if in.SchoolID == nil && in.EnterpriseName == "" {
		why = append(why, "未指明学校或实习单位")
	} else if in.SchoolID == nil && ent == nil {
		why = append([]string{"未指明学校"}, why...)
	}
	b, err := cityBureau(ctx, tx)
	if err != nil {
		return r, err
	}
	r.bureauID, r.bureauName, r.division, r.basis = b.id, b.name, b.division, RouteDefault
	r.note = strings.Join(why, "；") + "；转市级教育局分办"
	return r, nil
}

// schoolOf reads the name and division of the school a complaint names.
func schoolOf(ctx context.Context, db postgres.DBTX, id uuid.UUID) (string, string, error) {
	var name, division string
	err := db.QueryRow(ctx, `SELECT name, division_code FROM orgs WHERE id = $1 AND kind = 'school'`, id).Scan(&name, &division)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", apperr.Invalid("投诉内容有误", apperr.FieldError{Field: "school_id", Message: "所选学校不存在，请从列表中选择"})
	}
	return name, division, postgres.Translate(err, "supervision: complaint school")
}

type orgRow struct {
	id             uuid.UUID
	name, division string
}

// matchEnterprise finds the registered enterprise a name means, and says
// how it matched or why none did.
func matchEnterprise(ctx context.Context, tx pgx.Tx, name string) (*orgRow, string, error) {
	if name == "" {
		return nil, "", nil
	}
	// Exact names first; then registered names that contain what was typed
	// (people drop 有限公司 or the county): at most two are read, since
	// two already mean the name is ambiguous.
	rows, err := tx.Query(ctx, `SELECT id, name, division_code FROM orgs WHERE kind = 'enterprise' AND name = $1
		UNION ALL
		(SELECT id, name, division_code FROM orgs WHERE kind = 'enterprise' AND name <> $1 AND char_length($1) >= 4
		   AND strpos(name, $1) > 0 ORDER BY name LIMIT 2)`, name)
	if err != nil {
		return nil, "", postgres.Translate(err, "supervision: match enterprise")
	}
	found, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (orgRow, error) {
		var o orgRow
		return o, r.Scan(&o.id, &o.name, &o.division)
	})
	if err != nil {
		return nil, "", postgres.Translate(err, "supervision: match enterprise")
	}
	switch {
	case len(found) > 0 && found[0].name == name:
		return &found[0], "", nil
	case len(found) == 1:
		return &found[0], fmt.Sprintf("（所填“%s”与登记名称部分相符）", name), nil
	case len(found) > 1:
		return nil, fmt.Sprintf("实习单位名称“%s”与多家登记企业相符", name), nil
	}
	return nil, fmt.Sprintf("实习单位名称“%s”未找到登记企业", name), nil
}

// bureauFor is the bureau of a division, or of the nearest division above
// it that has one: a county without its own bureau in the platform falls to
// its city's, then its province's. GB/T 2260 codes name their ancestors by
// prefix, which also covers counties outside the loaded division table.
func bureauFor(ctx context.Context, tx pgx.Tx, division string) (orgRow, bool, error) {
	var b orgRow
	if len(division) != 6 {
		return b, false, nil
	}
	chain := []string{division, division[:4] + "00", division[:2] + "0000"}
	err := tx.QueryRow(ctx, `SELECT id, name, division_code FROM orgs WHERE kind = 'bureau' AND division_code = ANY($1::text[])
		ORDER BY array_position($1::text[], division_code) LIMIT 1`, chain).Scan(&b.id, &b.name, &b.division)
	if errors.Is(err, pgx.ErrNoRows) {
		return b, false, nil
	}
	return b, err == nil, postgres.Translate(err, "supervision: bureau for "+division)
}

// cityBureau receives what no one else clearly does: the city-level bureau
// the platform serves (the lowest code if a deployment ever holds several),
// or failing that the province's.
func cityBureau(ctx context.Context, tx pgx.Tx) (orgRow, error) {
	var b orgRow
	err := tx.QueryRow(ctx, `SELECT id, name, division_code FROM orgs WHERE kind = 'bureau' AND division_code LIKE '%00'
		ORDER BY (division_code LIKE '%0000'), division_code LIMIT 1`).Scan(&b.id, &b.name, &b.division)
	if errors.Is(err, pgx.ErrNoRows) {
		return b, apperr.Internal(errors.New("supervision: no city or province bureau to receive complaints"))
	}
	return b, postgres.Translate(err, "supervision: city bureau")
}

// ComplaintStatusFor is the complainant's view. A wrong code answers exactly
// as an unknown reference does, after the same work, so neither the answer
// nor its timing tells whether a reference exists.
func (s *Service) ComplaintStatusFor(ctx context.Context, clientIP, reference, code string) (PublicStatus, error) {
	if err := s.limit(ctx, "complaint-status:"+auth.ClientKey(clientIP), StatusCheckRates,
		"查询过于频繁，请 %d 秒后再试"); err != nil {
		return PublicStatus{}, err
	}
	reference = strings.ToUpper(strings.TrimSpace(reference))
	notFound := apperr.NotFound("查询编号或查询码不正确")
	c, err := getComplaint(ctx, s.pool, nil, nil, reference, false)
	stored := c.codeHash
	if err != nil {
		if apperr.KindOf(err) != apperr.KindNotFound {
			return PublicStatus{}, err
		}
		stored = strings.Repeat("0", sha256.Size*2)
	}
	given := hashCode(reference, code)
	if subtle.ConstantTimeCompare([]byte(given), []byte(stored)) != 1 || err != nil {
		return PublicStatus{}, notFound
	}
	return PublicStatus{Reference: c.Reference, Status: c.Status, BureauName: c.BureauName, Reply: c.PublicReply,
		FiledAt: c.CreatedAt, DecidedAt: c.TriagedAt}, nil
}

// ComplaintFilter narrows the bureau's list.
type ComplaintFilter struct {
	Status ComplaintStatus
	Open   bool       // received or triaging: the bureau still owes a decision
	Before *uuid.UUID // keyset: newest first
	Limit  int
}

func bureauOnly(actor auth.Actor) error {
	if !actor.Is(auth.RoleBureauAuditor, auth.RolePlatformAdmin) {
		return apperr.Forbidden("只有教育行政部门可以查看投诉")
	}
	return nil
}

// ListComplaints lists the complaints in the actor's scope, newest first: a
// bureau sees those routed to it and to the bureaus below it (the city
// oversees its counties), the platform administrator all.
func (s *Service) ListComplaints(ctx context.Context, actor auth.Actor, f ComplaintFilter) ([]Complaint, error) {
	if err := bureauOnly(actor); err != nil {
		return nil, err
	}
	return listComplaints(ctx, s.pool, actor, f)
}

// GetComplaint reads one complaint in the actor's scope.
func (s *Service) GetComplaint(ctx context.Context, actor auth.Actor, id uuid.UUID) (Complaint, error) {
	if err := bureauOnly(actor); err != nil {
		return Complaint{}, err
	}
	return getComplaint(ctx, s.pool, &actor, &id, "", false)
}

// CanDecide reports whether the actor is the bureau the complaint was routed
// to: only it takes a complaint up and decides; a city bureau oversees its
// counties' complaints without taking them out of their hands.
func CanDecide(actor auth.Actor, c Complaint) bool {
	return actor.Role == auth.RoleBureauAuditor && actor.OrgID != nil && *actor.OrgID == c.BureauID
}

// Triage is the bureau's decision.
type Triage struct {
	Outcome TriageOutcome
	Reply   string // shown to the complainant
	Note    string // internal
}

// StartComplaint marks a complaint as being looked into.
func (s *Service) StartComplaint(ctx context.Context, actor auth.Actor, id uuid.UUID) (Complaint, error) {
	return s.changeComplaint(ctx, actor, id, ComplaintStart, func(c *Complaint, now time.Time) {
		c.StartedAt = &now
	}, func(c Complaint) map[string]any {
		return map[string]any{"status": c.Status}
	})
}

// TriageComplaint records the bureau's decision and the reply the
// complainant will read.
func (s *Service) TriageComplaint(ctx context.Context, actor auth.Actor, id uuid.UUID, in Triage) (Complaint, error) {
	var fe apperr.FieldErrors
	action, ok := outcomeActions[in.Outcome]
	if !ok {
		fe.Add("outcome", "处理结果须为 resolved（已办结）、dismissed（不予受理）或 inspection（转专项检查）")
	}
	in.Reply, in.Note = strings.TrimSpace(in.Reply), strings.TrimSpace(in.Note)
	fe.Text("reply", "给投诉人的答复", in.Reply, 1, maxTriageReply)
	fe.Text("note", "内部备注", in.Note, 0, maxTriageNote)
	if err := fe.Err("处理意见有误"); err != nil {
		return Complaint{}, err
	}
	return s.changeComplaint(ctx, actor, id, action, func(c *Complaint, now time.Time) {
		outcome, by := in.Outcome, actor.UserID
		c.TriageOutcome, c.PublicReply, c.TriagedAt, c.TriagedBy = &outcome, &in.Reply, &now, &by
		if in.Note != "" {
			c.TriageNote = &in.Note
		}
	}, func(c Complaint) map[string]any {
		return map[string]any{"status": c.Status, "outcome": in.Outcome, "reply": in.Reply, "note": in.Note}
	})
}

// changeComplaint locks the complaint in scope, checks the actor is its
// bureau, applies the transition and fn, saves, and audits, in one transaction.
func (s *Service) changeComplaint(ctx context.Context, actor auth.Actor, id uuid.UUID, action ComplaintAction,
	fn func(c *Complaint, now time.Time), after func(c Complaint) map[string]any) (Complaint, error) {
	if err := bureauOnly(actor); err != nil {
		return Complaint{}, err
	}
	var out Complaint
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c, err := getComplaint(ctx, tx, &actor, &id, "", true)
		if err != nil {
			return err
		}
		before := c.Status
		to, err := ComplaintLifecycle.Apply(c.Status, action, actor.Role)
		if err != nil {
			return err
		}
		if !CanDecide(actor, c) {
			return apperr.Forbidden("该投诉由" + c.BureauName + "处理")
		}
		now := s.clock.Now().UTC()
		c.Status, c.UpdatedAt = to, now
		fn(&c, now)
		if err := saveComplaint(ctx, tx, c, actor); err != nil {
			return err
		}
		out = c
		if out.TriagedBy != nil {
			out.TriagedByName = actor.DisplayName
		}
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "complaint." + string(action), SubjectType: "complaint",
			SubjectID: c.ID.String(), DivisionCode: c.DivisionCode, Before: map[string]any{"status": before}, After: after(c)})
	})
	return out, err
}

// ComplaintTodos is the complaints' part of the to-do feed: the complaints
// a bureau must decide, those routed to it and not those of the counties
// below, which are the counties' to decide.
func (s *Service) ComplaintTodos(ctx context.Context, actor auth.Actor) ([]todos.Item, error) {
	if actor.Role != auth.RoleBureauAuditor || actor.OrgID == nil {
		return nil, nil
	}
	list, err := openComplaintsOf(ctx, s.pool, *actor.OrgID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	out := make([]todos.Item, 0, len(list))
	for _, c := range list {
		due := clock.BusinessDay(c.CreatedAt).AddDays(triageDueDays)
		days := c.DaysWaiting(now)
		about := c.SchoolName
		if about == "" {
			about = c.EnterpriseName
		}
		if about == "" {
			about = "未指明学校或单位"
		}
		it := todos.Item{Kind: "complaint.triage", Title: "处理投诉：" + c.Reference,
			Detail:  fmt.Sprintf("%s · 已等待 %d 天 · %s", c.Status.Name(), days, about),
			Subject: todos.Subject{Type: "complaint", ID: c.ID}, DueOn: &due, Severity: todos.Serious, Link: "/complaints/" + c.ID.String()}
		if days > triageDueDays {
			it.Severity = todos.Critical
		}
		out = append(out, it)
	}
	return out, nil
}

// LinkFinding records, in the caller's transaction, that a complaint
// referred to inspection became finding (the inspections domain calls it as
// it records the finding, so both sides link or neither does). Only the
// bureau the complaint reached may do so, once.
func (s *Service) LinkFinding(ctx context.Context, tx pgx.Tx, actor auth.Actor, complaintID, findingID uuid.UUID) error {
	c, err := getComplaint(ctx, tx, &actor, &complaintID, "", true)
	if err != nil {
		return err
	}
	if !CanDecide(actor, c) {
		return apperr.Forbidden("该投诉由" + c.BureauName + "处理")
	}
	if c.Status != ComplaintReferred || c.FindingID != nil {
		return apperr.Conflict("COMPLAINT_NOT_REFERRED", "只有已转专项检查、且尚未形成问题记录的投诉可以转为问题")
	}
	if err := linkFinding(ctx, tx, c.ID, findingID, s.clock.Now().UTC()); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "complaint.link_finding", SubjectType: "complaint",
		SubjectID: c.ID.String(), DivisionCode: c.DivisionCode, After: map[string]any{"finding_id": findingID}})
}

// ReferredComplaints are the complaints a bureau referred to inspection that
// no finding records yet: its to-do until one does.
func (s *Service) ReferredComplaints(ctx context.Context, bureau uuid.UUID) ([]Complaint, error) {
	return referredComplaintsOf(ctx, s.pool, bureau)
}
