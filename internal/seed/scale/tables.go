package scale

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"huhang/internal/plans"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
)

// writer turns the world into rows, one COPY per table (or a few, for a
// table filled from several kinds of source), and keeps the report.
type writer struct {
	tx     pgx.Tx
	log    io.Writer
	report Report
	hash   string
	audits []auditRow // gathered from every step, written last
}

// copy writes n rows built by row into table and reports them.
func (wr *writer) copy(ctx context.Context, table string, cols []string, n int, row func(i int) []any) error {
	began := time.Now()
	got, err := wr.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil }))
	if err != nil {
		return fmt.Errorf("scale: copy %s: %w", table, err)
	}
	wr.note(table, got, time.Since(began))
	return nil
}

// copyStream writes the rows next yields until it says no more.
func (wr *writer) copyStream(ctx context.Context, table string, cols []string, next func() ([]any, bool)) error {
	began := time.Now()
	got, err := wr.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		row, ok := next()
		if !ok {
			return nil, nil
		}
		return row, nil
	}))
	if err != nil {
		return fmt.Errorf("scale: copy %s: %w", table, err)
	}
	wr.note(table, got, time.Since(began))
	return nil
}

// note adds to the table's line of the report and prints it.
func (wr *writer) note(table string, rows int64, d time.Duration) {
	i := slices.IndexFunc(wr.report.Tables, func(t TableReport) bool { return t.Table == table })
	if i < 0 {
		wr.report.Tables = append(wr.report.Tables, TableReport{Table: table})
		i = len(wr.report.Tables) - 1
	}
	t := &wr.report.Tables[i]
	t.Rows += rows
	t.Elapsed += d
	fmt.Fprintf(wr.log, "%-22s %9d rows %7.1fs\n", table, rows, d.Seconds())
}

func day(d clock.Date) time.Time { return d.SQL() }

func clockTime(hour, minute int) pgtype.Time {
	return pgtype.Time{Microseconds: int64(hour*60+minute) * 60_000_000, Valid: true}
}

// opt is a nullable value: nil for the zero value.
func optTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func optText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func optUUID(id uuid.UUID) any {
	if id == uuid.Nil {
		return nil
	}
	return id
}

func (wr *writer) divisions(ctx context.Context, w *world) error {
	var gen []county
	for _, c := range w.counties {
		if c.generated {
			gen = append(gen, c)
		}
	}
	return wr.copy(ctx, "divisions", []string{"code", "name", "parent_code", "level"}, len(gen), func(i int) []any {
		c := gen[i]
		return []any{c.code, c.name, w.cities[c.city].code, "county"}
	})
}

// orgRow is one row of orgs.
type orgRow struct {
	id                           uuid.UUID
	kind, name, division, credit string
	created                      time.Time
}

func (wr *writer) orgs(ctx context.Context, w *world) error {
	since := at(w.today.AddDays(-400), 9, 0)
	rows := []orgRow{{w.province.id, "bureau", w.province.name, w.province.code, "", since}}
	for _, b := range w.bureaus {
		rows = append(rows, orgRow{b.id, "bureau", b.name, b.code, "", since})
	}
	for _, s := range w.schools {
		rows = append(rows, orgRow{s.id, "school", s.name, s.division, "", since.Add(time.Hour)})
	}
	for _, e := range w.enterprises {
		rows = append(rows, orgRow{e.id, "enterprise", e.name, e.division, e.credit, since.Add(2 * time.Hour)})
	}
	return wr.copy(ctx, "orgs", []string{"id", "kind", "name", "division_code", "credit_code", "created_at"}, len(rows), func(i int) []any {
		r := rows[i]
		return []any{r.id, r.kind, r.name, r.division, optText(r.credit), r.created}
	})
}

