package orgs_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/orgs"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/pgtest"
)

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	if e := apperr.As(err); e != nil {
		if fields, ok := e.Details.([]apperr.FieldError); ok {
			for _, f := range fields {
				out[f.Field] += f.Message + ";"
			}
		}
	}
	return out
}

func TestCreateUser(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	svc := orgs.NewService(db.Pool, clock.System{})
	bureau, _, err := svc.EnsureOrg(ctx, orgs.KindBureau, "通江县教育局", "511921")
	if err != nil {
		t.Fatal(err)
	}
	school, _, err := svc.EnsureOrg(ctx, orgs.KindSchool, "通江县职业高级中学", "511921")
	if err != nil {
		t.Fatal(err)
	}
	again, created, err := svc.EnsureOrg(ctx, orgs.KindSchool, "通江县职业高级中学", "511921")
	if err != nil || again.ID != school.ID || created {
		t.Fatalf("EnsureOrg must find the existing org: %v %v", again.ID, err)
	}

	u, err := svc.CreateUser(ctx, nil, orgs.NewUser{Username: "County1", Password: "Tongjiang-2026", Role: auth.RoleBureauAuditor, OrgID: &bureau.ID})
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != "county1" || u.DisplayName != "county1" {
		t.Fatalf("username is case-folded and doubles as display name: %+v", u)
	}
	var hash string
	if err := db.Pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, "Tongjiang") {
		t.Fatalf("password must be stored as argon2id only: %s", hash)
	}

	missing := uuid.Must(uuid.NewV7())
	cases := []struct {
		name   string
		in     orgs.NewUser
		fields []string
	}{
		{"everything wrong at once", orgs.NewUser{Username: "x", Password: "short", Role: "boss"}, []string{"username", "password", "role"}},
		{"teacher at a bureau", orgs.NewUser{Username: "teacher9", Password: "Teach-2026-ok", Role: auth.RoleTeacher, OrgID: &bureau.ID}, []string{"org_id"}},
		{"auditor without org", orgs.NewUser{Username: "auditor9", Password: "Audit-2026-ok", Role: auth.RoleBureauAuditor}, []string{"org_id"}},
		{"admin inside an org", orgs.NewUser{Username: "admin9", Password: "Admin-2026-ok", Role: auth.RolePlatformAdmin, OrgID: &school.ID}, []string{"org_id"}},
		{"unknown org", orgs.NewUser{Username: "student9", Password: "Student-2026", Role: auth.RoleStudent, OrgID: &missing}, []string{"org_id"}},
		{"password contains username", orgs.NewUser{Username: "mentor9", Password: "Mentor9-is-me", Role: auth.RoleSchoolAdmin, OrgID: &school.ID}, []string{"password"}},
	}
	for _, tc := range cases {
		_, err := svc.CreateUser(ctx, nil, tc.in)
		if apperr.KindOf(err) != apperr.KindInvalid {
			t.Errorf("%s: want Invalid, got %v", tc.name, err)
			continue
		}
		got := fieldsOf(err)
		if len(got) != len(tc.fields) {
			t.Errorf("%s: named %v, want %v", tc.name, got, tc.fields)
		}
		for _, f := range tc.fields {
			if got[f] == "" {
				t.Errorf("%s: %s not named (%v)", tc.name, f, got)
			}
		}
	}

	_, err = svc.CreateUser(ctx, nil, orgs.NewUser{Username: "COUNTY1", Password: "Another-2026x", Role: auth.RoleBureauAuditor, OrgID: &bureau.ID})
	if e := apperr.As(err); e == nil || e.Code != "USERNAME_TAKEN" {
		t.Fatalf("duplicate username: %v", err)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("refused requests must write nothing: %d users (%v)", n, err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE action = 'user.create'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("refused requests must write nothing: %d users (%v)", n, err)
	}
}
