package supervision

import (
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/placements"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
)

// Shared by the student parts (logs, leave, assessment, archive). Names
// carry a "students" prefix because the package is written by several
// hands at once and plain helper names would collide.

// studentsDayOf reads a PostgreSQL date (scanned at midnight UTC) as a business day.
func studentsDayOf(t time.Time) clock.Date {
	return clock.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// studentsPgDay is a business day as pgx writes a date.
func studentsPgDay(d clock.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// internshipTookPlace reports whether the student was (or is) at the host:
// logs, leave and assessment concern only such placements. A placement
// ended early (terminated, transferred) still had days worth logging and
// assessing.
func internshipTookPlace(p placements.Placement) bool {
	switch p.Status {
	case placements.StatusActive, placements.StatusCompleted, placements.StatusTerminated, placements.StatusTransferred:
		return true
	}
	return false
}

// studentsParseID reads a path or body id; a malformed one is a missing record.
func studentsParseID(raw, what string) (uuid.UUID, error) {
	id, err := uuid.Parse(raw)
	if err != nil {
		return uuid.Nil, apperr.NotFound(what + "不存在")
	}
	return id, nil
}

// reviewSide is the side a reviewer speaks for: the school instructor or
// the enterprise mentor.
func reviewSide(s Side) bool { return s == SideSchool || s == SideEnterprise }

var sideNames = map[Side]string{SideSchool: "学校指导教师", SideEnterprise: "企业导师", SideStudent: "学生"}

// actorIsSchoolAdminOf reports whether the actor administers the placement's school.
func actorIsSchoolAdminOf(actor auth.Actor, p placements.Placement) bool {
	return actor.Role == auth.RoleSchoolAdmin && actor.InOrg(p.SchoolID)
}
