package scale_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/app"
	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/orgs"
	"huhang/internal/placements"
	"huhang/internal/plans"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pgtest"
	"huhang/internal/platform/pii"
	province "huhang/internal/seed/scale"
	"huhang/internal/students"
)

// largeTables are those a list must never read whole: they grow with the
// students and plans of a province, and hold tens of thousands of generated
// rows. The organisation tables (a few thousand rows here) are left out:
// reading them whole is what PostgreSQL rightly does at this size, and
// their lists' scopes are sets of ids read through indexes.
var largeTables = []string{"users", "students", "plans", "plan_posts", "plan_staff", "plan_versions", "placements", "audit_events"}

// recorder keeps the statements a pool ran, with their arguments.
type recorder struct {
	mu   sync.Mutex
	seen []query
}

type query struct {
	SQL  string
	Args []any
}

func (r *recorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	// Only reads are the lists' statements: transaction control and the
	// audit row an audited list writes have no plan to check.
	if head := strings.ToUpper(strings.TrimSpace(data.SQL)); !strings.HasPrefix(head, "SELECT") && !strings.HasPrefix(head, "WITH") {
		return ctx
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, query{SQL: data.SQL, Args: data.Args})
	return ctx
}

func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// The dashboards send their reads as batches: each statement of a batch is
// kept like a query of its own.
func (r *recorder) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

func (r *recorder) TraceBatchQuery(ctx context.Context, conn *pgx.Conn, data pgx.TraceBatchQueryData) {
	r.TraceQueryStart(ctx, conn, pgx.TraceQueryStartData{SQL: data.SQL, Args: data.Args})
}

func (r *recorder) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (r *recorder) take() []query {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.seen
	r.seen = nil
	return out
}

// world is a generated province with the services over it.
type world struct {
	db         *pgtest.DB
	pool       *pgxpool.Pool // every session forced to generic plans, traced
	rec        *recorder
	picks      picks
	orgs       *orgs.Service
	plans      *plans.Service
	students   *students.Service
	placements *placements.Service
	services   *app.Services
}

type fixedClock struct{}

func (fixedClock) Now() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }

func newWorld(tb testing.TB, o province.Options) *world {
	tb.Helper()
	db := pgtest.New(tb)
	generate(tb, db.Pool, o)
	cfg, err := pgxpool.ParseConfig(db.URL)
	if err != nil {
		tb.Fatal(err)
	}
	// What PostgreSQL does by itself after five runs of a prepared
	// statement, from the first run: plan without looking at the arguments.
	cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	rec := &recorder{}
	cfg.ConnConfig.Tracer = rec
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(pool.Close)
	keys, err := pii.NewKeyring(make([]byte, pii.KeySize))
	if err != nil {
		tb.Fatal(err)
	}
	svc, err := app.Build(app.Deps{Pool: pool, PII: keys, Storage: files.LocalDir{Root: tb.TempDir()}, Clock: fixedClock{}})
	if err != nil {
		tb.Fatal(err)
	}
	return &world{db: db, pool: pool, rec: rec, picks: pick(tb, db.Pool), orgs: svc.Orgs, plans: svc.Plans, students: svc.Students,
		placements: svc.Placements, services: svc}
}

var _ clock.Clock = fixedClock{}

// actor signs in a generated user without a password: what the session would hold.
func (w *world) actor(tb testing.TB, username string) auth.Actor {
	tb.Helper()
	var a auth.Actor
	var kind, name, division *string
	err := w.db.Pool.QueryRow(context.Background(), `
		SELECT u.id, u.username, u.display_name, u.role, u.org_id, o.kind, o.name, o.division_code
		FROM users u LEFT JOIN orgs o ON o.id = u.org_id WHERE u.username = $1`, username).
		Scan(&a.UserID, &a.Username, &a.DisplayName, &a.Role, &a.OrgID, &kind, &name, &division)
	if err != nil {
		tb.Fatalf("user %s: %v", username, err)
	}
	if kind != nil {
		a.OrgKind, a.OrgName, a.DivisionCode = *kind, *name, *division
	}
	return a
}

func (w *world) orgID(tb testing.TB, name string) uuid.UUID {
	tb.Helper()
	var id uuid.UUID
	if err := w.db.Pool.QueryRow(context.Background(), `SELECT id FROM orgs WHERE name = $1`, name).Scan(&id); err != nil {
		tb.Fatalf("org %s: %v", name, err)
	}
	return id
}

// listCase is one list as one kind of actor asks for it; run returns how
// many rows came back.
type listCase struct {
	name string
	run  func(ctx context.Context) (int, error)
}

