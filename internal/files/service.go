package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/audit"
	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/redisx"
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

const (
	// UploadLimit uploads per user in UploadWindow: a placement needs four
	// scans, a class's consent forms a few dozen over an afternoon; a
	// script filling the disk needs far more.
	UploadLimit  = 30
	UploadWindow = 10 * time.Minute
	// StaleAfter is how long an upload may wait to be attached before the
	// worker removes it: long enough to finish a form the next morning.
	StaleAfter = 24 * time.Hour
	// staleBatch bounds one cleanup run, so a backlog drains over several
	// runs instead of holding the leader for long.
	staleBatch = 500
)

// Service stores uploads.
type Service struct {
	pool    *pgxpool.Pool
	storage Storage
	rdb     *redisx.Client
	clock   clock.Clock
}

// NewService builds the file service. rdb counts uploads per user; storage
// and rdb may be nil only for callers that never upload (they get an error
// if they try).
func NewService(pool *pgxpool.Pool, storage Storage, rdb *redisx.Client, clk clock.Clock) *Service {
	if clk == nil {
		clk = clock.System{}
	}
	return &Service{pool: pool, storage: storage, rdb: rdb, clock: clk}
}

// allowUpload counts the attempt and refuses it past UploadLimit within any
// UploadWindow; a refused attempt is not counted.
func (s *Service) allowUpload(ctx context.Context, actor auth.Actor) error {
	if s.rdb == nil {
		return apperr.Internal(errors.New("files: upload without a rate limiter"))
	}
	return auth.Limit(ctx, s.rdb, "upload:"+actor.UserID.String(), s.clock.Now(), "暂时无法上传文件，请稍后再试",
		fmt.Sprintf("上传过于频繁：每 %d 分钟最多上传 %d 个文件，请 %%d 秒后再试", int(UploadWindow.Minutes()), UploadLimit),
		auth.Rate{Max: UploadLimit, Per: UploadWindow})
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
	if err := s.allowUpload(ctx, actor); err != nil {
		return File{}, err
	}
	return s.Store(ctx, actor, name, data)
}

// Store is Upload without the per-user rate limit, for callers that no
// request drives (the demo seed runs before any Redis is needed). Every
// other check and the audit event are the same.
func (s *Service) Store(ctx context.Context, actor auth.Actor, name string, data []byte) (File, error) {
	if s.storage == nil {
		return File{}, apperr.Internal(errors.New("files: upload without a storage"))
	}
	ct, ok := Sniff(data)
	if !ok {
		return File{}, apperr.Invalid("只能上传 PDF、JPEG 或 PNG 文件", apperr.FieldError{Field: "file",
			Message: "文件内容不是 PDF、JPEG 或 PNG（按内容识别，与文件名无关）"})
	}
	name = cleanName(name, ct)
	sum := sha256.Sum256(data)
	// The business clock stamps the upload, so the day an upload may wait
	// is measured on the same clock as the cleanup that ends it.
	f := File{ID: uuid.Must(uuid.NewV7()), OrgID: actor.OrgID, UploadedBy: actor.UserID, Name: name, ContentType: ct,
		Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), CreatedAt: s.clock.Now().UTC()}
	f.storageKey = f.ID.String()
	if err := s.storage.Put(ctx, f.storageKey, data); err != nil {
		return File{}, apperr.Internal(err)
	}
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO files (id, org_id, uploaded_by, name, content_type, size, sha256, storage_key, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			f.ID, f.OrgID, f.UploadedBy, f.Name, f.ContentType, f.Size, f.SHA256, f.storageKey, f.CreatedAt)
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

// MarkAttached records, in the caller's transaction, that a record now
// points at the file, so the cleanup never removes it, not even after a
// newer scan replaces it (the audit trail still names it). Callers have
// checked the file is theirs to attach.
func (s *Service) MarkAttached(ctx context.Context, db postgres.DBTX, id uuid.UUID) error {
	_, err := db.Exec(ctx, `UPDATE files SET attached_at = $2 WHERE id = $1 AND attached_at IS NULL`, id, s.clock.Now().UTC())
	return postgres.Translate(err, "files: mark attached "+id.String())
}

// RemoveStale removes uploads that nobody attached within StaleAfter: the
// row, its stored bytes, and an audit event by the system actor, one file
// per transaction. Running it again finds nothing more to do. A file some
// record points at is never removed, whether or not it was marked: the
// foreign key refuses the delete, and a record attaching the file at the
// same moment either commits first (and the delete is refused) or finds the
// file gone (and is refused).
func (s *Service) RemoveStale(ctx context.Context) (int, error) {
	if s.storage == nil {
		return 0, errors.New("files: cleanup without a storage")
	}
	cutoff := s.clock.Now().Add(-StaleAfter).UTC()
	rows, err := s.pool.Query(ctx, `SELECT id FROM files WHERE attached_at IS NULL AND created_at < $1
		ORDER BY created_at LIMIT $2`, cutoff, staleBatch)
	if err != nil {
		return 0, postgres.Translate(err, "files: stale")
	}
	candidates, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	if err != nil {
		return 0, postgres.Translate(err, "files: stale")
	}
	removed := 0
	for _, id := range candidates {
		gone, err := s.removeOne(ctx, id, cutoff)
		if err != nil {
			return removed, err
		}
		if gone {
			removed++
		}
	}
	return removed, nil
}

func (s *Service) removeOne(ctx context.Context, id uuid.UUID, cutoff time.Time) (bool, error) {
	gone := false
	err := postgres.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var f File
		err := tx.QueryRow(ctx, `DELETE FROM files WHERE id = $1 AND attached_at IS NULL AND created_at < $2
			RETURNING name, content_type, size, sha256, storage_key, uploaded_by, created_at`, id, cutoff).
			Scan(&f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.storageKey, &f.UploadedBy, &f.CreatedAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // attached or removed since the candidates were read
		}
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23503" {
			return errReferenced // the transaction is aborted: roll it back
		}
		if err != nil {
			return postgres.Translate(err, "files: remove "+id.String())
		}
		// The bytes go inside the transaction: if the commit then fails, the
		// row stays, points at nothing, and the next run removes it again.
		if err := s.storage.Delete(ctx, f.storageKey); err != nil {
			return fmt.Errorf("files: remove bytes of %s: %w", id, err)
		}
		if err := audit.Record(ctx, tx, auth.System.Who(), audit.Event{Action: "file.remove_stale", SubjectType: "file",
			SubjectID: id.String(), Before: map[string]any{"name": f.Name, "content_type": f.ContentType, "size": f.Size,
				"sha256": f.SHA256, "uploaded_by": f.UploadedBy, "created_at": f.CreatedAt}}); err != nil {
			return err
		}
		gone = true
		return nil
	})
	if errors.Is(err, errReferenced) {
		return false, nil // a record points at it: attached, whatever attached_at says
	}
	if err != nil {
		return false, err
	}
	return gone, nil
}

var errReferenced = errors.New("files: referenced by a record")
