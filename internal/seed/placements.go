package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/app"
	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/orgs"
	"huhang/internal/placements"
	"huhang/internal/plans"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pii"
	"huhang/internal/students"
)

// demoStudent is one student of 南江县小河职业中学 and what happens to them.
type demoStudent struct {
	no, name string
	female   bool
	// class is "guide1", "guide2" (no placement yet) or "young" (under 16).
	class string
	// story names the placement the seed gives the student.
	story string
}

var demoStudents = []demoStudent{
	{"01", "李思琪", true, "guide1", "confirmed-no-consent"},
	{"02", "张浩宇", false, "guide1", "active-paid"},
	{"03", "陈雨桐", true, "guide1", "active-underpaid"},
	{"04", "刘子轩", false, "guide1", "proposed-deposit"},
	{"05", "黄诗涵", true, "guide1", "proposed-upcoming"},
	{"06", "杨明杰", false, "guide1", "declined"},
	{"07", "赵欣怡", true, "guide1", "ready-upcoming"},
	{"08", "孙嘉豪", false, "guide1", "terminated"},
	{"09", "周雨萱", true, "guide1", "transferred"},
	{"10", "吴俊熙", false, "guide1", "completed"},
	{"01", "周子涵", true, "guide2", ""},
	{"02", "吴宇航", false, "guide2", ""},
	{"03", "郑佳怡", true, "guide2", ""},
	{"04", "王梓萱", true, "guide2", ""},
	{"05", "冯浩然", false, "guide2", ""},
	{"01", "何小凡", false, "young", ""},
}

