package students

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

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
	orgs  *orgs.Service
	keys  *pii.Keyring
	clock clock.Clock
}

func NewService(pool *pgxpool.Pool, orgsSvc *orgs.Service, keys *pii.Keyring, clk clock.Clock) *Service {
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

// Get reads a student in scope. For roles that need it the full ID number is
// opened, and that view is audited in the same transaction as the read.
func (s *Service) Get(ctx context.Context, actor auth.Actor, id uuid.UUID) (Student, error) {
	st, err := getStudent(ctx, s.pool, id, &actor, false)
	if err != nil || !SeesFullIDNumber(actor) {
		return st, err
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

// List reads students in scope, ID numbers masked. A query that is a whole
// valid ID number is matched exactly through the keyed hash.
func (s *Service) List(ctx context.Context, actor auth.Actor, f Filter) ([]Student, error) {
	if id, err := ids.ParseIDNumber(f.Query, s.clock.Now()); err == nil {
		f.Hashes = s.keys.Hashes(id.Normalized)
	}
	return listStudents(ctx, s.pool, actor, f)
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