func (wr *writer) enterprisesAndPosts(ctx context.Context, w *world) error {
	updated := at(w.today.AddDays(-300), 10, 0)
	err := wr.copy(ctx, "enterprises", []string{"org_id", "industry", "address", "lat", "lng", "fence_radius_m", "headcount",
		"registered_by_org", "updated_at"}, len(w.enterprises), func(i int) []any {
		e := w.enterprises[i]
		var by any
		if e.registeredBy >= 0 {
			by = w.schools[e.registeredBy].id
		}
		address := fmt.Sprintf("%s%s%d号", e.divisionName, roads[e.n%len(roads)], 1+e.n%300)
		return []any{e.id, industries[e.industry].name, address, e.lat, e.lng, e.radius, e.headcount, by, updated}
	})
	if err != nil {
		return err
	}
	err = wr.copy(ctx, "posts", []string{"id", "enterprise_id", "name", "major_category", "headcount", "hours_per_day",
		"hours_per_week", "shift_start", "shift_end", "break_minutes", "labour_grade", "wage_fen", "created_at"}, len(w.posts), func(i int) []any {
		p := w.posts[i]
		in := industries[w.enterprises[p.ent].industry]
		// Nine hours with an hour's lunch: eight of work (R-HOURS, Art 17).
		return []any{p.id, w.enterprises[p.ent].id, p.name, in.category, p.headcount, pgtype.Numeric{Int: bigInt(8), Valid: true},
			pgtype.Numeric{Int: bigInt(40), Valid: true}, clockTime(8, 30), clockTime(17, 30), 60, in.grade, p.wage, updated}
	})
	if err != nil {
		return err
	}
	type host struct {
		school, ent int
		assessed    clock.Date
	}
	var hosts []host
	for si, s := range w.schools {
		assessed := w.today.AddDays(-250 - si%60)
		for _, e := range slices.Concat(s.hosts, s.extraHostOnly) {
			hosts = append(hosts, host{si, e, assessed})
		}
	}
	return wr.copy(ctx, "school_hosts", []string{"school_id", "enterprise_id", "assessed_on", "report", "approved_on", "created_at"},
		len(hosts), func(i int) []any {
			h := hosts[i]
			return []any{w.schools[h.school].id, w.enterprises[h.ent].id, day(h.assessed),
				"学校组织实地考察：场地、安全生产条件、岗位设置与带教力量符合实习要求。", day(h.assessed.AddDays(10)), at(h.assessed.AddDays(10), 16, 0)}
		})
}

type userRow struct {
	id             uuid.UUID
	username, name string
	role           string
	org            uuid.UUID
}