// IDNumber makes a valid ID number issued in division (e.g. 511922) for a
// birth date; the seed and tests use it, never real people's numbers.
func IDNumber(division string, birth clock.Date, seq int, female bool) string {
	if female == (seq%2 == 1) {
		seq++ // the 17th digit is odd for men, even for women
	}
	body := fmt.Sprintf("%s%04d%02d%02d%03d", division, birth.Year, birth.Month, birth.Day, seq%1000)
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

// newServices are the services on a clock stopped at at, wired by
// internal/app like every other copy of them.
func newServices(pool *pgxpool.Pool, keys *pii.Keyring, store files.Storage, at time.Time) *app.Services {
	svc, err := app.Build(app.Deps{Pool: pool, PII: keys, Storage: store, Clock: clock.Fixed(at)})
	if err != nil {
		panic("seed: " + err.Error()) // Build fails only for a missing dependency, and all are given
	}
	return svc
}

// consentScan is the demo's stand-in for a scanned, signed consent form
// (R-CONSENT needs the scan): a one-page PDF that says so.
var consentScan = []byte("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n" +
	"% demo: scanned consent form (知情同意书扫描件)\ntrailer <</Root 1 0 R>>\n%%EOF\n")

// Placements gives 南江县小河职业中学 a roster and placements in every state
// on its filed plans. It does nothing once the roster exists.
func Placements(ctx context.Context, pool *pgxpool.Pool, orgsSvc *orgs.Service, keys *pii.Keyring, store files.Storage, now time.Time) (int, int, error) {
	actor := func(username string) auth.Actor {
		c, err := orgsSvc.CredentialsByUsername(ctx, username)
		if err != nil {
			panic(fmt.Sprintf("seed: demo account %s: %v", username, err)) // created just before by Demo
		}
		return c.Actor
	}
	school, ent := actor("school2"), actor("ent2")
	today := clock.BusinessDay(now)
	studentsSvc := students.NewService(pool, orgsSvc, keys, clock.Fixed(now))
	if found, err := studentsSvc.List(ctx, school, students.Filter{Limit: 1}); err != nil || len(found) > 0 {
		return 0, 0, err
	}
	// The senior cohort entered three school years ago; the young one last year.
	cohort := today.Year - 3
	if today.Month < time.September {
		cohort--
	}
	ids := map[string]uuid.UUID{}
	for i, d := range demoStudents {
		year, class, born := cohort, fmt.Sprintf("%d级导游1班", cohort), clock.Date{Year: cohort - 15, Month: time.Month(1 + i%12), Day: 3 + i}
		switch d.class {
		case "guide2":
			class = fmt.Sprintf("%d级导游2班", cohort)
		case "young":
			year = cohort + 2
			class = fmt.Sprintf("%d级旅游1班", year)
			born = today.AddDays(-15*365 - 60)
		}
		in := students.Input{StudentNo: fmt.Sprintf("%d0%s%s", year, map[string]string{"guide1": "101", "guide2": "201", "young": "101"}[d.class], d.no),
			Name: d.name, IDNumber: IDNumber("511922", born, 100+i, d.female), Major: "导游", MajorCategory: "旅游大类",
			EnrolledOn: fmt.Sprintf("%d-09-01", year), ClassName: class, Phone: fmt.Sprintf("1398272%04d", 1000+i),
			GuardianName: guardianOf(d.name), GuardianPhone: fmt.Sprintf("1378272%04d", 1000+i)}
		st, err := studentsSvc.Create(ctx, school, in)
		if err != nil {
			return 0, 0, fmt.Errorf("seed: student %s: %w", d.name, err)
		}
		ids[d.name] = st.ID
	}
	if err := studentsSvc.LinkAccount(ctx, ids["李思琪"], actor("student2").UserID); err != nil {
		return len(ids), 0, err
	}

	planID := func(title string) (plans.Plan, error) {
		p := plans.NewService(pool, orgsSvc, clock.Fixed(now))
		id, ok, err := p.IDByTitle(ctx, *school.OrgID, title)
		if err != nil || !ok {
			return plans.Plan{}, fmt.Errorf("seed: plan %s: %v", title, err)
		}
		return p.Get(ctx, school, id)
	}
	running, err := planID("2023级导游专业岗位实习")
	if err != nil {
		return len(ids), 0, err
	}
	upcoming, err := planID("2024级景区服务专业岗位实习")
	if err != nil {
		return len(ids), 0, err
	}
	finished, err := planID("2023级景区服务专业岗位实习")
	if err != nil {
		return len(ids), 0, err
	}
	teacher, mentor := actor("teacher2").UserID, actor("mentor2").UserID
	made := 0
	// at runs a step with the clock on a given day (noon in Shanghai).
	at := func(d clock.Date) *placements.Service {
		return newServices(pool, keys, store, d.Time().Add(12*time.Hour)).Placements
	}
	start := func(p plans.Plan) clock.Date { d, _ := clock.ParseDate(p.StartsOn); return d }
	propose := func(svc *placements.Service, plan plans.Plan, name string, post int) (uuid.UUID, error) {
		p, err := svc.Propose(ctx, school, placements.ProposeInput{PlanID: plan.ID, StudentID: ids[name], PostID: plan.Posts[post].PostID})
		made++
		return p.ID, err
	}
	// prepared takes a proposal through confirmation, mentors and documents;
	// skip leaves one document out.
	filesSvc := newServices(pool, keys, store, now).Files
	prepared := func(svc *placements.Service, plan plans.Plan, id uuid.UUID, name, skip string, signedOn clock.Date) error {
		if _, err := svc.Confirm(ctx, ent, id); err != nil {
			return err
		}
		// A scan is stored only when the consent is recorded: a stored but
		// unattached upload would be swept by the worker a day later.
		var scanID *uuid.UUID
		if skip != placements.DocConsent {
			scan, err := filesSvc.Store(ctx, school, name+"知情同意书.pdf", consentScan)
			if err != nil {
				return err
			}
			scanID = &scan.ID
		}
		if _, err := svc.SetMentors(ctx, school, id, &teacher, &mentor); err != nil {
			return err
		}
		passed := true
		docs := map[string]any{
			placements.DocAgreement: map[string]any{"signed_on": signedOn.String(), "signers": []string{"school", "enterprise", "student"}},
			placements.DocConsent: map[string]any{"student_name": name, "guardian_name": guardianOf(name), "signed_on": signedOn.String(),
				"file_id": scanID},
			placements.DocTraining: map[string]any{"trained_on": signedOn.String(), "passed": passed},
			placements.DocInsurance: map[string]any{"insurer": "中国人民财产保险股份有限公司巴中市分公司", "policy_no": "PICC-BZ-" + id.String()[:8],
				"covers_from": plan.StartsOn, "covers_to": plan.EndsOn, "payer": "school"},
		}
		for _, kind := range placements.DocumentKinds {
			if kind == skip {
				continue
			}
			if _, err := svc.PutDocumentJSON(ctx, school, id, kind, docs[kind]); err != nil {
				return fmt.Errorf("%s: %w", kind, err)
			}
		}
		return nil
	}
	steps := []struct {
		name string
		run  func() error
	}{
		{"under way", func() error {
			before := at(start(running).AddDays(-7))
			for _, name := range []string{"张浩宇", "陈雨桐", "孙嘉豪", "周雨萱"} {
				id, err := propose(before, running, name, 0)
				if err != nil {
					return err
				}
				if err := prepared(before, running, id, name, "", start(running).AddDays(-7)); err != nil {
					return err
				}
				if _, err := at(start(running)).Activate(ctx, school, id); err != nil {
					return err
				}
				ids[name+"/placement"] = id
			}
			if _, err := at(start(running).AddDays(10)).Terminate(ctx, school, ids["孙嘉豪/placement"], "学生因病休学，经家长申请终止实习。"); err != nil {
				return err
			}
			moved := at(start(running).AddDays(15))
			next, err := moved.Transfer(ctx, school, ids["周雨萱/placement"], running.Posts[1].PostID, "学生沟通能力突出，调至游客中心接待岗位。")
			if err != nil {
				return err
			}
			made++
			if err := prepared(moved, running, next.ID, "周雨萱", "", start(running).AddDays(15)); err != nil {
				return err
			}
			_, err = at(start(running).AddDays(16)).Activate(ctx, school, next.ID)
			return err
		}},
		{"pay", func() error {
			month := start(running)
			paidOn := clock.Date{Year: month.Year, Month: month.Month, Day: 1}.AddDays(40)
			if today.Before(paidOn) {
				paidOn = today
			}
			svc := at(today)
			m := fmt.Sprintf("%04d-%02d", month.Year, month.Month)
			if _, err := svc.RecordPay(ctx, ent, ids["张浩宇/placement"], placements.PayInput{Month: m, AmountFen: ptr(int64(260000)), PaidOn: paidOn.String(), Method: "bank_transfer"}); err != nil {
				return err
			}
			_, err := svc.RecordPay(ctx, ent, ids["陈雨桐/placement"], placements.PayInput{Month: m, AmountFen: ptr(int64(150000)), PaidOn: paidOn.String(), Method: "bank_transfer"})
			return err
		}},
		{"today", func() error {
			svc := at(today)
			id, err := propose(svc, running, "杨明杰", 0)
			if err != nil {
				return err
			}
			if _, err := svc.Decline(ctx, ent, id, "该岗位需普通话二级甲等证书，学生暂未取得。"); err != nil {
				return err
			}
			id, err = propose(svc, running, "刘子轩", 0)
			if err != nil {
				return err
			}
			if _, err := svc.ReportFee(ctx, school, id, placements.FeeInput{Kind: "deposit", Description: "企业要求学生缴纳工装押金 300 元。", AmountFen: ptr(int64(30000))}); err != nil {
				return err
			}
			id, err = propose(svc, running, "李思琪", 0)
			if err != nil {
				return err
			}
			if err := prepared(svc, running, id, "李思琪", placements.DocConsent, today); err != nil {
				return err
			}
			if _, err := propose(svc, upcoming, "黄诗涵", 0); err != nil {
				return err
			}
			id, err = propose(svc, upcoming, "赵欣怡", 1)
			if err != nil {
				return err
			}
			return prepared(svc, upcoming, id, "赵欣怡", "", today)
		}},
		{"finished", func() error {
			// The finished plan is still approved here; Demo completes it afterwards.
			before := at(start(finished).AddDays(-5))
			id, err := propose(before, finished, "吴俊熙", 0)
			if err != nil {
				return err
			}
			if err := prepared(before, finished, id, "吴俊熙", "", start(finished).AddDays(-5)); err != nil {
				return err
			}
			_, err = at(start(finished)).Activate(ctx, school, id)
			return err
		}},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			return len(ids), made, fmt.Errorf("seed: placements (%s): %w", s.name, err)
		}
	}
	return len(demoStudents), made, nil
}

// guardianOf names a demo guardian after the student's family name.
func guardianOf(name string) string { return string([]rune(name)[:1]) + "家长" }
