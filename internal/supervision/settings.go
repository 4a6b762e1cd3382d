package supervision

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
)

// Settings are what a school decides for its own internships: how soon an
// incident must be acknowledged, how often students log, and the weights of
// the assessment (Art 27).
type Settings struct {
	SchoolID         uuid.UUID
	IncidentAckHours int
	LogFrequency     string // daily or weekly
	ProcessWeight    int    // percent of the grade from the process; the rest is the result
	MentorWeight     int    // percent of the result from the mentor; the rest is the instructor's
	UpdatedAt        *time.Time
}

// DefaultSettings apply until a school sets its own: acknowledge within two
// hours, a weekly log, process and result half each, mentor and instructor
// half each.
func DefaultSettings(school uuid.UUID) Settings {
	return Settings{SchoolID: school, IncidentAckHours: 2, LogFrequency: "weekly", ProcessWeight: 50, MentorWeight: 50}
}

// SettingsOf reads a school's settings, the defaults when it set none.
func SettingsOf(ctx context.Context, db postgres.DBTX, school uuid.UUID) (Settings, error) {
	st := DefaultSettings(school)
	var at time.Time
	err := db.QueryRow(ctx, `SELECT incident_ack_hours, log_frequency, process_weight, mentor_weight, updated_at
		FROM supervision_settings WHERE school_id = $1`, school).Scan(&st.IncidentAckHours, &st.LogFrequency, &st.ProcessWeight, &st.MentorWeight, &at)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil
	}
	st.UpdatedAt = &at
	return st, postgres.Translate(err, "supervision: settings")
}

// CheckSettings names every out-of-range setting. The bounds keep both
// parts of Art 27 in every grade: neither process nor result, mentor nor
// instructor, may weigh less than a fifth.
func CheckSettings(st Settings) error {
	var fe apperr.FieldErrors
	if st.IncidentAckHours < 1 || st.IncidentAckHours > 72 {
		fe.Add("incident_ack_hours", "事故确认时限须为 1 到 72 小时")
	}
	if st.LogFrequency != "daily" && st.LogFrequency != "weekly" {
		fe.Add("log_frequency", "实习日志频次须为 daily（每日）或 weekly（每周）")
	}
	if st.ProcessWeight < 20 || st.ProcessWeight > 80 {
		fe.Add("process_weight", "过程考核权重须为 20% 到 80%")
	}
	if st.MentorWeight < 20 || st.MentorWeight > 80 {
		fe.Add("mentor_weight", "企业导师评价权重须为 20% 到 80%")
	}
	return fe.Err("考核与管理设置有误")
}

// Settings reads the actor's school's settings.
func (s *Service) Settings(ctx context.Context, actor auth.Actor) (Settings, error) {
	if actor.Role != auth.RoleSchoolAdmin || actor.OrgID == nil {
		return Settings{}, apperr.Forbidden("只有学校管理员可以查看本校的实习管理设置")
	}
	return SettingsOf(ctx, s.pool, *actor.OrgID)
}

// SetSettings replaces the actor's school's settings.
func (s *Service) SetSettings(ctx context.Context, actor auth.Actor, in Settings) (Settings, error) {
	if actor.Role != auth.RoleSchoolAdmin || actor.OrgID == nil {
		return Settings{}, apperr.Forbidden("只有学校管理员可以修改本校的实习管理设置")
	}
	in.SchoolID = *actor.OrgID
	if err := CheckSettings(in); err != nil {
		return Settings{}, err
	}
	var out Settings
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := SettingsOf(ctx, tx, in.SchoolID)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		_, err = tx.Exec(ctx, `INSERT INTO supervision_settings (school_id, incident_ack_hours, log_frequency, process_weight, mentor_weight, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (school_id) DO UPDATE SET incident_ack_hours = EXCLUDED.incident_ack_hours, log_frequency = EXCLUDED.log_frequency,
			  process_weight = EXCLUDED.process_weight, mentor_weight = EXCLUDED.mentor_weight, updated_at = EXCLUDED.updated_at`,
			in.SchoolID, in.IncidentAckHours, in.LogFrequency, in.ProcessWeight, in.MentorWeight, now)
		if err != nil {
			return postgres.Translate(err, "supervision: save settings")
		}
		out = in
		out.UpdatedAt = &now
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "supervision_settings.update", SubjectType: "org",
			SubjectID: in.SchoolID.String(), DivisionCode: actor.DivisionCode, Before: settingsJSONOf(before), After: settingsJSONOf(out)})
	})
	return out, err
}

type settingsJSON struct {
	IncidentAckHours int        `json:"incident_ack_hours"`
	LogFrequency     string     `json:"log_frequency"`
	ProcessWeight    int        `json:"process_weight"`
	MentorWeight     int        `json:"mentor_weight"`
	UpdatedAt        *time.Time `json:"updated_at"`
}

func settingsJSONOf(st Settings) settingsJSON {
	return settingsJSON{IncidentAckHours: st.IncidentAckHours, LogFrequency: st.LogFrequency, ProcessWeight: st.ProcessWeight,
		MentorWeight: st.MentorWeight, UpdatedAt: st.UpdatedAt}
}

type settingsRequest struct {
	IncidentAckHours int    `json:"incident_ack_hours"`
	LogFrequency     string `json:"log_frequency"`
	ProcessWeight    int    `json:"process_weight"`
	MentorWeight     int    `json:"mentor_weight"`
}

func settingsRoutes(authed *gin.RouterGroup, h handlers) {
	school := auth.RequireRole(auth.RoleSchoolAdmin)
	authed.GET("/supervision/settings", school, auth.Answer(http.StatusOK, func(c *gin.Context, a auth.Actor) (settingsJSON, error) {
		st, err := h.svc.Settings(c.Request.Context(), a)
		return settingsJSONOf(st), err
	}))
	authed.PUT("/supervision/settings", school, auth.BindAnswer(http.StatusOK, func(c *gin.Context, a auth.Actor, req settingsRequest) (settingsJSON, error) {
		st, err := h.svc.SetSettings(c.Request.Context(), a, Settings{IncidentAckHours: req.IncidentAckHours, LogFrequency: req.LogFrequency,
			ProcessWeight: req.ProcessWeight, MentorWeight: req.MentorWeight})
		return settingsJSONOf(st), err
	}))
}
