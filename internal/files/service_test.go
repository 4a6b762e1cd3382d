package files_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/files"
	"huhang/internal/platform/apperr"
	"huhang/internal/testapp"
)

var (
	png  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")
	pdf  = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	jpeg = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
)

func actorOf(t *testing.T, app *testapp.App, username string, role auth.Role) auth.Actor {
	t.Helper()
	var org uuid.UUID
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT org_id FROM users WHERE username = $1`, username).Scan(&org); err != nil {
		t.Fatal(err)
	}
	return auth.Actor{UserID: app.UserID(username), Username: username, Role: role, OrgID: &org}
}

func TestUploadRateLimit(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	school := app.Login("school1")
	for i := 1; i <= files.UploadLimit; i++ {
		if r := school.Upload("/api/v1/files", "file", "scan"+strconv.Itoa(i)+".png", png); r.Code != 201 {
			t.Fatalf("upload %d of %d: %d %s", i, files.UploadLimit, r.Code, r.Body)
		}
	}
	r := school.Upload("/api/v1/files", "file", "one-too-many.png", png)
	if r.Code != 429 || r.ErrorCode() != "RATE_LIMITED" || !strings.Contains(r.Body.String(), "上传过于频繁") {
		t.Fatalf("upload %d: %d %s", files.UploadLimit+1, r.Code, r.Body)
	}
	wait, err := strconv.Atoi(r.Header().Get("Retry-After"))
	if err != nil || wait < 1 || wait > int(files.UploadWindow.Seconds()) {
		t.Fatalf("Retry-After %q", r.Header().Get("Retry-After"))
	}
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM files WHERE uploaded_by = $1`,
		app.UserID("school1")).Scan(&n); err != nil || n != files.UploadLimit {
		t.Fatalf("a refused upload must store nothing: %d rows (%v)", n, err)
	}
	// The limit is per user.
	if r := app.Login("school2").Upload("/api/v1/files", "file", "scan.png", png); r.Code != 201 {
		t.Fatalf("another user: %d %s", r.Code, r.Body)
	}
}

