package students

import (
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/ids"
	"huhang/internal/platform/web"
)

// MaxImportBytes bounds a roster file; 10,000 rows of .xlsx take about 1 MiB.
const MaxImportBytes = 10 << 20

// ImportRoute is the import's route pattern, which gets a larger body limit.
const ImportRoute = "/api/v1/students/import"

type handlers struct{ svc *Service }

// Routes mounts the roster routes.
func Routes(authed *gin.RouterGroup, svc *Service) {
	h := handlers{svc}
	school := auth.RequireRole(auth.RoleSchoolAdmin)
	authed.POST("/students", school, auth.BindAnswer(http.StatusCreated, h.create))
	authed.GET("/students", auth.Answer(http.StatusOK, h.list))
	authed.POST("/students/import", school, auth.Answer(http.StatusOK, h.importRoster))
	authed.GET("/students/import-template", school, web.Handle(h.template))
	authed.POST("/students/search", auth.BindAnswer(http.StatusOK, h.search))
	authed.GET("/students/:id", auth.Answer(http.StatusOK, h.get))
	authed.GET("/students/:id/contact", auth.Answer(http.StatusOK, h.contact))
	authed.PUT("/students/:id", school, auth.BindAnswer(http.StatusOK, h.update))
	authed.POST("/students/:id/account", school, auth.BindAnswer(http.StatusCreated, h.account))
}

type studentRequest struct {
	StudentNo     string `json:"student_no"`
	Name          string `json:"name"`
	IDNumber      string `json:"id_number"`
	Major         string `json:"major"`
	MajorCategory string `json:"major_category"`
	EnrolledOn    string `json:"enrolled_on"`
	ClassName     string `json:"class_name"`
	Phone         string `json:"phone"`
	GuardianName  string `json:"guardian_name"`
	GuardianPhone string `json:"guardian_phone"`
}

func (r studentRequest) input() Input { return Input(r) }

