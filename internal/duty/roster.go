// Package duty is teachers' on-site duty (跟岗值守, domain.md §5.3; Art 23):
// rosters the school assigns, check-ins and check-outs judged against the
// site's fence, doubt signals for a human to weigh, and coverage per roster
// and day for the school and its bureaus.
package duty

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/workflow"
)

// Status of a roster.
type Status string

const (
	StatusActive    Status = "active"
	StatusCancelled Status = "cancelled"
)

var statusNames = map[Status]string{StatusActive: "值守中", StatusCancelled: "已取消"}

// Name is the status in Chinese.
func (s Status) Name() string { return statusNames[s] }

// Action on a roster.
type Action string

const (
	ActionCreate Action = "create"
	ActionCancel Action = "cancel"
)

// Lifecycle of a roster: the school assigns it and may cancel it (a teacher
// leaves, a host closes); a cancelled roster keeps its check-ins and past
// coverage. A roster simply runs out at its end date, which needs no state.
var Lifecycle = workflow.Table[Status, Action, auth.Role]{
	Subject:   "值守安排",
	System:    auth.RoleSystem,
	StateName: Status.Name,
	RoleName:  auth.RoleName,
	Edges: map[Action]workflow.Edge[Status, auth.Role]{
		ActionCancel: {From: []Status{StatusActive}, To: StatusCancelled, By: []auth.Role{auth.RoleSchoolAdmin}},
	},
}

// TimeOfDay is a wall-clock time in Asia/Shanghai, minutes after midnight.
type TimeOfDay int

// ParseTimeOfDay reads "HH:MM".
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, fmt.Errorf("duty: time of day %q", s)
	}
	return TimeOfDay(t.Hour()*60 + t.Minute()), nil
}

// Minutes after midnight.
func (t TimeOfDay) Minutes() int { return int(t) }

func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", int(t)/60, int(t)%60) }

// On is the instant of this time on day d in Asia/Shanghai.
func (t TimeOfDay) On(d clock.Date) time.Time { return d.Time().Add(time.Duration(t) * time.Minute) }

// Roster is one duty assignment (值守安排).
type Roster struct {
	ID             uuid.UUID
	SchoolID       uuid.UUID
	SchoolName     string
	SchoolDivision string
	TeacherID      uuid.UUID
	TeacherName    string
	EnterpriseID   uuid.UUID
	EnterpriseName string
	Address        string
	Lat, Lng       float64
	FenceRadiusM   int
	StartsOn       clock.Date
	EndsOn         clock.Date
	Weekdays       []int // ISO, Monday = 1
	WindowStart    TimeOfDay
	WindowEnd      TimeOfDay
	Status         Status
	CancelReason   *string
	CancelledAt    *time.Time
	CreatedAt      time.Time
}

// Owes reports whether a duty day falls before the roster was cancelled: a
// cancelled roster owes nothing from its cancellation day on.
func (r Roster) Owes(d clock.Date) bool {
	return r.CancelledAt == nil || d.Before(clock.BusinessDay(*r.CancelledAt))
}

// isoWeekday is Monday = 1 … Sunday = 7.
func isoWeekday(d clock.Date) int {
	if w := int(d.Weekday()); w != 0 {
		return w
	}
	return 7
}

// Covers reports whether the roster's range and weekdays include day d,
// whatever its status.
func (r Roster) Covers(d clock.Date) bool {
	return !d.Before(r.StartsOn) && !r.EndsOn.Before(d) && slices.Contains(r.Weekdays, isoWeekday(d))
}

// Apply moves the roster along Lifecycle.
func (r *Roster) Apply(action Action, role auth.Role) error {
	to, err := Lifecycle.Apply(r.Status, action, role)
	if err != nil {
		return err
	}
	r.Status = to
	return nil
}

// Kind of a check event.
type Kind string

const (
	KindIn  Kind = "in"
	KindOut Kind = "out"
)

// Checkin is one stored check-in or check-out.
type Checkin struct {
	ID          uuid.UUID
	RosterID    uuid.UUID
	TeacherID   uuid.UUID
	TeacherName string
	Kind        Kind
	Lat, Lng    float64
	AccuracyM   float64
	DistanceM   int
	InFence     bool
	Anomalies   []string
	Note        string
	ClientTime  time.Time
	SentAt      time.Time
	OccurredAt  time.Time
	ReceivedAt  time.Time
	DutyDay     clock.Date
}

// DelayedS is how long the check-in waited on the phone before it arrived
// (an offline check-in sent later), by the phone's own clock.
func (c Checkin) DelayedS() int { return int(c.SentAt.Sub(c.ClientTime).Seconds()) }