func (w *world) cases(tb testing.TB) []listCase {
	tb.Helper()
	root, province, city, county := w.actor(tb, "root"), w.actor(tb, "b510000"), w.actor(tb, "b511900"), w.actor(tb, "b511902")
	// The school sits in county 511902 (巴州区); the host takes its interns.
	p := w.picks
	school, teacher, ent, mentor := w.actor(tb, p.school), w.actor(tb, p.teacher), w.actor(tb, p.ent), w.actor(tb, p.mentor)
	student := w.actor(tb, p.student)
	school3, ent8 := p.schoolID, p.entID
	// Names to search for: two characters of one student of the school, and
	// the whole name of another student of the county.
	part, whole := p.part, p.whole
	page := 51
	n := func(k int, err error) (int, error) { return k, err }
	var cs []listCase
	// Students name no plan; only their placements.
	for _, a := range []auth.Actor{root, province, city, county, school, teacher, ent, mentor} {
		cs = append(cs, listCase{"plans as " + a.Username, func(ctx context.Context) (int, error) {
			l, err := w.plans.List(ctx, a, plans.PlanFilter{Limit: page})
			return n(len(l), err)
		}})
	}
	cs = append(cs,
		listCase{"plans submitted of a school, as the county", func(ctx context.Context) (int, error) {
			l, err := w.plans.List(ctx, county, plans.PlanFilter{Status: plans.StatusSubmitted, SchoolID: &school3, Limit: page})
			return n(len(l), err)
		}},
		listCase{"plans by major and division, as the province", func(ctx context.Context) (int, error) {
			l, err := w.plans.List(ctx, province, plans.PlanFilter{Major: p.major, DivisionPrefix: "5119", Limit: page})
			return n(len(l), err)
		}},
		listCase{"review queue of a county", func(ctx context.Context) (int, error) {
			l, err := w.plans.Queue(ctx, county, plans.PlanFilter{Limit: page})
			return n(len(l), err)
		}},
		listCase{"review queue of a county, second page", func(ctx context.Context) (int, error) {
			key := p.queueHead // the page after the queue's oldest plan
			l, err := w.plans.Queue(ctx, county, plans.PlanFilter{QueueAfter: &key, Limit: page})
			return n(len(l), err)
		}},
		listCase{"review queue of a county, filtered by school", func(ctx context.Context) (int, error) {
			l, err := w.plans.Queue(ctx, county, plans.PlanFilter{SchoolID: &school3, Limit: page})
			return n(len(l), err)
		}},
	)
	for _, a := range []auth.Actor{root, province, county, school, student} {
		cs = append(cs, listCase{"students as " + a.Username, func(ctx context.Context) (int, error) {
			l, err := w.students.List(ctx, a, students.Filter{Limit: page})
			return n(len(l), err)
		}})
	}
	cs = append(cs,
		listCase{"student name search in a school", func(ctx context.Context) (int, error) {
			l, err := w.students.List(ctx, school, students.Filter{Query: part, Limit: page})
			return n(len(l), err)
		}},
		listCase{"student name search in a county", func(ctx context.Context) (int, error) {
			l, err := w.students.List(ctx, county, students.Filter{Query: whole, Limit: page})
			return n(len(l), err)
		}},
		listCase{"student name search across the platform", func(ctx context.Context) (int, error) {
			l, err := w.students.List(ctx, root, students.Filter{Query: whole, Limit: page})
			return n(len(l), err)
		}},
		listCase{"student class of a school, as the city", func(ctx context.Context) (int, error) {
			l, err := w.students.List(ctx, city, students.Filter{SchoolID: &school3, Class: p.class, Limit: page})
			return n(len(l), err)
		}},
	)
	for _, a := range []auth.Actor{root, province, city, county, school, ent, teacher, mentor, student} {
		cs = append(cs, listCase{"placements as " + a.Username, func(ctx context.Context) (int, error) {
			l, err := w.placements.List(ctx, a, placements.Filter{Limit: page})
			return n(len(l), err)
		}})
	}
	cs = append(cs, listCase{"active placements of an enterprise, as the province", func(ctx context.Context) (int, error) {
		l, err := w.placements.List(ctx, province, placements.Filter{EnterpriseID: &ent8, Status: "active", Limit: page})
		return n(len(l), err)
	}})
	for _, a := range []auth.Actor{root, province, county, school, ent, teacher} {
		cs = append(cs,
			listCase{"orgs as " + a.Username, func(ctx context.Context) (int, error) {
				l, err := w.orgs.ListOrgs(ctx, a, orgs.OrgFilter{Limit: page})
				return n(len(l), err)
			}},
			listCase{"enterprises as " + a.Username, func(ctx context.Context) (int, error) {
				l, err := w.orgs.ListEnterprises(ctx, a, "", nil, page)
				return n(len(l), err)
			}},
			listCase{"users as " + a.Username, func(ctx context.Context) (int, error) {
				l, err := w.orgs.ListUsers(ctx, a, orgs.UserFilter{Limit: page})
				return n(len(l), err)
			}},
		)
	}
	cs = append(cs,
		// What users_org_idx is for: one organisation's users in id order, page by page.
		listCase{"users of a school, as the platform", func(ctx context.Context) (int, error) {
			l, err := w.orgs.ListUsers(ctx, root, orgs.UserFilter{OrgID: &school3, Limit: page})
			return n(len(l), err)
		}},
		listCase{"users of a school, next page, as the platform", func(ctx context.Context) (int, error) {
			l, err := w.orgs.ListUsers(ctx, root, orgs.UserFilter{OrgID: &school3, After: &uuid.Nil, Limit: page})
			return n(len(l), err)
		}},
		listCase{"schools of a city, as the province", func(ctx context.Context) (int, error) {
			l, err := w.orgs.ListOrgs(ctx, province, orgs.OrgFilter{Kind: orgs.KindSchool, DivisionPrefix: "5119", Limit: page})
			return n(len(l), err)
		}},
		listCase{"host list of a school, as the county", func(ctx context.Context) (int, error) {
			l, err := w.orgs.ListHosts(ctx, county, school3)
			return n(len(l), err)
		}},
		listCase{"posts of an enterprise", func(ctx context.Context) (int, error) {
			l, err := w.orgs.ListPosts(ctx, root, ent8)
			return n(len(l), err)
		}},
	)
	var plan3 uuid.UUID
	if err := w.db.Pool.QueryRow(context.Background(), `SELECT id FROM plans WHERE school_id = $1 LIMIT 1`, school3).Scan(&plan3); err != nil {
		tb.Fatal(err)
	}
	for name, f := range map[string]audit.ListFilter{
		"audit events as the platform": {Everything: true},
		"audit events as a county":     {DivisionPrefix: "511902"},
		"audit events as the province": {DivisionPrefix: "51"},
	} {
		cs = append(cs, listCase{name, func(ctx context.Context) (int, error) {
			f.SubjectType, f.SubjectID, f.Limit = "plan", plan3.String(), page
			l, err := audit.List(ctx, w.pool, f)
			return n(len(l), err)
		}})
	}
	return cs
}

