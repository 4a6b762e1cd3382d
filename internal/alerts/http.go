package alerts

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/alerts/outbox"
	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/web"
)

type handlers struct {
	svc    *Service
	reauth Reauth
}

// Reauth checks a bearer token again (auth.Service.Authenticate): a live
// stream asks at every heartbeat whether its session still stands.
type Reauth func(ctx context.Context, bearer string) (auth.Actor, error)

// Routes mounts the inbox. Every signed-in user may ask; the scope decides
// what they see (a teacher's inbox is empty: the school acts on alerts).
func Routes(authed *gin.RouterGroup, svc *Service, reauth Reauth) {
	h := handlers{svc, reauth}
	authed.GET("/alerts", auth.Answer(http.StatusOK, h.list))
	authed.GET("/alerts/summary", auth.Answer(http.StatusOK, h.summary))
	authed.GET("/alerts/stream", web.Handle(h.stream))
	authed.GET("/alerts/:id", auth.Answer(http.StatusOK, h.get))
	actors := auth.RequireRole(actors...)
	authed.POST("/alerts/:id/ack", actors, auth.Answer(http.StatusOK, h.step(ActionAck)))
	authed.POST("/alerts/:id/resolve", actors, auth.Answer(http.StatusOK, h.step(ActionResolve)))
}

type subjectJSON struct {
	Type string    `json:"type"`
	ID   uuid.UUID `json:"id"`
}

type historyJSON struct {
	At        time.Time `json:"at"`
	Action    string    `json:"action"`
	ActorName string    `json:"actor_name"`
	Note      string    `json:"note"`
}

// AlertJSON is an alert as the API, the live stream and the webhook show it.
type AlertJSON struct {
	ID                 uuid.UUID       `json:"id"`
	Rule               outbox.Rule     `json:"rule"`
	RuleName           string          `json:"rule_name"`
	Severity           outbox.Severity `json:"severity"`
	Status             Status          `json:"status"`
	Title              string          `json:"title"`
	Detail             string          `json:"detail"`
	Subject            subjectJSON     `json:"subject"`
	Link               string          `json:"link"`
	SchoolID           *uuid.UUID      `json:"school_id"`
	SchoolName         *string         `json:"school_name"`
	EnterpriseID       *uuid.UUID      `json:"enterprise_id"`
	EnterpriseName     *string         `json:"enterprise_name"`
	BureauID           *uuid.UUID      `json:"bureau_id"`
	BureauName         *string         `json:"bureau_name"`
	DivisionCode       string          `json:"division_code"`
	BusinessDay        string          `json:"business_day"`
	RaisedAt           time.Time       `json:"raised_at"`
	AcknowledgedAt     *time.Time      `json:"acknowledged_at"`
	AcknowledgedByName *string         `json:"acknowledged_by_name"`
	ResolvedAt         *time.Time      `json:"resolved_at"`
	ResolvedByName     *string         `json:"resolved_by_name"`
	ResolveNote        *string         `json:"resolve_note"`
	EscalationLevel    int             `json:"escalation_level"`
	EscalatedToID      *uuid.UUID      `json:"escalated_to_id"`
	EscalatedToName    *string         `json:"escalated_to_name"`
	EscalatedAt        *time.Time      `json:"escalated_at"`
	Actions            []Action        `json:"actions"`
	History            []historyJSON   `json:"history,omitempty"`
}

// toJSON renders the alert; actor nil (live stream, webhook) leaves the
// actions empty, to be filled per reader.
func toJSON(a Alert, actor *auth.Actor) AlertJSON {
	j := AlertJSON{ID: a.ID, Rule: a.Rule, RuleName: a.RuleName(), Severity: a.Severity, Status: a.Status, Title: a.Title,
		Detail: a.Detail, Subject: subjectJSON{Type: a.SubjectType, ID: a.SubjectID}, Link: a.Link,
		SchoolID: a.SchoolID, SchoolName: a.SchoolName, EnterpriseID: a.EnterpriseID, EnterpriseName: a.EnterpriseName,
		BureauID: a.BureauID, BureauName: a.BureauName, DivisionCode: a.DivisionCode, BusinessDay: a.Day.String(),
		RaisedAt: a.RaisedAt, AcknowledgedAt: a.AcknowledgedAt, AcknowledgedByName: a.AcknowledgedBy, ResolvedAt: a.ResolvedAt,
		ResolvedByName: a.ResolvedBy, ResolveNote: a.ResolveNote, EscalationLevel: a.EscalationLevel,
		EscalatedToID: a.EscalatedTo, EscalatedToName: a.EscalatedToName, EscalatedAt: a.EscalatedAt, Actions: []Action{}}
	if actor != nil {
		j.Actions = Actions(*actor, a)
	}
	for _, h := range a.History {
		j.History = append(j.History, historyJSON(h))
	}
	return j
}

