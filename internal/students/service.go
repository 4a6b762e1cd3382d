package students

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/text/width"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/orgs"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/pii"
	"huhang/internal/platform/postgres"
)

// idPurpose binds sealed ID numbers to this column (pii associated data).
const idPurpose = "students.id_number"

// Service holds the roster use cases.
type Service struct {
	pool  *pgxpool.Pool
	orgs  Orgs
	keys  *pii.Keyring
	clock clock.Clock
}

// Orgs is what students need of organisations (declared by the consumer,
// implemented by *orgs.Service): the school a roster belongs to, read inside
// the caller's transaction when given one, and the login a school admin
// gives a student, created in the transaction that links it.
type Orgs interface {
	OrgByID(ctx context.Context, db postgres.DBTX, id uuid.UUID) (orgs.Org, error)
	CreateUser(ctx context.Context, actor *auth.Actor, in orgs.NewUser) (orgs.User, error)
}

var _ Orgs = (*orgs.Service)(nil)

func NewService(pool *pgxpool.Pool, orgsSvc Orgs, keys *pii.Keyring, clk clock.Clock) *Service {
	return &Service{pool: pool, orgs: orgsSvc, keys: keys, clock: clk}
}

// seal turns a validated input into the row to write.
func (s *Service) seal(v valid, id, schoolID uuid.UUID) record {
	cipher, keyID := s.keys.Seal(v.id.Normalized, idPurpose)
	return record{ID: id, SchoolID: schoolID, StudentNo: v.StudentNo, Name: v.Name, Cipher: cipher, KeyID: keyID,
		Hash: s.keys.Hash(v.id.Normalized), Masked: ids.MaskIDNumber(v.id.Normalized), Gender: string(v.id.Gender),
		BirthDate: utcDay(clock.Date(v.id.BirthDate)), EnrolledOn: utcDay(v.enrolled), Major: v.Major,
		MajorCategory: v.MajorCategory, ClassName: v.ClassName, Phone: v.Phone, GuardianName: v.GuardianName,
		GuardianPhone: v.GuardianPhone}
}

func utcDay(d clock.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

func ownSchool(actor auth.Actor) (uuid.UUID, error) {
	if actor.Role != auth.RoleSchoolAdmin || actor.OrgID == nil {
		return uuid.Nil, apperr.Forbidden("只有学校管理员可以维护学生名单")
	}
	return *actor.OrgID, nil
}

// afterOf is the audit view of a student: never the ID number itself.
func afterOf(r record) map[string]any {
	return map[string]any{"student_no": r.StudentNo, "name": r.Name, "id_number": r.Masked, "class_name": r.ClassName,
		"major": r.Major, "enrolled_on": r.EnrolledOn.Format(time.DateOnly)}
}

// Create adds a student to the actor's school.
func (s *Service) Create(ctx context.Context, actor auth.Actor, in Input) (Student, error) {
	schoolID, err := ownSchool(actor)
	if err != nil {
		return Student{}, err
	}
	v, fe := validate(in, s.clock.Now(), parseISODate)
	if err := apperr.FieldErrors(fe).Err("学生信息有误"); err != nil {
		return Student{}, err
	}
	r := s.seal(v, uuid.Must(uuid.NewV7()), schoolID)
	school, err := s.orgs.OrgByID(ctx, nil, schoolID)
	if err != nil {
		return Student{}, err
	}
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := insertStudent(ctx, tx, r); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "student.create", SubjectType: "student",
			SubjectID: r.ID.String(), DivisionCode: school.DivisionCode, After: afterOf(r)})
	})
	if err != nil {
		return Student{}, err
	}
	return getStudent(ctx, s.pool, r.ID, nil, false)
}

// Update replaces a student's details; only the student's school may.
func (s *Service) Update(ctx context.Context, actor auth.Actor, id uuid.UUID, in Input) (Student, error) {
	var out Student
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := getStudent(ctx, tx, id, &actor, true)
		if err != nil {
			return err
		}
		if _, err := ownSchool(actor); err != nil {
			return err
		}
		v, fe := validate(in, s.clock.Now(), parseISODate)
		if err := apperr.FieldErrors(fe).Err("学生信息有误"); err != nil {
			return err
		}
		r := s.seal(v, cur.ID, cur.SchoolID)
		if err := updateStudent(ctx, tx, r); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "student.update", SubjectType: "student",
			SubjectID: id.String(), DivisionCode: cur.SchoolDivision,
			Before: map[string]any{"student_no": cur.StudentNo, "name": cur.Name, "id_number": cur.IDMasked, "class_name": cur.ClassName},
			After:  afterOf(r)}); err != nil {
			return err
		}
		out, err = getStudent(ctx, tx, id, nil, false)
		return err
	})
	return out, err
}