// recorded runs every case once and keeps the statements each ran.
func (w *world) recorded(t *testing.T) map[string][]query {
	t.Helper()
	out := map[string][]query{}
	ctx := context.Background()
	w.rec.take()
	for _, c := range w.cases(t) {
		rows, err := c.run(ctx)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if rows == 0 && c.name != "enterprises as "+w.picks.teacher {
			// Every case asks for something the generated province holds.
			t.Errorf("%s: no rows", c.name)
		}
		out[c.name] = w.rec.take()
	}
	return out
}

// seqScans explains each statement as a generic plan on conn and names the
// large tables read sequentially.
func seqScans(ctx context.Context, conn *pgx.Conn, statements []query) ([]string, error) {
	return seqScansUsing(ctx, conn, statements, map[string]bool{})
}

// seqScansUsing is seqScans that also notes each index the plans read.
func seqScansUsing(ctx context.Context, conn *pgx.Conn, statements []query, indexesUsed map[string]bool) ([]string, error) {
	return explainScans(ctx, conn, statements, largeTables, indexesUsed)
}

// seqScansOf is seqScans with its own list of the tables never to read whole.
func seqScansOf(ctx context.Context, conn *pgx.Conn, statements []query, large []string) ([]string, error) {
	return explainScans(ctx, conn, statements, large, map[string]bool{})
}