// alert is the inverse of toJSON for what scoping and actions need, used on
// entries read back from the live stream.
func (j AlertJSON) alert() Alert {
	return Alert{ID: j.ID, Rule: j.Rule, Severity: j.Severity, Status: j.Status, SchoolID: j.SchoolID,
		EnterpriseID: j.EnterpriseID, BureauID: j.BureauID, DivisionCode: j.DivisionCode, EscalatedTo: j.EscalatedToID}
}

var severities = map[outbox.Severity]bool{outbox.Minor: true, outbox.Serious: true, outbox.Critical: true}

func (h handlers) list(c *gin.Context, a auth.Actor) (web.ListBody[AlertJSON], error) {
	var fe apperr.FieldErrors
	page, key, err := web.KeyedPageFrom(c, ParseKey)
	var paging *apperr.Error
	if errors.As(err, &paging) {
		// Named together with the filters below, not one request at a time.
		if details, ok := paging.Details.([]apperr.FieldError); ok {
			for _, d := range details {
				fe.Add(d.Field, d.Message)
			}
		}
	} else if err != nil {
		return web.ListBody[AlertJSON]{}, err
	}
	f := Filter{Status: c.Query("status"), Severity: outbox.Severity(c.Query("severity")), Rule: outbox.Rule(c.Query("rule")),
		After: key, Limit: page.Fetch()}
	if _, ok := statusNames[Status(f.Status)]; f.Status != "" && f.Status != "active" && !ok {
		fe.Add("status", "状态只能是 open、acknowledged、resolved 或 active")
	}
	if f.Severity != "" && !severities[f.Severity] {
		fe.Add("severity", "级别只能是 minor、serious 或 critical")
	}
	if _, ok := outbox.Info(f.Rule); f.Rule != "" && !ok {
		fe.Add("rule", "未知的预警规则")
	}
	if err := fe.Err("筛选条件有误"); err != nil {
		return web.ListBody[AlertJSON]{}, err
	}
	list, err := h.svc.List(c.Request.Context(), a, f)
	if err != nil {
		return web.ListBody[AlertJSON]{}, err
	}
	body := web.Paged(list, page, func(al Alert) string { return KeyOf(al).String() })
	return web.ListBody[AlertJSON]{Items: web.Map(body.Items, func(al Alert) AlertJSON { return toJSON(al, &a) }),
		NextCursor: body.NextCursor}, nil
}

type summaryJSON struct {
	Open         int `json:"open"`
	Acknowledged int `json:"acknowledged"`
	OpenCritical int `json:"open_critical"`
	ToAct        int `json:"to_act"`
}

func (h handlers) summary(c *gin.Context, a auth.Actor) (summaryJSON, error) {
	s, err := h.svc.Summary(c.Request.Context(), a)
	return summaryJSON(s), err
}

func (h handlers) get(c *gin.Context, a auth.Actor) (AlertJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Alert, error) { return h.svc.Get(c.Request.Context(), a, id) },
		func(al Alert) AlertJSON { return toJSON(al, &a) })
}

type noteRequest struct {
	Note string `json:"note"`
}

// step acknowledges or resolves. The acknowledgement's note is optional, so
// its body may be empty.
func (h handlers) step(action Action) func(c *gin.Context, a auth.Actor) (AlertJSON, error) {
	return func(c *gin.Context, a auth.Actor) (AlertJSON, error) {
		id, err := web.PathUUID(c, "id")
		if err != nil {
			return AlertJSON{}, err
		}
		var req noteRequest
		if action == ActionResolve || !emptyBody(c) {
			if err := web.BindJSON(c, &req); err != nil {
				return AlertJSON{}, err
			}
		}
		al, err := h.svc.change(c.Request.Context(), a, id, action, req.Note)
		return toJSON(al, &a), err
	}
}

// emptyBody reports a body that says nothing (none, or JSON null), which
// an acknowledgement without a note may send; the body stays readable.
func emptyBody(c *gin.Context) bool {
	if c.Request.Body == nil {
		return true
	}
	raw, err := io.ReadAll(io.LimitReader(c.Request.Body, 1<<16))
	if err != nil {
		return false
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(raw))
	trimmed := strings.TrimSpace(string(raw))
	return trimmed == "" || trimmed == "null"
}
