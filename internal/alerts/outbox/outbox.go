// Package outbox is how a use case raises an alert: it adds a row to the
// alert outbox inside its own transaction, so the change and its alert
// commit together or not at all (architecture.md §1, §3.4).
//
// It is a leaf like audit: duty, supervision, placements and inspections
// import it, while the alerts domain above them relays the rows to the Redis
// stream and turns them into inbox entries.
package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
)

// Rule is an alert rule of domain.md §7.
type Rule string

const (
	DutyMissed      Rule = "A-DUTY-MISSED"
	PatrolGap       Rule = "A-PATROL-GAP"
	CheckinAnomaly  Rule = "A-CHECKIN-ANOMALY"
	RestDayWork     Rule = "A-RESTDAY-WORK"
	NotFiled        Rule = "A-NOT-FILED"
	Insurance       Rule = "A-INSURANCE"
	PayMissing      Rule = "A-PAY-MISSING"
	Quota           Rule = "A-QUOTA"
	RectifyOverdue  Rule = "A-RECTIFY-OVERDUE"
	Incident        Rule = "A-INCIDENT"
	Complaint       Rule = "A-COMPLAINT"
	IncidentUnacked Rule = "A-INCIDENT-UNACKED"
	PayLow          Rule = "A-PAY-LOW"
	Fees            Rule = "A-FEES"
)

// Severity is an alert's weight, as the table of domain.md §7 gives it.
type Severity string

const (
	Minor    Severity = "minor"
	Serious  Severity = "serious"
	Critical Severity = "critical"
)

// RuleInfo is what every alert of a rule shares.
type RuleInfo struct {
	Rule     Rule
	Name     string // in Chinese, for the inbox
	Severity Severity
}

// Rules is domain.md §7's table, in its order.
var Rules = []RuleInfo{
	{DutyMissed, "值守缺勤", Serious},
	{PatrolGap, "巡查中断", Serious},
	{CheckinAnomaly, "打卡异常", Minor},
	{RestDayWork, "休息日或夜间作业", Serious},
	{NotFiled, "未备案先实习", Critical},
	{Insurance, "保险缺口", Serious},
	{PayMissing, "报酬未发放", Serious},
	{Quota, "超比例安排", Serious},
	{RectifyOverdue, "整改逾期", Serious},
	{Incident, "突发事件", Critical},
	{Complaint, "投诉举报", Serious},
	{IncidentUnacked, "突发事件未确认", Critical},
	{PayLow, "报酬低于标准", Serious},
	{Fees, "违规收费", Serious},
}

// Info looks a rule up; ok is false for an unknown one.
func Info(r Rule) (RuleInfo, bool) {
	for _, i := range Rules {
		if i.Rule == r {
			return i, true
		}
	}
	return RuleInfo{}, false
}

// Signal is one alert to raise.
type Signal struct {
	Rule        Rule
	SubjectType string // placement, plan, duty_roster, finding, incident, complaint, fee_report, pay_record
	SubjectID   uuid.UUID
	// Day is the business day the alert is about; with the rule and the
	// subject it makes the dedupe key.
	Day   clock.Date
	Title string
	// Detail is an optional second paragraph.
	Detail string
	// Link is the client route of the subject.
	Link string
	// The organisations that must act. A nil BureauID means the competent
	// bureau of DivisionCode, found when the alert is delivered.
	SchoolID     *uuid.UUID
	EnterpriseID *uuid.UUID
	BureauID     *uuid.UUID
	DivisionCode string
	// At is when the cause happened by the use case's clock; it becomes the
	// alert's raised_at, the age an auditor sorts by and escalation counts
	// from. Zero means the database's now.
	At time.Time
}

// DedupeKey is rule + subject + business day (domain.md §7): raising the
// same thing twice on one day, or delivering one message twice, makes one
// alert.
func (s Signal) DedupeKey() string {
	return fmt.Sprintf("%s|%s|%s", s.Rule, s.SubjectID, s.Day)
}