// TestUploadLimitHoldsUnderParallelRequests: the count and the check are
// one Redis step, so a burst cannot slip past the limit.
func TestUploadLimitHoldsUnderParallelRequests(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	svc := files.NewService(app.DB.Pool, files.LocalDir{Root: t.TempDir()}, app.Redis, app.Clock)
	actor := actorOf(t, app, "ent1", auth.RoleEnterpriseAdmin)
	var ok, limited atomic.Int64
	var wg sync.WaitGroup
	for range files.UploadLimit + 15 {
		wg.Go(func() {
			_, err := svc.Upload(context.Background(), actor, "scan.pdf", pdf)
			switch {
			case err == nil:
				ok.Add(1)
			case apperr.KindOf(err) == apperr.KindRateLimited:
				limited.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if ok.Load() != files.UploadLimit || limited.Load() != 15 {
		t.Fatalf("%d stored, %d limited; want %d and 15", ok.Load(), limited.Load(), files.UploadLimit)
	}
}

func TestUploadsAreSniffed(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := app.Login("student1")
	for name, data := range map[string][]byte{"a.pdf": pdf, "b.jpg": jpeg, "c.png": png} {
		if r := c.Upload("/api/v1/files", "file", name, data); r.Code != 201 {
			t.Errorf("%s: %d %s", name, r.Code, r.Body)
		}
	}
	for name, data := range map[string][]byte{"gif.png": []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "page.pdf": []byte("<html><body>x</body></html>"),
		"zip.pdf": []byte("PK\x03\x04\x14\x00\x00\x00")} {
		if r := c.Upload("/api/v1/files", "file", name, data); r.Code != 400 || !strings.Contains(r.Body.String(), `"field":"file"`) {
			t.Errorf("%s: %d %s", name, r.Code, r.Body)
		}
	}
}

func fileExists(t *testing.T, app *testapp.App, id uuid.UUID) bool {
	t.Helper()
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM files WHERE id = $1`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func bytesExist(t *testing.T, root string, id uuid.UUID) bool {
	t.Helper()
	_, err := os.Stat(filepath.Join(root, id.String()[:2], id.String()))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return err == nil
}

func TestStaleUploadsAreRemoved(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ctx := context.Background()
	root := t.TempDir()
	svc := files.NewService(app.DB.Pool, files.LocalDir{Root: root}, app.Redis, app.Clock)
	actor := actorOf(t, app, "school1", auth.RoleSchoolAdmin)
	upload := func() uuid.UUID {
		f, err := svc.Upload(ctx, actor, "scan.png", png)
		if err != nil {
			t.Fatal(err)
		}
		return f.ID
	}
	stale, referenced, marked, bytesGone := upload(), upload(), upload(), upload()
	// A record points at one file without it being marked (as before the
	// mark existed); another was marked and later replaced.
	var placement uuid.UUID
	if err := app.DB.Pool.QueryRow(ctx, `SELECT id FROM placements ORDER BY id LIMIT 1`).Scan(&placement); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB.Pool.Exec(ctx, `INSERT INTO placement_documents (placement_id, kind, data, file_id, updated_by)
		VALUES ($1, 'training', '{}', $2, $3) ON CONFLICT (placement_id, kind) DO UPDATE SET file_id = EXCLUDED.file_id`,
		placement, referenced, actor.UserID); err != nil {
		t.Fatal(err)
	}
	if err := svc.MarkAttached(ctx, app.DB.Pool, marked); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, bytesGone.String()[:2], bytesGone.String())); err != nil {
		t.Fatal(err)
	}
	app.Clock.Advance(12 * time.Hour)
	fresh := upload()

	// Exactly a day old is not yet stale.
	app.Clock.Advance(12 * time.Hour)
	if n, err := svc.RemoveStale(ctx); err != nil || n != 0 {
		t.Fatalf("at exactly one day: removed %d (%v)", n, err)
	}
	app.Clock.Advance(time.Second)
	n, err := svc.RemoveStale(ctx)
	if err != nil || n != 2 {
		t.Fatalf("a day and a second later: removed %d (%v), want the unattached one and the one whose bytes were already gone", n, err)
	}
	for id, want := range map[uuid.UUID]bool{stale: false, bytesGone: false, referenced: true, marked: true, fresh: true} {
		if fileExists(t, app, id) != want || bytesExist(t, root, id) != want {
			t.Errorf("file %s: row %v, bytes %v, want %v", id, fileExists(t, app, id), bytesExist(t, root, id), want)
		}
	}
	var who string
	if err := app.DB.Pool.QueryRow(ctx, `SELECT actor_username FROM audit_events WHERE action = 'file.remove_stale'
		AND subject_id = $1`, stale.String()).Scan(&who); err != nil || who != "system" {
		t.Fatalf("the removal is audited by the system actor: %q %v", who, err)
	}
	// Idempotent: nothing more to do, now or later, for what is attached.
	if n, err := svc.RemoveStale(ctx); err != nil || n != 0 {
		t.Fatalf("second run: removed %d (%v)", n, err)
	}
	app.Clock.Advance(30 * 24 * time.Hour)
	if n, err := svc.RemoveStale(ctx); err != nil || n != 1 || fileExists(t, app, fresh) || !fileExists(t, app, referenced) || !fileExists(t, app, marked) {
		t.Fatalf("a month later only the once-fresh upload goes: removed %d (%v)", n, err)
	}
}

// TestReplacedEvidenceStays: attaching through a placement marks the file,
// so a scan replaced by a newer one is still kept.
func TestReplacedEvidenceStays(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	tj := app.Tongjiang()
	plan := tj.FiledPlan(t, "cognitive", "")
	placement := tj.Placement(t, plan, tj.Student(t, nil), tj.Posts[0], "confirmed")
	var first, second struct{ ID uuid.UUID }
	tj.School.Upload("/api/v1/files", "file", "协议.pdf", pdf).JSON(&first)
	tj.School.Upload("/api/v1/files", "file", "协议2.pdf", pdf).JSON(&second)
	for _, f := range []uuid.UUID{first.ID, second.ID} {
		r := tj.School.SendJSON("PUT", "/api/v1/placements/"+placement+"/documents/agreement", map[string]any{
			"signed_on": app.Today().String(), "signers": []string{"school", "enterprise", "student"}, "file_id": f})
		if r.Code != 200 {
			t.Fatalf("attach: %d %s", r.Code, r.Body)
		}
	}
	app.Clock.Advance(files.StaleAfter + time.Minute)
	svc := files.NewService(app.DB.Pool, files.LocalDir{Root: t.TempDir()}, app.Redis, app.Clock)
	if _, err := svc.RemoveStale(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !fileExists(t, app, first.ID) || !fileExists(t, app, second.ID) {
		t.Fatal("attached files, the replaced one included, must stay")
	}
}
