package files

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/web"
)

// UploadRoute is the upload's route pattern, which gets a larger body limit.
const UploadRoute = "/api/v1/files"

// JSON is a file as the API shows it.
type JSON struct {
	ID          uuid.UUID `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}

// ToJSON renders file metadata.
func ToJSON(f File) JSON {
	return JSON{ID: f.ID, Name: f.Name, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256, CreatedAt: f.CreatedAt}
}

// Routes mounts the upload route. Downloads go through the record a file is
// attached to, which decides who may read it.
func Routes(authed *gin.RouterGroup, svc *Service) {
	authed.POST("/files", auth.RequireRole(auth.RoleSchoolAdmin, auth.RoleEnterpriseAdmin, auth.RoleStudent, auth.RoleTeacher,
		auth.RoleEnterpriseMentor, auth.RoleBureauAuditor), auth.Answer(http.StatusCreated, func(c *gin.Context, a auth.Actor) (JSON, error) {
		up, err := web.FormFile(c, "file", MaxBytes)
		if err != nil {
			return JSON{}, err
		}
		f, err := svc.Upload(c.Request.Context(), a, up.Name, up.Data)
		return ToJSON(f), err
	}))
}

// Serve writes a file as a download.
func (s *Service) Serve(c *gin.Context, f File) error {
	r, err := s.Open(c.Request.Context(), f)
	if err != nil {
		return err
	}
	defer r.Close()
	// Uploaded files are the users' content, not ours: saved, never shown in
	// our origin, and sandboxed should a browser render one anyway (a PDF
	// with script, an image that sniffs as HTML).
	c.Header("Content-Disposition", `attachment; filename="document`+allowed[f.ContentType]+`"`)
	c.Header("Content-Security-Policy", "sandbox")
	c.Header("X-Content-Type-Options", "nosniff")
	c.DataFromReader(http.StatusOK, f.Size, f.ContentType, r, nil)
	return nil
}
