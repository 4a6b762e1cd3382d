package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/duty"
	"huhang/internal/files"
	"huhang/internal/orgs"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pii"
	"huhang/internal/supervision"
)

// SupervisionRecords gives 光雾山's interns the joint supervision of the
// last week: a patrol the host countersigned, yesterday's patrol still
// awaiting the mentor, a talk and an evaluation each awaiting the other
// side, an unpaid-wage incident the school acknowledged and closed, and an
// injury 李思琪 (student2) reported an hour ago that the school has not yet
// acknowledged. It returns the records written and does nothing once
// teacher2's roster has a patrol.
func SupervisionRecords(ctx context.Context, pool *pgxpool.Pool, orgsSvc *orgs.Service, keys *pii.Keyring, store files.Storage, now time.Time) (int, error) {
	actor := func(username string) auth.Actor {
		c, err := orgsSvc.CredentialsByUsername(ctx, username)
		if err != nil {
			panic(fmt.Sprintf("seed: demo account %s: %v", username, err)) // created just before by Demo
		}
		return c.Actor
	}
	at := func(t time.Time) *supervision.Service { return newServices(pool, keys, store, t).Supervision }
	teacher, mentor, school, student := actor("teacher2"), actor("mentor2"), actor("school2"), actor("student2")
	rosters, err := newServices(pool, keys, store, now).Duty.ListRosters(ctx, teacher, duty.RosterFilter{TeacherID: &teacher.UserID,
		Status: duty.StatusActive, Limit: 1})
	if err != nil || len(rosters) == 0 {
		return 0, err
	}
	roster := rosters[0]
	if done, err := at(now).ListRosterPatrols(ctx, teacher, roster.ID, 1); err != nil || len(done) > 0 {
		return 0, err
	}
	placementOf := func(name string) (uuid.UUID, error) {
		var id uuid.UUID
		err := pool.QueryRow(ctx, `SELECT pl.id FROM placements pl JOIN students st ON st.id = pl.student_id
			WHERE st.name = $1 AND pl.status IN ('confirmed', 'active') ORDER BY pl.created_at DESC LIMIT 1`, name).Scan(&id)
		if err != nil {
			return id, fmt.Errorf("seed: placement of %s: %w", name, err)
		}
		return id, nil
	}
	today := clock.BusinessDay(now)
	cal, err := clock.LoadCalendar(ctx, pool, today.AddDays(-10), today)
	if err != nil {
		return 0, err
	}
	// The two working days before today, most recent first.
	var days []clock.Date
	for d := today.AddDays(-1); len(days) < 2 && today.AddDays(-10).Before(d); d = d.AddDays(-1) {
		if cal.IsWorkingDay(d) && !d.Before(roster.StartsOn) {
			days = append(days, d)
		}
	}
	if len(days) < 2 {
		return 0, nil // a roster younger than two working days has no patrols to show
	}
	made := 0
	clockAt := func(d clock.Date, hhmm string) time.Time {
		t, _ := duty.ParseTimeOfDay(hhmm)
		return t.On(d)
	}
	patrol := func(d clock.Date, concern string) (supervision.Patrol, error) {
		_, _, interns, err := at(clockAt(d, "16:00")).RosterInterns(ctx, teacher, roster.ID, &d)
		if err != nil {
			return supervision.Patrol{}, err
		}
		var lines []supervision.PatrolLine
		for i, in := range interns {
			l := supervision.PatrolLine{PlacementID: in.PlacementID, Presence: "present"}
			if i == 0 && concern != "" {
				l.Presence, l.Note = "concern", concern
			}
			lines = append(lines, l)
		}
		p, err := at(clockAt(d, "16:00")).CreatePatrol(ctx, teacher, roster.ID, supervision.NewPatrol{Day: &d,
			Summary: "到岗巡查：学生均按时到岗，劳动防护用品佩戴规范，宿舍与食堂卫生良好。", Lines: lines}, nil)
		made += len(p.Lines)
		return p, err
	}
	// The older patrol, countersigned by the mentor that evening.
	p, err := patrol(days[1], "")
	if err != nil {
		return made, fmt.Errorf("seed: patrol: %w", err)
	}
	if _, err := at(clockAt(days[1], "18:10")).CountersignPatrol(ctx, mentor, p.ID); err != nil {
		return made, fmt.Errorf("seed: patrol countersign: %w", err)
	}
	// Yesterday's, with one student to keep an eye on, still awaiting the mentor.
	if _, err := patrol(days[0], "连续两天反映景区步道巡检时间过长、脚踝酸痛，已提醒企业合理安排轮岗。"); err != nil {
		return made, fmt.Errorf("seed: patrol: %w", err)
	}

	zhang, err := placementOf("张浩宇")
	if err != nil {
		return made, err
	}
	chen, err := placementOf("陈雨桐")
	if err != nil {
		return made, err
	}
	li, err := placementOf("李思琪")
	if err != nil {
		return made, err
	}
	steps := []struct {
		at  time.Time
		run func(svc *supervision.Service, at time.Time) error
	}{
		{clockAt(days[0], "17:20"), func(svc *supervision.Service, t time.Time) error {
			_, err := svc.CreateRecord(ctx, teacher, zhang, supervision.NewRecord{Kind: supervision.KindTalk, OccurredAt: t.Add(-time.Hour),
				Content: "与张浩宇谈心：适应导览岗位较快，希望多参与外语讲解；提醒其注意山区天气变化，按时返回宿舍。"}, nil)
			made++
			return err
		}},
		{clockAt(days[0], "17:40"), func(svc *supervision.Service, t time.Time) error {
			_, err := svc.CreateRecord(ctx, mentor, chen, supervision.NewRecord{Kind: supervision.KindEvaluation, OccurredAt: t.Add(-30 * time.Minute),
				Content: "陈雨桐本月阶段评价：讲解内容熟练，游客反馈良好；需加强突发客流时的引导与沟通。"}, nil)
			made++
			return err
		}},
		// The unpaid-wage report that 陈雨桐's pay record explains: reported,
		// taken up by the school, closed once the host paid the difference.
		{clockAt(days[1], "10:05"), func(svc *supervision.Service, t time.Time) error {
			r, err := svc.CreateRecord(ctx, teacher, chen, supervision.NewRecord{Kind: supervision.KindIncident, OccurredAt: t.Add(-20 * time.Minute),
				IncidentKind: "unpaid", Place: "南江县光雾山旅游服务有限公司人力资源部",
				Content:     "学生反映上月实习报酬仅发放 1500 元，低于方案约定标准。",
				ActionTaken: "已向企业人力资源部核实工资单，要求说明差额原因。"}, nil)
			made++
			if err != nil {
				return err
			}
			if _, err := at(t.Add(40*time.Minute)).Acknowledge(ctx, school, r.ID); err != nil {
				return err
			}
			_, err = at(t.Add(26*time.Hour)).Close(ctx, school, r.ID, "企业已于次日补发差额并出具书面说明；学校约谈企业负责人，纳入下月巡查重点。")
			return err
		}},
		// An hour ago: the open incident the school and 南江's bureau must act on.
		{now.Add(-time.Hour), func(svc *supervision.Service, t time.Time) error {
			_, err := svc.CreateRecord(ctx, student, li, supervision.NewRecord{Kind: supervision.KindIncident, OccurredAt: t.Add(-15 * time.Minute),
				IncidentKind: "injury", Place: "光雾山游客中心培训室",
				Content:     "岗前培训搬运宣传展架时左手食指被划伤，流血较多。",
				ActionTaken: "已用急救箱包扎，企业导师陪同前往镇卫生院。"}, nil)
			made++
			return err
		}},
	}
	for _, s := range steps {
		if err := s.run(at(s.at), s.at); err != nil {
			return made, fmt.Errorf("seed: supervision records: %w", err)
		}
	}
	return made, nil
}