// Message is an outbox row as the stream carries it.
type Message struct {
	OutboxID int64     `json:"outbox_id"`
	Signal   Payload   `json:"signal"`
	RaisedAt time.Time `json:"raised_at"`
}

// Payload is Signal in JSON (the stream and the outbox column hold it).
type Payload struct {
	Rule         Rule       `json:"rule"`
	SubjectType  string     `json:"subject_type"`
	SubjectID    uuid.UUID  `json:"subject_id"`
	Day          string     `json:"day"`
	Title        string     `json:"title"`
	Detail       string     `json:"detail,omitempty"`
	Link         string     `json:"link,omitempty"`
	SchoolID     *uuid.UUID `json:"school_id,omitempty"`
	EnterpriseID *uuid.UUID `json:"enterprise_id,omitempty"`
	BureauID     *uuid.UUID `json:"bureau_id,omitempty"`
	DivisionCode string     `json:"division_code"`
}

// PayloadOf is s as JSON.
func PayloadOf(s Signal) Payload {
	return Payload{Rule: s.Rule, SubjectType: s.SubjectType, SubjectID: s.SubjectID, Day: s.Day.String(), Title: s.Title,
		Detail: s.Detail, Link: s.Link, SchoolID: s.SchoolID, EnterpriseID: s.EnterpriseID, BureauID: s.BureauID,
		DivisionCode: s.DivisionCode}
}

// Signal turns a payload read back from the stream into a Signal, checking
// what a hand-made or damaged message could get wrong.
func (p Payload) Signal() (Signal, error) {
	day, err := clock.ParseDate(p.Day)
	if err != nil {
		return Signal{}, fmt.Errorf("outbox: day %q: %w", p.Day, err)
	}
	s := Signal{Rule: p.Rule, SubjectType: p.SubjectType, SubjectID: p.SubjectID, Day: day, Title: p.Title, Detail: p.Detail,
		Link: p.Link, SchoolID: p.SchoolID, EnterpriseID: p.EnterpriseID, BureauID: p.BureauID, DivisionCode: p.DivisionCode}
	return s, s.check()
}

func (s Signal) check() error {
	switch {
	case s.SubjectID == uuid.Nil || s.SubjectType == "":
		return fmt.Errorf("outbox: %s without a subject", s.Rule)
	case s.Title == "":
		return fmt.Errorf("outbox: %s without a title", s.Rule)
	case len(s.DivisionCode) != 6:
		return fmt.Errorf("outbox: %s without a division", s.Rule)
	}
	if _, ok := Info(s.Rule); !ok {
		return fmt.Errorf("outbox: unknown rule %q", s.Rule)
	}
	return nil
}

// Add writes the signal into the caller's transaction. A signal missing its
// subject, title or division is a programming error and fails the
// transaction rather than raising an alert nobody could route.
func Add(ctx context.Context, db postgres.DBTX, s Signal) error {
	if err := s.check(); err != nil {
		return err
	}
	payload, err := json.Marshal(PayloadOf(s))
	if err != nil {
		return fmt.Errorf("outbox: marshal: %w", err)
	}
	var at *time.Time
	if !s.At.IsZero() {
		at = &s.At
	}
	_, err = db.Exec(ctx, `INSERT INTO alert_outbox (dedupe_key, payload, created_at) VALUES ($1, $2, COALESCE($3, now()))`,
		s.DedupeKey(), payload, at)
	return postgres.Translate(err, "outbox: add "+string(s.Rule))
}

// Masked shows a student's surname only: an alert's title travels to the
// enterprise's and the bureau's inboxes and to outside channels.
func Masked(name string) string {
	r := []rune(name)
	if len(r) == 0 {
		return "学生"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-1)
}

// Title shortens text to the 200 characters an alert's title may hold.
func Title(format string, args ...any) string {
	t := []rune(fmt.Sprintf(format, args...))
	if len(t) > 200 {
		t = append(t[:199], '…')
	}
	return string(t)
}
