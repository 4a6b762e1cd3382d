package seed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/orgs"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pii"
	"huhang/internal/students"
	"huhang/internal/supervision"
)

// StudentAccount is the demo login of 张浩宇, the 南江 student whose
// placement runs with teacher2 and mentor2: student1 of 通江 has no
// placement (通江's plans are left for whoever tries the workflow first, see
// plans.go), and student2's placement still lacks the consent form, so the
// logs and leave of a running internship need an account of their own.
var StudentAccount = Account{"student3", "张浩宇", auth.RoleStudent, "南江县小河职业中学"}

// SupervisionStudents gives 张浩宇's running placement weekly logs (two
// reviewed by both teacher2 and mentor2, last week's awaiting review, this
// week's not yet written), a leave approved and returned, a leave awaiting
// approval and a lodging outside the dormitory awaiting the school's
// filing. It does nothing once the placement has a log.
func SupervisionStudents(ctx context.Context, pool *pgxpool.Pool, orgsSvc *orgs.Service, keys *pii.Keyring, store files.Storage, now time.Time) (int, error) {
	actor := func(username string) auth.Actor {
		c, err := orgsSvc.CredentialsByUsername(ctx, username)
		if err != nil {
			panic(fmt.Sprintf("seed: demo account %s: %v", username, err)) // created before by Demo
		}
		return c.Actor
	}
	school := actor("school2")
	var placementID, studentID uuid.UUID
	var startsOn time.Time
	var linked *uuid.UUID
	err := pool.QueryRow(ctx, `SELECT pl.id, st.id, st.user_id, pl.starts_on FROM placements pl JOIN students st ON st.id = pl.student_id
		WHERE pl.school_id = $1 AND st.name = '张浩宇' AND pl.status = 'active'`, *school.OrgID).Scan(&placementID, &studentID, &linked, &startsOn)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, errors.New("seed: 张浩宇's running placement is missing")
	}
	if err != nil {
		return 0, err
	}
	var done bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM student_logs WHERE placement_id = $1)`, placementID).Scan(&done); err != nil || done {
		return 0, err
	}
	if linked == nil {
		exists, err := orgsSvc.UserExists(ctx, StudentAccount.Username)
		if err != nil {
			return 0, err
		}
		if !exists {
			if _, err := orgsSvc.CreateUser(ctx, nil, orgs.NewUser{Username: StudentAccount.Username, Password: DemoPassword,
				DisplayName: StudentAccount.DisplayName, Role: StudentAccount.Role, OrgID: school.OrgID}); err != nil {
				return 0, fmt.Errorf("seed: user %s: %w", StudentAccount.Username, err)
			}
		}
		if err := students.NewService(pool, orgsSvc, keys, clock.Fixed(now)).LinkAccount(ctx, studentID, actor(StudentAccount.Username).UserID); err != nil {
			return 0, err
		}
	}
	student, teacher, mentor := actor(StudentAccount.Username), actor("teacher2"), actor("mentor2")
	svc := func(at time.Time) *supervision.Service { return newServices(pool, keys, store, at).Supervision }
	today := clock.BusinessDay(now)
	monday := supervision.PeriodOf(supervision.LogWeekly, today)
	made := 0
	// Three past weeks of the placement, the oldest first; 17:30 on the Friday of each.
	weeks := []struct {
		content             string
		teacher, mentor     string
		teacherAt, mentorAt int // scores; 0 = not reviewed
	}{
		{"本周在游客中心跟岗，熟悉了景区导览路线和讲解词，跟随郑师傅完成了 6 场团队讲解，学会了用扩音设备和对讲机。遇到游客问路时还不够自信，下周要把各景点的开放时间背熟。",
			"讲解词掌握较快，注意语速，遇到老人团要放慢。", "能主动帮游客解决问题，态度好。", 88, 90},
		{"本周开始独立讲解短线，累计接待 9 个团。周三下雨，参加了景区防汛演练，学习了山区步道的安全引导。周五有游客扭伤脚，我按流程报告了师傅和景区医务室。",
			"应急处置流程正确，记得在日志中写清时间。", "独立讲解进步明显，防汛演练认真。", 90, 92},
		{"本周协助游客中心接待，学习了门票系统和投诉登记。和同事一起整理了讲解词的方言版本，准备在周末试讲。感觉体力消耗大，晚上早点休息。",
			"", "", 0, 0},
	}
	for i, w := range weeks {
		weekStart := monday.AddDays(-7 * (len(weeks) - i))
		first := studentsDay(startsOn)
		if weekStart.AddDays(6).Before(first) {
			continue
		}
		day := weekStart
		if day.Before(first) {
			day = first
		}
		friday := weekStart.AddDays(4).Time().Add(17*time.Hour + 30*time.Minute)
		l, err := svc(friday).WriteLog(ctx, student, placementID, supervision.NewLog{PeriodStart: &day, Content: w.content}, nil)
		if err != nil {
			return made, fmt.Errorf("seed: log of %s: %w", weekStart, err)
		}
		made++
		if w.teacherAt > 0 {
			score := w.teacherAt
			if _, err := svc(friday.Add(40*time.Hour)).ReviewLog(ctx, teacher, l.ID, supervision.Review{Comment: w.teacher, Score: &score}); err != nil {
				return made, fmt.Errorf("seed: teacher's review: %w", err)
			}
			score2 := w.mentorAt
			if _, err := svc(friday.Add(64*time.Hour)).ReviewLog(ctx, mentor, l.ID, supervision.Review{Comment: w.mentor, Score: &score2}); err != nil {
				return made, fmt.Errorf("seed: mentor's review: %w", err)
			}
		}
	}

	// A day's leave to see a doctor two weeks ago: approved by both, the student back the next morning.
	day := monday.AddDays(-12) // the Wednesday two weeks back
	asked := day.AddDays(-1).Time().Add(20 * time.Hour)
	lv, err := svc(asked).RequestLeave(ctx, student, placementID, supervision.NewLeave{Kind: supervision.KindLeave,
		StartsAt: day.Time().Add(8 * time.Hour), EndsAt: day.Time().Add(18 * time.Hour), Reason: "牙疼加重，到南江县人民医院口腔科就诊。"}, nil)
	if err != nil {
		return made, fmt.Errorf("seed: leave: %w", err)
	}
	for _, step := range []func() error{
		func() error { _, err := svc(asked.Add(time.Hour)).ApproveLeave(ctx, teacher, lv.ID); return err },
		func() error { _, err := svc(asked.Add(2*time.Hour)).ApproveLeave(ctx, mentor, lv.ID); return err },
		func() error {
			_, err := svc(day.AddDays(1).Time().Add(8*time.Hour+40*time.Minute)).ReturnLeave(ctx, teacher, lv.ID)
			return err
		},
	} {
		if err := step(); err != nil {
			return made, fmt.Errorf("seed: leave: %w", err)
		}
	}
	// Next Monday's leave for the guardian's visit, waiting for both approvers.
	next := monday.AddDays(7)
	if _, err := svc(now).RequestLeave(ctx, student, placementID, supervision.NewLeave{Kind: supervision.KindLeave,
		StartsAt: next.Time().Add(13 * time.Hour), EndsAt: next.Time().Add(18 * time.Hour),
		Reason: "父亲来光雾山看望，下午陪同办理银行卡挂失。"}, nil); err != nil {
		return made, fmt.Errorf("seed: pending leave: %w", err)
	}
	// Lodging with an aunt in the town, the guardian's form scanned by the
	// student: teacher2 approved yesterday; school2 has yet to file it.
	yesterday := now.Add(-24 * time.Hour)
	scan, err := newServices(pool, keys, store, yesterday).Files.Store(ctx, student, "校外住宿申请表（监护人签字）.pdf", lodgingScan)
	if err != nil {
		return made, err
	}
	lodging, err := svc(yesterday).RequestLeave(ctx, student, placementID, supervision.NewLeave{Kind: supervision.KindLodging,
		StartsAt: today.AddDays(1).Time().Add(19 * time.Hour), EndsAt: today.AddDays(31).Time().Add(7 * time.Hour),
		Reason: "宿舍装修期间，经家长同意到光雾山镇姑妈家居住，每天步行上下班。", LodgingAddress: "南江县光雾山镇桃园路 23 号（姑妈 李桂兰家）",
		GuardianFileID: scan.ID}, nil)
	if err != nil {
		return made, fmt.Errorf("seed: lodging: %w", err)
	}
	if _, err := svc(yesterday.Add(2*time.Hour)).ApproveLeave(ctx, teacher, lodging.ID); err != nil {
		return made, fmt.Errorf("seed: lodging approval: %w", err)
	}
	return made, nil
}

// studentsDay reads a PostgreSQL date as a business day.
func studentsDay(t time.Time) clock.Date {
	return clock.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// lodgingScan stands in for the scanned lodging form the guardian signed.
var lodgingScan = []byte("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n" +
	"% demo: lodging outside the dormitory, signed by the guardian (校外住宿申请表扫描件)\ntrailer <</Root 1 0 R>>\n%%EOF\n")
