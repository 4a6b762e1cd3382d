package plans

import (
	"context"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/redisx"
	"huhang/internal/platform/web"
)

// Public verification of a filing: the printed 备案表 carries a QR code of
// /verify/{filing_no}?c={code}, and anyone, typically a parent, can check
// in seconds that the internship offered to their child is filed, with whom
// and by which bureau. The code is a keyed hash of the filing number, so
// the numbers, which are sequential, cannot be walked to list every plan.

// FilingSigner keys the verification codes; *pii.Keyring is one. Hashes
// lists the codes under every configured key, so codes printed before a key
// rotation still verify.
type FilingSigner interface {
	Hash(value string) []byte
	Hashes(value string) [][]byte
}

// UseFilingVerification wires the key of the codes and Redis for the public
// route's rate limit. Without a signer no plan carries a verify_url.
func (s *Service) UseFilingVerification(signer FilingSigner, rdb *redisx.Client) {
	s.signer, s.rdb = signer, rdb
}

// VerifyCodeLength is the printed code's length: 40 bits in base32, enough
// that guessing one number's code at the rate limit would take decades.
const VerifyCodeLength = 8

// FilingVerifyRates are what one client address may check.
var FilingVerifyRates = []auth.Rate{{Max: 30, Per: time.Minute}, {Max: 300, Per: 24 * time.Hour}}

func codeOf(sum []byte) string {
	return base32.StdEncoding.EncodeToString(sum)[:VerifyCodeLength]
}

func filingMessage(filingNo string) string { return "filing-verify\n" + filingNo }

// VerifyURL is the path printed as a QR code on the filing form, or "" when
// the plan has no filing number or no signer is configured.
func (s *Service) VerifyURL(filingNo *string) string {
	if filingNo == nil || s.signer == nil {
		return ""
	}
	return "/verify/" + url.PathEscape(*filingNo) + "?c=" + codeOf(s.signer.Hash(filingMessage(*filingNo)))
}

// PublicFiling is what the verification page shows: the filing and who
// stands behind it, no personal data.
type PublicFiling struct {
	FilingNo    string
	Status      Status
	SchoolName  string
	HostNames   []string
	StartsOn    clock.Date
	EndsOn      clock.Date
	BureauName  string
	ApprovedOn  *clock.Date
	Title       string
	PlanType    string
	PlannedSize int
}

// VerifyFiling answers the public check. An unknown number and a wrong code
// answer alike (404), so the route tells nothing to someone guessing.
func (s *Service) VerifyFiling(ctx context.Context, clientIP, filingNo, code string) (PublicFiling, error) {
	notFound := apperr.NotFound("备案编号或校验码不正确，请核对备案表上的二维码")
	if s.signer == nil {
		return PublicFiling{}, notFound
	}
	if err := auth.Limit(ctx, s.rdb, "filing-verify:"+auth.ClientKey(clientIP), s.clock.Now(), "服务暂时繁忙，请稍后再试",
		"查询过于频繁，请 %d 秒后再试", FilingVerifyRates...); err != nil {
		return PublicFiling{}, err
	}
	filingNo = strings.TrimSpace(filingNo)
	code = strings.ToUpper(strings.TrimSpace(code))
	match := 0
	for _, sum := range s.signer.Hashes(filingMessage(filingNo)) {
		match |= subtle.ConstantTimeCompare([]byte(codeOf(sum)), []byte(code))
	}
	if match != 1 {
		return PublicFiling{}, notFound
	}
	f, err := publicFiling(ctx, s.pool, filingNo)
	if apperr.KindOf(err) == apperr.KindNotFound {
		return PublicFiling{}, notFound
	}
	return f, err
}

// publicFiling reads the filed plan with its school's, hosts' and approving
// bureau's names (JOINs to orgs, posts and plan_posts, read only).
func publicFiling(ctx context.Context, db postgres.DBTX, filingNo string) (PublicFiling, error) {
	var (
		f            PublicFiling
		starts, ends time.Time
		approvedAt   *time.Time
	)
	err := db.QueryRow(ctx, `SELECT p.filing_no, p.status, s.name, p.starts_on, p.ends_on, COALESCE(b.name, ''), p.approved_at,
		p.title, p.type, COALESCE((SELECT sum(pp.planned_count) FROM plan_posts pp WHERE pp.plan_id = p.id), 0),
		ARRAY(SELECT DISTINCT e.name FROM plan_posts pp JOIN posts po ON po.id = pp.post_id JOIN orgs e ON e.id = po.enterprise_id
			WHERE pp.plan_id = p.id ORDER BY 1)
		FROM plans p JOIN orgs s ON s.id = p.school_id
		LEFT JOIN orgs b ON b.kind = 'bureau' AND b.division_code = p.review_division
		WHERE p.filing_no = $1`, filingNo).Scan(&f.FilingNo, &f.Status, &f.SchoolName, &starts, &ends, &f.BureauName, &approvedAt,
		&f.Title, &f.PlanType, &f.PlannedSize, &f.HostNames)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, apperr.NotFound("")
	}
	if err != nil {
		return f, postgres.Translate(err, "plans: public filing")
	}
	f.StartsOn, f.EndsOn = clock.DateFromSQL(starts), clock.DateFromSQL(ends)
	if approvedAt != nil {
		d := clock.BusinessDay(*approvedAt)
		f.ApprovedOn = &d
	}
	return f, nil
}

type publicFilingJSON struct {
	FilingNo    string   `json:"filing_no"`
	Status      Status   `json:"status"`
	StatusName  string   `json:"status_name"`
	Valid       bool     `json:"valid"`
	Title       string   `json:"title"`
	Type        string   `json:"type"`
	SchoolName  string   `json:"school_name"`
	HostNames   []string `json:"host_names"`
	PlannedSize int      `json:"planned_count"`
	StartsOn    string   `json:"starts_on"`
	EndsOn      string   `json:"ends_on"`
	BureauName  string   `json:"bureau_name"`
	ApprovedOn  *string  `json:"approved_on"`
}

func (h handlers) verifyFiling(c *gin.Context) error {
	f, err := h.svc.VerifyFiling(c.Request.Context(), c.ClientIP(), c.Param("filing_no"), c.Query("c"))
	if err != nil {
		return err
	}
	out := publicFilingJSON{FilingNo: f.FilingNo, Status: f.Status, StatusName: statusNames[f.Status], Title: f.Title, Type: f.PlanType,
		SchoolName: f.SchoolName, HostNames: nonNil(f.HostNames), PlannedSize: f.PlannedSize, StartsOn: f.StartsOn.String(),
		EndsOn: f.EndsOn.String(), BureauName: f.BureauName,
		// Filed and in force: approved, under way or done; a revoked filing says so.
		Valid: f.Status == StatusApproved || f.Status == StatusInProgress || f.Status == StatusCompleted}
	if f.ApprovedOn != nil {
		d := f.ApprovedOn.String()
		out.ApprovedOn = &d
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
	return nil
}

// PublicRoutes mounts the routes that need no sign-in.
func PublicRoutes(public *gin.RouterGroup, svc *Service) {
	h := handlers{svc: svc}
	public.GET("/public/filings/:filing_no", web.Handle(h.verifyFiling))
}
