package scale_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Size is how much a generated province holds.
type Size struct {
	Cities, CountiesPerCity, SchoolsPerCounty, EnterprisesPerCounty int
	StudentsPerSchool, PlansPerSchool, Placements, AuditPerPlan     int
}

// Province is what the tests run at: 200 counties, 400 schools, 3,000
// enterprises, 60,000 students, 14,800 plans, 40,000 placements and 59,200
// audit events; large enough that a sequential scan is never the cheap
// choice, small enough to generate in seconds on a shared machine.
var Province = Size{Cities: 20, CountiesPerCity: 10, SchoolsPerCounty: 2, EnterprisesPerCounty: 15,
	StudentsPerSchool: 150, PlansPerSchool: 37, Placements: 40000, AuditPerPlan: 4}

// generate fills a freshly migrated database. Numbers are deterministic
// (school n, student i, …) so the tests can name what they ask for; ids are
// random. County c (1-based) has code 51CCKK; school s sits in county
// (s-1)/SchoolsPerCounty+1; every school lists five hosts; every plan has one
// post and one instructor; plans cycle through five statuses, one in five
// submitted; student i (i ≤ Placements) has one placement.
func generate(tb testing.TB, pool *pgxpool.Pool, z Size) {
	tb.Helper()
	started := time.Now()
	counties := z.Cities * z.CountiesPerCity
	schools := counties * z.SchoolsPerCounty
	enterprises := counties * z.EnterprisesPerCounty
	students := schools * z.StudentsPerSchool
	plans := schools * z.PlansPerSchool
	script := fmt.Sprintf(`
CREATE TEMP TABLE g_county AS
  SELECT (c - 1) * %[2]d + k AS n, '51' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0') AS code
  FROM generate_series(1, %[1]d) c, generate_series(1, %[2]d) k;
CREATE TEMP TABLE g_bureau AS
  SELECT row_number() OVER (ORDER BY code) AS n, gen_random_uuid() AS id, code FROM (
    SELECT code FROM g_county
    UNION ALL SELECT '51' || lpad(c::text, 2, '0') || '00' FROM generate_series(1, %[1]d) c
    UNION ALL SELECT '510000') b;
CREATE TEMP TABLE g_school AS
  SELECT s AS n, gen_random_uuid() AS id, (SELECT code FROM g_county WHERE n = (s - 1) / %[3]d + 1) AS code
  FROM generate_series(1, %[4]d) s;
CREATE TEMP TABLE g_ent AS
  SELECT e AS n, gen_random_uuid() AS id, gen_random_uuid() AS post_id, gen_random_uuid() AS mentor_id,
         (SELECT code FROM g_county WHERE n = (e - 1) %% %[5]d + 1) AS code
  FROM generate_series(1, %[6]d) e;
CREATE UNIQUE INDEX ON g_school (n);
CREATE UNIQUE INDEX ON g_ent (n);

INSERT INTO orgs (id, kind, name, division_code) SELECT id, 'bureau', '教育局' || code, code FROM g_bureau;
INSERT INTO orgs (id, kind, name, division_code) SELECT id, 'school', '职业学校' || n, code FROM g_school;
INSERT INTO orgs (id, kind, name, division_code, credit_code)
  SELECT id, 'enterprise', '企业' || n, code, lpad(n::text, 18, '0') FROM g_ent;
INSERT INTO enterprises (org_id, registered_by_org)
  SELECT e.id, CASE WHEN e.n %% 5 = 0 THEN s.id END FROM g_ent e JOIN g_school s ON s.n = (e.n - 1) %% %[4]d + 1;
INSERT INTO posts (id, enterprise_id, name, major_category, headcount, hours_per_day, hours_per_week, shift_start,
                   shift_end, labour_grade, wage_fen)
  SELECT post_id, id, '岗位', '装备制造大类', 50, 8, 40, '08:00', '17:00', 1, 400000 FROM g_ent;
CREATE TEMP TABLE g_host AS
  SELECT s.n AS school, j, e.n AS ent FROM g_school s, generate_series(0, 4) j
  JOIN g_ent e ON true WHERE e.n = (s.n * 7 + j) %% %[6]d + 1;
INSERT INTO school_hosts (school_id, enterprise_id, assessed_on, report, approved_on)
  SELECT s.id, e.id, '2026-01-05', '评估合格', '2026-01-10' FROM g_host h JOIN g_school s ON s.n = h.school JOIN g_ent e ON e.n = h.ent;

INSERT INTO users (id, username, password_hash, display_name, role, org_id)
  SELECT gen_random_uuid(), 'b' || code, 'x', '审核员', 'bureau_auditor', id FROM g_bureau;
INSERT INTO users (id, username, password_hash, display_name, role, org_id)
  SELECT gen_random_uuid(), 'sa' || n, 'x', '管理员', 'school_admin', id FROM g_school;
INSERT INTO users (id, username, password_hash, display_name, role, org_id)
  SELECT gen_random_uuid(), 't' || n || '_' || j, 'x', '教师' || j, 'teacher', id FROM g_school, generate_series(1, 5) j;
INSERT INTO users (id, username, password_hash, display_name, role, org_id)
  SELECT gen_random_uuid(), 'ea' || n, 'x', '企业管理员', 'enterprise_admin', id FROM g_ent;
INSERT INTO users (id, username, password_hash, display_name, role, org_id)
  SELECT mentor_id, 'men' || n, 'x', '导师', 'enterprise_mentor', id FROM g_ent;
INSERT INTO users (id, username, password_hash, display_name, role)
  VALUES (gen_random_uuid(), 'root', 'x', '平台管理员', 'platform_admin');

CREATE TEMP TABLE g_student AS
  SELECT i AS n, gen_random_uuid() AS id, s.id AS school_id FROM generate_series(1, %[7]d) i JOIN g_school s ON s.n = (i - 1) %% %[4]d + 1;
CREATE UNIQUE INDEX ON g_student (n);
INSERT INTO students (id, school_id, student_no, name, id_cipher, id_key_id, id_hash, id_masked, gender, birth_date,
                      major, major_category, enrolled_on, class_name)
  SELECT g.id, g.school_id, 'S' || lpad(i::text, 7, '0'),
         (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','高','林','罗'])[i / %[4]d %% 20 + 1]
         || (ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛','明','超','秀','霞','平'])[(i / 7) %% 20 + 1]
         || (ARRAY['','华','英','玲','峰','波','辉','鹏','宇','婷'])[(i / 3) %% 10 + 1],
         '\x00', 'k1', sha256(i::text::bytea), '5119**********' || lpad((i %% 10000)::text, 4, '0'),
         CASE WHEN i %% 2 = 0 THEN 'female' ELSE 'male' END, '2007-03-01', '数控技术', '装备制造大类', '2024-09-01',
         '数控' || (i %% 6 + 1) || '班'
  FROM g_student g, LATERAL (SELECT g.n AS i) x;
-- One student in ten has an account.
WITH acc AS (
  INSERT INTO users (id, username, password_hash, display_name, role, org_id)
  SELECT gen_random_uuid(), 'st' || lower(st.student_no), 'x', st.name, 'student', st.school_id
  FROM students st WHERE right(st.student_no, 1) = '0'
  RETURNING id, username, org_id)
UPDATE students st SET user_id = acc.id FROM acc WHERE acc.username = 'st' || lower(st.student_no);

CREATE TEMP TABLE g_plan AS
  SELECT i AS n, gen_random_uuid() AS id, (i - 1) %% %[4]d + 1 AS school,
         (ARRAY['draft','submitted','approved','returned','in_progress'])[(i - 1) / %[4]d %% 5 + 1] AS status
  FROM generate_series(1, %[8]d) i;
CREATE UNIQUE INDEX ON g_plan (n);
INSERT INTO plans (id, school_id, status, version, type, title, major, major_category, cohort, starts_on, ends_on,
                   content, safety_measures, emergency_plan, insurance_arrangement, review_division)
  SELECT p.id, s.id, p.status, CASE WHEN p.status = 'draft' THEN 1 ELSE 2 END, 'post', '岗位实习方案' || p.n, '数控技术',
         '装备制造大类', '2024级', '2027-03-01', '2027-08-31', '内容', '安全', '预案', '保险', s.code
  FROM g_plan p JOIN g_school s ON s.n = p.school;
INSERT INTO plan_posts (plan_id, post_id, enterprise_id, planned_count, pay_fen)
  SELECT p.id, e.post_id, e.id, 5, 340000
  FROM g_plan p JOIN g_host h ON h.school = p.school AND h.j = ((p.n - 1) / %[4]d + 2) %% 5 JOIN g_ent e ON e.n = h.ent;
INSERT INTO plan_staff (plan_id, user_id, kind)
  SELECT p.id, u.id, 'instructor' FROM g_plan p JOIN users u ON u.username = 't' || p.school || '_' || ((p.n - 1) / %[4]d %% 5 + 1);
INSERT INTO plan_staff (plan_id, user_id, kind)
  SELECT pp.plan_id, e.mentor_id, 'mentor' FROM plan_posts pp JOIN g_ent e ON e.id = pp.enterprise_id;
INSERT INTO plan_versions (plan_id, version, snapshot, submitted_at, submitted_by)
  SELECT p.id, 1, '{}', now() - make_interval(secs => %[8]d - p.n), u.id
  FROM g_plan p JOIN users u ON u.username = 'sa' || p.school WHERE p.status <> 'draft';

INSERT INTO placements (id, plan_id, plan_type, school_id, student_id, post_id, enterprise_id, status, starts_on, ends_on,
                        instructor_id, mentor_id)
  SELECT gen_random_uuid(), p.id, 'post', st.school_id, st.id, pp.post_id, pp.enterprise_id,
         (ARRAY['proposed','confirmed','ready','active','completed'])[i %% 5 + 1], '2027-03-01', '2027-08-31',
         ps.user_id, e.mentor_id
  FROM generate_series(1, %[9]d) i
  JOIN g_student st ON st.n = i
  JOIN g_plan p ON p.n = (i - 1) %% %[4]d + 1 + %[4]d * ((i / %[4]d) %% %[10]d)
  JOIN plan_posts pp ON pp.plan_id = p.id
  JOIN plan_staff ps ON ps.plan_id = p.id AND ps.kind = 'instructor'
  JOIN g_ent e ON e.id = pp.enterprise_id;

INSERT INTO audit_events (id, at, actor_username, actor_role, division_code, action, subject_type, subject_id)
  SELECT gen_random_uuid(), now(), 'system', 'system', s.code, 'plan.touch', 'plan', p.id::text
  FROM g_plan p JOIN g_school s ON s.n = p.school, generate_series(1, %[11]d) k;
ANALYZE;
`, z.Cities, z.CountiesPerCity, z.SchoolsPerCounty, schools, counties, enterprises, students, plans, z.Placements,
		z.PlansPerSchool, z.AuditPerPlan)
	ctx := context.Background()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Release()
	// Statement by statement on one connection: temp tables live on it only.
	for _, stmt := range strings.Split(script, ";\n") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		began := time.Now()
		if _, err := conn.Exec(ctx, stmt); err != nil {
			tb.Fatalf("generate: %v\n%s", err, stmt)
		}
		if d := time.Since(began); d > 2*time.Second {
			tb.Logf("generate: %.40s… took %s", strings.TrimSpace(stmt), d.Round(time.Millisecond))
		}
	}
	tb.Logf("generated %d schools, %d enterprises, %d students, %d plans, %d placements in %s",
		schools, enterprises, students, plans, z.Placements, time.Since(started).Round(time.Millisecond))
}
