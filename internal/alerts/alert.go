// Package alerts is Huhang's early warning (预警, domain.md §7): the outbox
// relay into a Redis stream, the consumers that turn messages into inbox
// entries exactly once, the periodic rule scans, the inbox with its
// lifecycle and escalation, live push (SSE) and outside channels (webhook).
package alerts

import (
	"time"

	"github.com/google/uuid"

	"huhang/internal/alerts/outbox"
	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/workflow"
)

// Status is where an alert stands.
type Status string

const (
	StatusOpen         Status = "open"
	StatusAcknowledged Status = "acknowledged"
	StatusResolved     Status = "resolved"
)

var statusNames = map[Status]string{StatusOpen: "待确认", StatusAcknowledged: "处理中", StatusResolved: "已解决"}

// Name is the status in Chinese.
func (s Status) Name() string { return statusNames[s] }

// Action moves an alert.
type Action string

const (
	ActionAck      Action = "ack"
	ActionResolve  Action = "resolve"
	ActionEscalate Action = "escalate"
)

// actors are the roles of the organisations that must act; which
// organisation of each role may act on one alert is decided by mayAct.
var actors = []auth.Role{auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin, auth.RoleBureauAuditor}

// Lifecycle: open → acknowledged → resolved, or resolved at once by someone
// who fixed it before acknowledging. Escalation leaves a critical alert open
// and hands it to the next bureau up; only the system does it.
var Lifecycle = workflow.Table[Status, Action, auth.Role]{
	Subject:   "预警",
	System:    auth.RoleSystem,
	StateName: Status.Name,
	RoleName:  auth.RoleName,
	Edges: map[Action]workflow.Edge[Status, auth.Role]{
		ActionAck:      {From: []Status{StatusOpen}, To: StatusAcknowledged, By: actors},
		ActionResolve:  {From: []Status{StatusOpen, StatusAcknowledged}, To: StatusResolved, By: actors},
		ActionEscalate: {From: []Status{StatusOpen}, To: StatusOpen},
	},
}

// Alert is one inbox entry.
type Alert struct {
	ID              uuid.UUID
	DedupeKey       string
	Rule            outbox.Rule
	Severity        outbox.Severity
	SubjectType     string
	SubjectID       uuid.UUID
	Day             clock.Date
	Title, Detail   string
	Link            string
	SchoolID        *uuid.UUID
	SchoolName      *string
	EnterpriseID    *uuid.UUID
	EnterpriseName  *string
	BureauID        *uuid.UUID
	BureauName      *string
	DivisionCode    string
	Status          Status
	RaisedAt        time.Time
	AcknowledgedAt  *time.Time
	AcknowledgedBy  *string
	ResolvedAt      *time.Time
	ResolvedBy      *string
	ResolveNote     *string
	EscalationLevel int
	EscalatedTo     *uuid.UUID
	EscalatedToName *string
	EscalatedAt     *time.Time
	History         []HistoryEntry
}

// HistoryEntry is one line of an alert's history.
type HistoryEntry struct {
	At        time.Time
	Action    string
	ActorName string
	Note      string
}

// RuleName is the rule in Chinese.
func (a Alert) RuleName() string {
	info, _ := outbox.Info(a.Rule)
	return info.Name
}

// mayAct says whether the actor belongs to an organisation that must act on
// the alert: its school or enterprise, its competent bureau, or the bureau
// it was escalated to (which takes it on beside the competent one). A
// bureau above sees its subtree's alerts but acts only once one is escalated
// to it, so a county's own work is not taken out of its hands.
func mayAct(actor auth.Actor, a Alert) bool {
	switch actor.Role {
	case auth.RoleSchoolAdmin:
		return a.SchoolID != nil && actor.InOrg(*a.SchoolID)
	case auth.RoleEnterpriseAdmin:
		return a.EnterpriseID != nil && actor.InOrg(*a.EnterpriseID)
	case auth.RoleBureauAuditor:
		return (a.BureauID != nil && actor.InOrg(*a.BureauID)) || (a.EscalatedTo != nil && actor.InOrg(*a.EscalatedTo))
	}
	return false
}

// Actions are what the actor may do with the alert now.
func Actions(actor auth.Actor, a Alert) []Action {
	out := []Action{}
	if !mayAct(actor, a) {
		return out
	}
	for _, act := range []Action{ActionAck, ActionResolve} {
		if Lifecycle.Can(a.Status, act, actor.Role) {
			out = append(out, act)
		}
	}
	return out
}

// severityRank orders the inbox: critical first.
func severityRank(s outbox.Severity) int {
	switch s {
	case outbox.Critical:
		return 0
	case outbox.Serious:
		return 1
	}
	return 2
}