func (wr *writer) users(ctx context.Context, w *world) error {
	hash, err := passwordHash(w.o.Seed)
	if err != nil {
		return err
	}
	wr.hash = hash
	rows := []userRow{{w.rootID, "root", "平台管理员", "platform_admin", uuid.Nil},
		{w.province.userID, "b" + w.province.code, w.province.userName, "bureau_auditor", w.province.id}}
	for _, b := range w.bureaus {
		rows = append(rows, userRow{b.userID, "b" + b.code, b.userName, "bureau_auditor", b.id})
	}
	for _, s := range w.schools {
		rows = append(rows, userRow{s.adminID, fmt.Sprintf("sa%d", s.n), s.adminName, "school_admin", s.id})
		for j, t := range s.teachers {
			rows = append(rows, userRow{t, fmt.Sprintf("t%d_%d", s.n, j+1), s.teacherNames[j], "teacher", s.id})
		}
	}
	for _, e := range w.enterprises {
		rows = append(rows, userRow{e.adminID, fmt.Sprintf("ea%d", e.n), e.adminName, "enterprise_admin", e.id})
		for k, m := range e.mentors {
			name := fmt.Sprintf("men%d", e.n)
			if k > 0 {
				name = fmt.Sprintf("men%d_%d", e.n, k+1)
			}
			rows = append(rows, userRow{m, name, e.mentorNames[k], "enterprise_mentor", e.id})
		}
	}
	for _, st := range w.students {
		if st.userID != uuid.Nil {
			rows = append(rows, userRow{st.userID, "st" + lower(st.no), st.name, "student", w.schools[st.school].id})
		}
	}
	created := at(w.today.AddDays(-200), 9, 0)
	return wr.copy(ctx, "users", []string{"id", "username", "password_hash", "display_name", "role", "org_id", "created_at"},
		len(rows), func(i int) []any {
			r := rows[i]
			return []any{r.id, r.username, hash, r.name, r.role, optUUID(r.org), created}
		})
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// studentIDPurpose is the associated data the students service seals ID
// numbers with; a different one would not open.
const studentIDPurpose = "students.id_number"

// placeholderKey names ciphertext that nothing can open (Options.Keys nil).
const placeholderKey = "scale-unsealed"

func (wr *writer) students(ctx context.Context, w *world) error {
	created := at(w.seniorOn.AddDays(20), 10, 0)
	return wr.copy(ctx, "students", []string{"id", "school_id", "user_id", "student_no", "name", "id_cipher", "id_key_id", "id_hash",
		"id_masked", "gender", "birth_date", "major", "major_category", "enrolled_on", "class_name", "created_at", "updated_at"},
		len(w.students), func(i int) []any {
			st := w.students[i]
			var cipher, hash []byte
			keyID := placeholderKey
			if w.o.Keys != nil {
				cipher, keyID = w.o.Keys.Seal(st.idNumber, studentIDPurpose)
				hash = w.o.Keys.Hash(st.idNumber)
			} else {
				sum := sha256.Sum256([]byte(st.idNumber))
				cipher, hash = []byte{0}, sum[:]
			}
			gender, enrolled := "male", w.juniorOn
			if st.female {
				gender = "female"
			}
			if st.senior {
				enrolled = w.seniorOn
			}
			m := majorList[st.major]
			return []any{st.id, w.schools[st.school].id, optUUID(st.userID), st.no, st.name, cipher, keyID, hash,
				ids.MaskIDNumber(st.idNumber), gender, day(st.birth), m.name, m.category, day(enrolled), st.class, created, created}
		})
}

var planTexts = struct{ content, safety, emergency, insurance string }{
	"在实习单位跟岗学习本专业岗位的操作规范、质量要求与安全规程，由企业导师带教、学校教师巡查。",
	"岗前安全教育与考核合格后上岗；劳动防护用品由实习单位配发；每日巡查并记录。",
	"实习单位与学校建立应急联络机制，突发情况 30 分钟内报告学校与主管教育局。",
	"学校统一投保实习责任保险，覆盖实习全程，不由学生缴费。",
}

func (wr *writer) plans(ctx context.Context, w *world) error {
	err := wr.copy(ctx, "plans", []string{"id", "school_id", "status", "version", "type", "title", "major", "major_category", "cohort",
		"starts_on", "ends_on", "content", "safety_measures", "emergency_plan", "insurance_arrangement", "review_division",
		"filing_no", "approved_at", "submitted_at", "created_at", "updated_at"}, len(w.plans), func(i int) []any {
		p := &w.plans[i]
		s := w.schools[p.school]
		m := majorList[p.major]
		version := 2 // the number the next submission will carry: one version was submitted
		var approved any
		switch p.status {
		case planDraft:
			version = 1
		case planApproved, planInProgress, planCompleted:
			approved = p.reviewed
		}
		return []any{p.id, s.id, p.status, version, p.kind, p.title, m.name, m.category, p.cohort, day(p.starts), day(p.ends),
			planTexts.content, planTexts.safety, planTexts.emergency, planTexts.insurance, s.division, optText(p.filingNo), approved,
			optTime(p.submitted), p.created, p.updated()}
	})
	if err != nil {
		return err
	}
	type planPost struct{ plan, post, planned int }
	var pps []planPost
	for pi, p := range w.plans {
		for k, po := range p.posts {
			pps = append(pps, planPost{pi, po, p.planned[k]})
		}
	}
	err = wr.copy(ctx, "plan_posts", []string{"plan_id", "post_id", "enterprise_id", "planned_count", "pay_fen"}, len(pps), func(i int) []any {
		pp := pps[i]
		po := w.posts[pp.post]
		return []any{w.plans[pp.plan].id, po.id, w.enterprises[po.ent].id, max(1, pp.planned), payOf(po)}
	})
	if err != nil {
		return err
	}
	type staff struct {
		plan int
		user uuid.UUID
		kind string
	}
	var ss []staff
	for pi, p := range w.plans {
		for _, t := range p.instructors {
			ss = append(ss, staff{pi, w.schools[p.school].teachers[t], "instructor"})
		}
		for _, m := range p.mentors {
			ss = append(ss, staff{pi, m, "mentor"})
		}
	}
	err = wr.copy(ctx, "plan_staff", []string{"plan_id", "user_id", "kind"}, len(ss), func(i int) []any {
		return []any{w.plans[ss[i].plan].id, ss[i].user, ss[i].kind}
	})
	if err != nil {
		return err
	}
	var submitted []int
	for pi, p := range w.plans {
		if p.status != planDraft {
			submitted = append(submitted, pi)
		}
		wr.planAudits(w, pi)
	}
	returned, _ := json.Marshal([]plans.ReturnReason{{Field: "safety_measures", Message: "请补充实习期间的防汛、防暑和交通安全措施。"}})
	err = wr.copy(ctx, "plan_versions", []string{"plan_id", "version", "snapshot", "submitted_at", "submitted_by", "outcome", "reasons",
		"comment", "reviewed_at", "reviewed_by"}, len(submitted), func(i int) []any {
		p := &w.plans[submitted[i]]
		s := w.schools[p.school]
		reviewer := w.bureauOf(s.division).userID
		row := []any{p.id, 1, snapshotOf(w, p), p.submitted, s.adminID, nil, nil, nil, nil, nil}
		switch p.status {
		case planReturned:
			row[5], row[6], row[7], row[8], row[9] = "returned", returned, "请按意见修改后重新报送。", p.reviewed, reviewer
		case planApproved, planInProgress, planCompleted:
			row[5], row[7], row[8], row[9] = "approved", "材料齐全，同意备案。", p.reviewed, reviewer
		}
		return row
	})
	if err != nil {
		return err
	}
	keys := make([][2]string, 0, len(w.counters))
	for k := range w.counters {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if a[0] != b[0] {
			return compareStrings(a[0], b[0])
		}
		return compareStrings(a[1], b[1])
	})
	return wr.copy(ctx, "filing_counters", []string{"division_code", "year", "last"}, len(keys), func(i int) []any {
		var year int
		fmt.Sscan(keys[i][1], &year)
		return []any{keys[i][0], year, w.counters[keys[i]]}
	})
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// payOf is the monthly pay a plan promises on a post: 85 % of the post's
// wage, above Art 18's 80 %.
func payOf(p post) int64 { return p.wage * 85 / 100 / 100 * 100 }

// snapshotOf is the frozen content of the plan's first submission, in the
// plans service's own form, so diffs and the history read it.
func snapshotOf(w *world, p *plan) []byte {
	m := majorList[p.major]
	snap := plans.Snapshot{Fields: plans.Fields{Type: p.kind, Title: p.title, Major: m.name, MajorCategory: m.category, Cohort: p.cohort,
		StartsOn: p.starts.String(), EndsOn: p.ends.String(), Content: planTexts.content, SafetyMeasures: planTexts.safety,
		EmergencyPlan: planTexts.emergency, InsuranceArrangement: planTexts.insurance},
		Posts: []plans.PlanPost{}, Special: []plans.SpecialArrangement{}, Instructors: []plans.Staff{}, Mentors: []plans.Staff{}}
	s := w.schools[p.school]
	for k, po := range p.posts {
		e := w.enterprises[w.posts[po].ent]
		snap.Posts = append(snap.Posts, plans.PlanPost{PostID: w.posts[po].id, PostName: w.posts[po].name, EnterpriseID: e.id,
			EnterpriseName: e.name, PlannedCount: max(1, p.planned[k]), PayFen: payOf(w.posts[po])})
	}
	for _, t := range p.instructors {
		snap.Instructors = append(snap.Instructors, plans.Staff{UserID: s.teachers[t], DisplayName: s.teacherNames[t], OrgName: s.name})
	}
	for k, m := range p.mentors {
		snap.Mentors = append(snap.Mentors, plans.Staff{UserID: m, DisplayName: p.mentorNames[k], OrgName: p.mentorOrgs[k]})
	}
	b, _ := json.Marshal(snap)
	return b
}

func (wr *writer) placements(ctx context.Context, w *world) error {
	return wr.copy(ctx, "placements", []string{"id", "plan_id", "plan_type", "school_id", "student_id", "post_id", "enterprise_id",
		"status", "starts_on", "ends_on", "instructor_id", "mentor_id", "decline_reason", "end_reason", "confirmed_at",
		"activated_at", "ended_at", "created_at", "updated_at"}, len(w.placements), func(i int) []any {
		pl := &w.placements[i]
		p := &w.plans[pl.plan]
		st := w.sites[pl.site]
		s := w.schools[p.school]
		e := w.enterprises[st.ent]
		var decline, end any
		if pl.status == "declined" {
			decline = pl.reason
		} else if pl.reason != "" {
			end = pl.reason
		}
		return []any{pl.id, p.id, p.kind, s.id, w.students[pl.student].id, w.posts[pl.post].id, e.id, pl.status, day(p.starts),
			day(p.ends), s.teachers[st.teacher], e.mentors[st.mentor], decline, end, optTime(pl.confirmed), optTime(pl.activated),
			optTime(pl.ended), pl.created, pl.updated}
	})
}

// sequences moves the counters the services draw numbers from past what
// the generator used, so the first order to correct after it does not
// collide with a generated one.
func (wr *writer) sequences(ctx context.Context, w *world) error {
	if n := w.orderNumbers; n > 0 {
		if _, err := wr.tx.Exec(ctx, `SELECT setval('rectification_order_numbers', $1)`, n); err != nil {
			return fmt.Errorf("scale: order numbers: %w", err)
		}
	}
	return nil
}