// SeesFullIDNumber says whether the role needs the full ID number: the
// school that enrols the student (agreements, insurance) and the platform
// administrator (support). Bureaus, enterprises and teachers see it masked.
func SeesFullIDNumber(actor auth.Actor) bool {
	return actor.Role == auth.RoleSchoolAdmin || actor.Role == auth.RolePlatformAdmin
}

// SeesContactsWhole says whether the actor reads a student's phone and the
// guardian's name and phone whole, in lists and on the record, without an
// audited view: the administrator of the student's own school, who must be
// able to reach the guardian (the Art 9 consent is signed by student and
// guardian; emergencies), and the student themself. Everyone else gets them
// masked (bureau auditors, the platform administrator, teachers,
// enterprises): a list is read in bulk, and a guardian's number in the wrong
// hands is how students are pressed; reading it whole takes ViewContact.
func SeesContactsWhole(actor auth.Actor, st Student) bool {
	switch actor.Role {
	case auth.RoleSchoolAdmin:
		return actor.InOrg(st.SchoolID)
	case auth.RoleStudent:
		return st.UserID != nil && *st.UserID == actor.UserID
	}
	return false
}

// MayViewContact says who may open a student's contacts, one audited record
// at a time, once scoping has let them see the student: bureau auditors (a
// complaint or an inspection may need the guardian), the platform
// administrator (support), the student's school and the student, and
// teachers (an instructor on site may have to call a guardian in an
// emergency; today the roster's scope shows teachers no student, so this is
// the rule waiting for the placements view). Enterprise administrators and
// mentors never: they reach a guardian through the school, which keeps
// guardians' numbers out of employers' hands. That is the reading that
// protects the student where the 2021 rules say nothing explicit.
func MayViewContact(actor auth.Actor) bool {
	return actor.Is(auth.RoleBureauAuditor, auth.RolePlatformAdmin, auth.RoleSchoolAdmin, auth.RoleStudent, auth.RoleTeacher)
}

// forActor masks what the actor may not see whole.
func forActor(actor auth.Actor, st Student) Student {
	if SeesContactsWhole(actor, st) {
		return st
	}
	return st.masked()
}

// Get reads a student in scope. For roles that need it the full ID number is
// opened, and that view is audited in the same transaction as the read.
// Contacts follow SeesContactsWhole; ViewContact opens them for the others.
func (s *Service) Get(ctx context.Context, actor auth.Actor, id uuid.UUID) (Student, error) {
	st, err := getStudent(ctx, s.pool, id, &actor, false)
	if err != nil {
		return Student{}, err
	}
	st = forActor(actor, st)
	if !SeesFullIDNumber(actor) {
		return st, nil
	}
	plain, err := s.keys.Open(st.idCipher, st.idKeyID, idPurpose)
	if err != nil {
		return Student{}, apperr.Internal(err)
	}
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "student.view_id_number", SubjectType: "student",
			SubjectID: id.String(), DivisionCode: st.SchoolDivision})
	})
	if err != nil {
		return Student{}, err
	}
	st.IDNumber = plain
	return st, nil
}

// ViewContact opens a student's phone and the guardian's name and phone for
// a caller who may see the student, and records that view in the same
// transaction, exactly once per call, whoever the caller is.
func (s *Service) ViewContact(ctx context.Context, actor auth.Actor, id uuid.UUID) (Contact, error) {
	st, err := getStudent(ctx, s.pool, id, &actor, false)
	if err != nil {
		return Contact{}, err
	}
	if !MayViewContact(actor) {
		return Contact{}, apperr.Forbidden(auth.RoleName(actor.Role) + "无权查看学生及监护人的联系方式，请联系学生所在学校")
	}
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "student.view_contact", SubjectType: "student",
			SubjectID: id.String(), DivisionCode: st.SchoolDivision})
	})
	if err != nil {
		return Contact{}, err
	}
	return Contact{Phone: st.Phone, GuardianName: st.GuardianName, GuardianPhone: st.GuardianPhone}, nil
}

// LooksLikeIDNumber says whether a search text is, or is meant to be, a whole
// ID number (15 or 18 characters, valid or not): such text belongs in a POST
// body, never in a URL that proxies and browsers keep.
func LooksLikeIDNumber(q string) bool {
	q = strings.ToUpper(strings.Join(strings.Fields(width.Fold.String(q)), ""))
	digits := func(s string) bool {
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		return true
	}
	switch len(q) {
	case 15:
		return digits(q)
	case 18:
		return digits(q[:17]) && (digits(q[17:]) || q[17] == 'X')
	}
	return false
}

