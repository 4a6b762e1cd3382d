package students

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
)

const studentSelect = `
	SELECT st.id, st.school_id, sch.name, sch.division_code, st.user_id, u.username, st.student_no, st.name,
	       st.id_masked, st.id_cipher, st.id_key_id, st.gender, st.birth_date, st.major, st.major_category,
	       st.enrolled_on, st.class_name, st.phone, st.guardian_name, st.guardian_phone, st.created_at, st.updated_at
	FROM students st JOIN orgs sch ON sch.id = st.school_id LEFT JOIN users u ON u.id = st.user_id`

func scanStudent(row pgx.Row) (Student, error) {
	var s Student
	var birth, enrolled time.Time
	err := row.Scan(&s.ID, &s.SchoolID, &s.SchoolName, &s.SchoolDivision, &s.UserID, &s.Username, &s.StudentNo, &s.Name,
		&s.IDMasked, &s.idCipher, &s.idKeyID, &s.Gender, &birth, &s.Major, &s.MajorCategory, &enrolled, &s.ClassName,
		&s.Phone, &s.GuardianName, &s.GuardianPhone, &s.CreatedAt, &s.UpdatedAt)
	s.BirthDate, s.EnrolledOn = clock.DateOf(birth), clock.DateOf(enrolled)
	return s, err
}

func getStudent(ctx context.Context, db postgres.DBTX, id uuid.UUID, actor *auth.Actor, forUpdate bool) (Student, error) {
	where, args := auth.ScopedWhere(actor, involvedStudent, "st.id = $1", []any{id})
	query := studentSelect + " WHERE " + where
	if forUpdate {
		query += " FOR UPDATE OF st"
	}
	s, err := scanStudent(db.QueryRow(ctx, query, args...))
	return s, postgres.Translate(err, "students: get "+id.String())
}

// studentsByID reads students without scoping, for higher domains that have
// already scoped their own records.
func studentsByID(ctx context.Context, db postgres.DBTX, idList []uuid.UUID) (map[uuid.UUID]Student, error) {
	rows, err := db.Query(ctx, studentSelect+" WHERE st.id = ANY($1)", idList)
	if err != nil {
		return nil, postgres.Translate(err, "students: by id")
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Student, error) { return scanStudent(r) })
	if err != nil {
		return nil, postgres.Translate(err, "students: by id")
	}
	out := make(map[uuid.UUID]Student, len(list))
	for _, s := range list {
		out[s.ID] = s
	}
	return out, nil
}

// record is a student row as written.
type record struct {
	ID                                                                  uuid.UUID
	SchoolID                                                            uuid.UUID
	StudentNo, Name                                                     string
	Cipher                                                              []byte
	KeyID                                                               string
	Hash                                                                []byte
	Masked, Gender                                                      string
	BirthDate, EnrolledOn                                               time.Time // UTC midnight, as pgx encodes dates
	Major, MajorCategory, ClassName, Phone, GuardianName, GuardianPhone string
}

func (r record) values() []any {
	return []any{r.ID, r.SchoolID, r.StudentNo, r.Name, r.Cipher, r.KeyID, r.Hash, r.Masked, r.Gender, r.BirthDate,
		r.Major, r.MajorCategory, r.EnrolledOn, r.ClassName, r.Phone, r.GuardianName, r.GuardianPhone}
}

var recordColumns = []string{"id", "school_id", "student_no", "name", "id_cipher", "id_key_id", "id_hash", "id_masked",
	"gender", "birth_date", "major", "major_category", "enrolled_on", "class_name", "phone", "guardian_name", "guardian_phone"}

func insertStudent(ctx context.Context, db postgres.DBTX, r record) error {
	_, err := db.Exec(ctx, `INSERT INTO students (id, school_id, student_no, name, id_cipher, id_key_id, id_hash, id_masked,
		gender, birth_date, major, major_category, enrolled_on, class_name, phone, guardian_name, guardian_phone)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`, r.values()...)
	return translateUnique(err, "students: insert")
}

func updateStudent(ctx context.Context, db postgres.DBTX, r record) error {
	_, err := db.Exec(ctx, `UPDATE students SET student_no = $3, name = $4, id_cipher = $5, id_key_id = $6, id_hash = $7,
		id_masked = $8, gender = $9, birth_date = $10, major = $11, major_category = $12, enrolled_on = $13, class_name = $14,
		phone = $15, guardian_name = $16, guardian_phone = $17, updated_at = now()
		WHERE id = $1 AND school_id = $2`, r.values()...)
	return translateUnique(err, "students: update")
}

// translateUnique names the field a uniqueness conflict is about, so a form
// can show it where the clerk typed it.
func translateUnique(err error, what string) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		switch pgErr.ConstraintName {
		case "students_school_id_student_no_key":
			return studentNoTaken()
		case "students_school_id_id_hash_key":
			return idNumberTaken()
		}
	}
	return postgres.Translate(err, what)
}

func studentNoTaken() error {
	e := apperr.Conflict("STUDENT_NO_EXISTS", "学号已被本校其他学生使用")
	e.Details = []apperr.FieldError{{Field: "student_no", Message: "学号已被本校其他学生使用"}}
	return e
}

func idNumberTaken() error {
	e := apperr.Conflict("ID_NUMBER_EXISTS", "该身份证号已登记在本校其他学生名下")
	e.Details = []apperr.FieldError{{Field: "id_number", Message: "该身份证号已登记在本校其他学生名下"}}
	return e
}

// existing is what an import needs to know about a school's current roster.
type existing struct {
	ID        uuid.UUID
	StudentNo string
	Hash      []byte
}

func rosterOf(ctx context.Context, db postgres.DBTX, schoolID uuid.UUID) ([]existing, error) {
	rows, err := db.Query(ctx, `SELECT id, student_no, id_hash FROM students WHERE school_id = $1`, schoolID)
	if err != nil {
		return nil, postgres.Translate(err, "students: roster")
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[existing])
	return list, postgres.Translate(err, "students: roster")
}

func linkUser(ctx context.Context, db postgres.DBTX, studentID, userID uuid.UUID) error {
	tag, err := db.Exec(ctx, `UPDATE students SET user_id = $2, updated_at = now() WHERE id = $1 AND user_id IS NULL`, studentID, userID)
	if err != nil {
		return postgres.Translate(err, "students: link user")
	}
	if tag.RowsAffected() == 0 {
		return apperr.Conflict("ACCOUNT_EXISTS", "该学生已开通账号")
	}
	return nil
}