type studentJSON struct {
	ID            uuid.UUID `json:"id"`
	SchoolID      uuid.UUID `json:"school_id"`
	SchoolName    string    `json:"school_name"`
	StudentNo     string    `json:"student_no"`
	Name          string    `json:"name"`
	IDNumber      string    `json:"id_number"`
	IDNumberFull  bool      `json:"id_number_full"`
	Gender        string    `json:"gender"`
	BirthDate     *string   `json:"birth_date"`
	Age           int       `json:"age"`
	Major         string    `json:"major"`
	MajorCategory string    `json:"major_category"`
	EnrolledOn    string    `json:"enrolled_on"`
	ClassName     string    `json:"class_name"`
	Phone         string    `json:"phone"`
	GuardianName  string    `json:"guardian_name"`
	GuardianPhone string    `json:"guardian_phone"`
	ContactMasked bool      `json:"contact_masked"`
	HasAccount    bool      `json:"has_account"`
	Username      *string   `json:"username"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func (h handlers) toJSON(s Student) studentJSON {
	// The birth date goes only with the full number: beside the masked one
	// it would leave just the two county digits to guess.
	id, full, birth := s.IDMasked, s.IDNumber != "", (*string)(nil)
	if full {
		b := s.BirthDate.String()
		id, birth = s.IDNumber, &b
	}
	today := clock.BusinessDay(h.svc.Now())
	return studentJSON{ID: s.ID, SchoolID: s.SchoolID, SchoolName: s.SchoolName, StudentNo: s.StudentNo, Name: s.Name,
		IDNumber: id, IDNumberFull: full, Gender: string(s.Gender), BirthDate: birth,
		Age: ids.AgeOn(ids.Date(s.BirthDate), ids.Date(today)), Major: s.Major, MajorCategory: s.MajorCategory,
		EnrolledOn: s.EnrolledOn.String(), ClassName: s.ClassName, Phone: s.Phone, GuardianName: s.GuardianName,
		GuardianPhone: s.GuardianPhone, ContactMasked: s.ContactMasked, HasAccount: s.UserID != nil, Username: s.Username, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
}

func (h handlers) create(c *gin.Context, a auth.Actor, req studentRequest) (studentJSON, error) {
	s, err := h.svc.Create(c.Request.Context(), a, req.input())
	return h.toJSON(s), err
}

func (h handlers) update(c *gin.Context, a auth.Actor, req studentRequest) (studentJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Student, error) { return h.svc.Update(c.Request.Context(), a, id, req.input()) }, h.toJSON)
}

func (h handlers) get(c *gin.Context, a auth.Actor) (studentJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Student, error) { return h.svc.Get(c.Request.Context(), a, id) }, h.toJSON)
}

func (h handlers) list(c *gin.Context, a auth.Actor) (web.ListBody[studentJSON], error) {
	page, err := web.PageFrom(c)
	if err != nil {
		return web.ListBody[studentJSON]{}, err
	}
	f := Filter{Query: strings.TrimSpace(c.Query("q")), Class: strings.TrimSpace(c.Query("class")), After: page.After, Limit: page.Fetch()}
	if raw := c.Query("school_id"); raw != "" {
		id, err := uuid.Parse(raw)
		if err != nil {
			return web.ListBody[studentJSON]{}, apperr.Invalid("查询条件有误", apperr.FieldError{Field: "school_id", Message: "学校编号无效"})
		}
		f.SchoolID = &id
	}
	list, err := h.svc.List(c.Request.Context(), a, f)
	return web.Paged(web.Map(list, h.toJSON), page, func(s studentJSON) string { return s.ID.String() }), err
}

type searchRequest struct {
	IDNumber string `json:"id_number"`
}

// searchLimit bounds an ID search: one number matches at most one student
// per school, so a page is never needed.
const searchLimit = 200

func (h handlers) search(c *gin.Context, a auth.Actor, req searchRequest) (web.ListBody[studentJSON], error) {
	page := web.Page{Limit: searchLimit}
	list, err := h.svc.Search(c.Request.Context(), a, req.IDNumber, Filter{Limit: page.Fetch()})
	return web.Paged(web.Map(list, h.toJSON), page, func(s studentJSON) string { return s.ID.String() }), err
}

type contactJSON struct {
	Phone         string `json:"phone"`
	GuardianName  string `json:"guardian_name"`
	GuardianPhone string `json:"guardian_phone"`
}

func (h handlers) contact(c *gin.Context, a auth.Actor) (contactJSON, error) {
	// Whole contacts stay out of every cache between here and the reader.
	c.Header("Cache-Control", "no-store")
	return web.ByPathID(c, func(id uuid.UUID) (Contact, error) { return h.svc.ViewContact(c.Request.Context(), a, id) },
		func(ct Contact) contactJSON { return contactJSON(ct) })
}

type importJSON struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
}

func (h handlers) importRoster(c *gin.Context, a auth.Actor) (importJSON, error) {
	file, err := web.FormFile(c, "file", MaxImportBytes)
	if err != nil {
		return importJSON{}, err
	}
	res, err := h.svc.Import(c.Request.Context(), a, file.Data)
	return importJSON{Created: res.Created, Updated: res.Updated}, err
}

func (h handlers) template(c *gin.Context) error {
	contentType, filename, data, err := RosterTemplate(c.Query("format"))
	if err != nil {
		return err
	}
	// The ASCII name is for old clients; filename* carries the Chinese one.
	c.Header("Content-Disposition", `attachment; filename="students-template`+path.Ext(filename)+`"; filename*=UTF-8''`+url.PathEscape(filename))
	c.Data(http.StatusOK, contentType, data)
	return nil
}

type accountRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (h handlers) account(c *gin.Context, a auth.Actor, req accountRequest) (studentJSON, error) {
	return web.ByPathID(c, func(id uuid.UUID) (Student, error) {
		return h.svc.CreateAccount(c.Request.Context(), a, id, req.Username, req.Password)
	}, h.toJSON)
}