// idInQuery refuses an ID number in ?q=.
func idInQuery() error {
	e := apperr.Invalid("身份证号不能放在网址中查询，请改用 POST /api/v1/students/search 提交",
		apperr.FieldError{Field: "q", Message: "按身份证号查找请使用 POST /api/v1/students/search，身份证号放在请求体中"})
	e.Code = "ID_NUMBER_IN_QUERY"
	return e
}

// List reads students in scope by name, student number and class, ID
// numbers masked and contacts as SeesContactsWhole allows. An ID number in
// the query is refused: it goes through Search. The platform
// administrator's lists span every school, so each one is audited.
func (s *Service) List(ctx context.Context, actor auth.Actor, f Filter) ([]Student, error) {
	if LooksLikeIDNumber(f.Query) {
		return nil, idInQuery()
	}
	f.Hashes = nil
	return s.list(ctx, actor, f, map[string]any{"q": f.Query, "class": f.Class, "school_id": f.SchoolID, "cursor": f.After})
}

// Search finds students in scope by a whole ID number, through its keyed
// hashes (one per key, so rotation does not hide anyone).
func (s *Service) Search(ctx context.Context, actor auth.Actor, idNumber string, f Filter) ([]Student, error) {
	id, err := ids.ParseIDNumber(idNumber, s.clock.Now())
	if err != nil {
		return nil, apperr.Invalid("身份证号有误", apperr.FieldError{Field: "id_number", Message: err.Error()})
	}
	f.Query, f.Class, f.Hashes = "", "", s.keys.Hashes(id.Normalized)
	return s.list(ctx, actor, f, map[string]any{"id_number": ids.MaskIDNumber(id.Normalized), "school_id": f.SchoolID,
		"cursor": f.After})
}

func (s *Service) list(ctx context.Context, actor auth.Actor, f Filter, filter map[string]any) ([]Student, error) {
	list, err := listStudents(ctx, s.pool, actor, f)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i] = forActor(actor, list[i])
	}
	if actor.Role != auth.RolePlatformAdmin {
		return list, nil
	}
	// One event per request names the filter and how many rows came back;
	// one per row would bury the trail it is meant to keep.
	filter["returned"] = min(len(list), max(f.Limit-1, 0))
	err = postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "student.list", SubjectType: "student",
			SubjectID: "", After: filter})
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// CreateAccount gives a student a login in the same transaction that links it.
func (s *Service) CreateAccount(ctx context.Context, actor auth.Actor, id uuid.UUID, username, password string) (Student, error) {
	st, err := getStudent(ctx, s.pool, id, &actor, false)
	if err != nil {
		return Student{}, err
	}
	if _, err := ownSchool(actor); err != nil {
		return Student{}, err
	}
	if st.UserID != nil {
		return Student{}, apperr.Conflict("ACCOUNT_EXISTS", "该学生已开通账号")
	}
	_, err = s.orgs.CreateUser(ctx, &actor, orgs.NewUser{Username: username, Password: password, DisplayName: st.Name,
		Role: auth.RoleStudent, OrgID: &st.SchoolID, Phone: st.Phone,
		AlsoInTx: func(ctx context.Context, tx pgx.Tx, u orgs.User) error {
			if err := linkUser(ctx, tx, st.ID, u.ID); err != nil {
				return err
			}
			return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "student.link_account", SubjectType: "student",
				SubjectID: st.ID.String(), DivisionCode: st.SchoolDivision, After: map[string]any{"user_id": u.ID, "username": u.Username}})
		}})
	if err != nil {
		return Student{}, err
	}
	return getStudent(ctx, s.pool, id, nil, false)
}

// ByID reads students without scoping, for higher domains (placements) that
// scope their own records. ID numbers stay masked.
func (s *Service) ByID(ctx context.Context, db postgres.DBTX, idList []uuid.UUID) (map[uuid.UUID]Student, error) {
	if db == nil {
		db = s.pool
	}
	return studentsByID(ctx, db, idList)
}

// LinkAccount links an existing student account to a student (the demo seed
// and the operator's command line use it).
func (s *Service) LinkAccount(ctx context.Context, studentID, userID uuid.UUID) error {
	return postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := linkUser(ctx, tx, studentID, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Who{}, audit.Event{Action: "student.link_account", SubjectType: "student",
			SubjectID: studentID.String(), After: map[string]any{"user_id": userID}})
	})
}

// Now is the service clock, for handlers that compute ages.
func (s *Service) Now() time.Time { return s.clock.Now() }