func explainScans(ctx context.Context, conn *pgx.Conn, statements []query, large []string, indexesUsed map[string]bool) ([]string, error) {
	var found []string
	for i, q := range statements {
		name := fmt.Sprintf("scale_q%d", i)
		if _, err := conn.Exec(ctx, "PREPARE "+name+" AS "+q.SQL); err != nil {
			return nil, fmt.Errorf("prepare %s: %w", q.SQL, err)
		}
		// EXECUTE's arguments are expressions, not protocol parameters, so
		// each is written as a literal of the type PREPARE inferred.
		var oids []uint32
		var typeNames []string
		if err := conn.QueryRow(ctx, `SELECT array(SELECT unnest(parameter_types)::oid), parameter_types::text[]
			FROM pg_prepared_statements WHERE name = $1`, name).Scan(&oids, &typeNames); err != nil {
			return nil, err
		}
		params := make([]string, len(q.Args))
		for j, arg := range q.Args {
			text, err := conn.TypeMap().Encode(oids[j], pgtype.TextFormatCode, arg, nil)
			if err != nil {
				return nil, fmt.Errorf("encode $%d of %s: %w", j+1, q.SQL, err)
			}
			params[j] = "NULL::" + typeNames[j]
			if text != nil {
				params[j] = "'" + strings.ReplaceAll(string(text), "'", "''") + "'::" + typeNames[j]
			}
		}
		explain := "EXPLAIN (FORMAT JSON) EXECUTE " + name
		if len(params) > 0 {
			explain += "(" + strings.Join(params, ", ") + ")"
		}
		var raw []byte
		if err := conn.QueryRow(ctx, explain).Scan(&raw); err != nil {
			return nil, fmt.Errorf("explain %s: %w", q.SQL, err)
		}
		if _, err := conn.Exec(ctx, "DEALLOCATE "+name); err != nil {
			return nil, err
		}
		var plan []struct{ Plan node }
		if err := json.Unmarshal(raw, &plan); err != nil {
			return nil, err
		}
		for _, rel := range plan[0].Plan.seqScanned() {
			if idx, ok := strings.CutPrefix(rel, "index:"); ok {
				indexesUsed[idx] = true
			} else if slices.Contains(large, rel) {
				found = append(found, rel+" in: "+strings.Join(strings.Fields(q.SQL), " "))
			}
		}
	}
	return found, nil
}

type node struct {
	Type      string `json:"Node Type"`
	Relation  string `json:"Relation Name"`
	Index     string `json:"Index Name"`
	IndexCond string `json:"Index Cond"`
	Filter    string `json:"Filter"`
	Plans     []node `json:"Plans"`
}

// seqScanned names the tables read whole: scanned sequentially, or walked
// from end to end through an index that serves only the order while an
// equality to an argument is filtered row by row (what the planner falls
// back to when the index for that argument is missing). It also names,
// prefixed "index:", every index read.
func (n node) seqScanned() []string {
	var out []string
	if n.Type == "Seq Scan" {
		out = append(out, n.Relation)
	}
	if (n.Type == "Index Scan" || n.Type == "Index Only Scan") && n.IndexCond == "" && strings.Contains(n.Filter, " = $") {
		out = append(out, n.Relation)
	}
	if n.Index != "" {
		out = append(out, "index:"+n.Index)
	}
	for _, c := range n.Plans {
		out = append(out, c.seqScanned()...)
	}
	return out
}

func genericConn(t *testing.T, w *world) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, w.db.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(ctx, "SET plan_cache_mode = force_generic_plan"); err != nil {
		t.Fatal(err)
	}
	return conn
}

// TestListsAreIndexServedInGenericPlans runs every list for every kind of
// actor on a generated province with generic plans forced, and explains
// each statement it ran (the page and the children loaded for it): no
// large table may be read sequentially. Then it drops, one at a time, the
// indexes migration 00010 added for lists and checks that the same
// statements now scan: the test notices when an index goes missing.
func TestListsAreIndexServedInGenericPlans(t *testing.T) {
	w := newWorld(t, Province)
	byCase := w.recorded(t)
	conn := genericConn(t, w)
	ctx := context.Background()
	var all []query
	for name, statements := range byCase {
		all = append(all, statements...)
		found, err := seqScans(ctx, conn, statements)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range found {
			t.Errorf("%s: sequential scan of %s", name, f)
		}
	}
	// Each index the lists rely on serves at least one of them in a generic
	// plan, so dropping one (or a query no longer matching it) fails here.
	// (students_name_trgm_idx is left out: generic plans walk the school's
	// index instead; custom plans of three or more characters use it.)
	used := map[string]bool{}
	if _, err := seqScansUsing(ctx, conn, all, used); err != nil {
		t.Fatal(err)
	}
	for _, index := range []string{"plans_review_queue_idx", "plans_school_idx", "students_school_idx", "placements_school_idx",
		"placements_enterprise_id_idx", "enterprises_registered_by_idx", "users_org_idx",
		"audit_events_subject_idx", "orgs_division_code_idx", "plan_staff_user_idx", "plan_posts_enterprise_idx"} {
		if !used[index] {
			t.Errorf("no list reads %s", index)
		}
	}
	// And the check bites: without the school index, the lists of a
	// school's students read the whole table (walking the primary key and
	// filtering on the school, at this size).
	t.Run("without students_school_idx", func(t *testing.T) {
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = tx.Rollback(ctx) }()
		if _, err := tx.Exec(ctx, "DROP INDEX students_school_idx"); err != nil {
			t.Fatal(err)
		}
		found, err := seqScans(ctx, tx.Conn(), all)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) == 0 {
			t.Error("no list reads a table whole without students_school_idx: the check would not notice it missing")
		}
	})
}
