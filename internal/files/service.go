package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/postgres"
)

// MaxBytes bounds one uploaded file: a scanned multi-page agreement fits.
const MaxBytes = 10 << 20

// allowed maps sniffed content types to the extension a download gets.
var allowed = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

// File is the metadata of one upload.
type File struct {
	ID          uuid.UUID
	OrgID       *uuid.UUID
	UploadedBy  uuid.UUID
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	storageKey  string
	CreatedAt   time.Time
}

// Service stores uploads.
type Service struct {
	pool    *pgxpool.Pool
	storage Storage
}

func NewService(pool *pgxpool.Pool, storage Storage) *Service {
	return &Service{pool: pool, storage: storage}
}

// Sniff names the content type of data when it is one we accept. PDF is
// recognised by its header anywhere in the first KiB, as readers do.
func Sniff(data []byte) (string, bool) {
	ct := http.DetectContentType(data)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	_, ok := allowed[ct]
	return ct, ok
}

// Upload checks and stores a file for the actor. The bytes go to storage
// before the row commits, so a recorded file always has its bytes; a failed
// commit leaves only an unreferenced blob.
func (s *Service) Upload(ctx context.Context, actor auth.Actor, name string, data []byte) (File, error) {
	ct, ok := Sniff(data)
	if !ok {
		return File{}, apperr.Invalid("只能上传 PDF、JPEG 或 PNG 文件", apperr.FieldError{Field: "file",
			Message: "文件内容不是 PDF、JPEG 或 PNG（按内容识别，与文件名无关）"})
	}
	name = cleanName(name, ct)
	sum := sha256.Sum256(data)
	f := File{ID: uuid.Must(uuid.NewV7()), OrgID: actor.OrgID, UploadedBy: actor.UserID, Name: name, ContentType: ct,
		Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	f.storageKey = f.ID.String()
	if err := s.storage.Put(ctx, f.storageKey, data); err != nil {
		return File{}, apperr.Internal(err)
	}
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO files (id, org_id, uploaded_by, name, content_type, size, sha256, storage_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING created_at`,
			f.ID, f.OrgID, f.UploadedBy, f.Name, f.ContentType, f.Size, f.SHA256, f.storageKey).Scan(&f.CreatedAt)
		if err != nil {
			return postgres.Translate(err, "files: insert")
		}
		return audit.Record(ctx, tx, actor.Who(), audit.Event{Action: "file.upload", SubjectType: "file", SubjectID: f.ID.String(),
			After: map[string]any{"name": f.Name, "content_type": f.ContentType, "size": f.Size, "sha256": f.SHA256}})
	})
	return f, err
}

// cleanName keeps a readable name without paths or control characters and
// gives it the extension of what the content really is.
func cleanName(name, contentType string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	ext := allowed[contentType]
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if base == "" || base == "." || base == "/" {
		base = "file"
	}
	for utf8.RuneCountInString(base) > 100 {
		r := []rune(base)
		base = string(r[:100])
	}
	return base + ext
}

// ByID reads file metadata without scoping; callers decide who may see it.
func (s *Service) ByID(ctx context.Context, db postgres.DBTX, id uuid.UUID) (File, error) {
	if db == nil {
		db = s.pool
	}
	var f File
	err := db.QueryRow(ctx, `SELECT id, org_id, uploaded_by, name, content_type, size, sha256, storage_key, created_at
		FROM files WHERE id = $1`, id).Scan(&f.ID, &f.OrgID, &f.UploadedBy, &f.Name, &f.ContentType, &f.Size, &f.SHA256,
		&f.storageKey, &f.CreatedAt)
	return f, postgres.Translate(err, "files: get "+id.String())
}

// UsableBy says whether the actor may attach the file: it must be theirs or
// their organisation's, so nobody can point a document at someone else's upload.
func (f File) UsableBy(actor auth.Actor) bool {
	return f.UploadedBy == actor.UserID || (f.OrgID != nil && actor.OrgID != nil && *f.OrgID == *actor.OrgID)
}

// Open streams the bytes of a file the caller has already been allowed to read.
func (s *Service) Open(ctx context.Context, f File) (io.ReadCloser, error) {
	r, err := s.storage.Open(ctx, f.storageKey)
	if err != nil {
		return nil, apperr.Internal(fmt.Errorf("files: open %s: %w", f.ID, err))
	}
	return r, nil
}
