// Package seed loads the demo data that `make run` shows. Every step looks
// before it writes, so a second run changes nothing.
package seed

import (
	"context"
	"fmt"

	"huhang/internal/orgs"
)

// DemoPassword is the password of every demo account; `make run` prints it.
// It satisfies the password policy and contains no demo username.
const DemoPassword = "Huhang-Demo-2026"

// Account is one demo login.
type Account struct {
	Username    string
	DisplayName string
	Role        orgs.Role
	OrgName     string
}

// Report says what a run created, so a second run can prove it created nothing.
type Report struct {
	OrgsCreated  int
	UsersCreated int
	Accounts     []Account
}

type demoOrg struct {
	kind     orgs.Kind
	name     string
	division string
}

var cityBureau = demoOrg{orgs.KindBureau, "巴中市教育体育局", "511900"}

// Demo creates the demo organisations and accounts.
func Demo(ctx context.Context, svc *orgs.Service) (Report, error) {
	var report Report
	ids := map[string]orgs.Org{}
	for _, o := range []demoOrg{cityBureau} {
		existed, err := svc.OrgExists(ctx, o.kind, o.name, o.division)
		if err != nil {
			return report, err
		}
		org, err := svc.EnsureOrg(ctx, o.kind, o.name, o.division)
		if err != nil {
			return report, fmt.Errorf("seed: org %s: %w", o.name, err)
		}
		if !existed {
			report.OrgsCreated++
		}
		ids[o.name] = org
	}
	accounts := []Account{
		{"admin", "平台管理员", orgs.RolePlatformAdmin, ""},
		{"city1", "市局审核员", orgs.RoleBureauAuditor, cityBureau.name},
	}
	for _, a := range accounts {
		exists, err := svc.UserExists(ctx, a.Username)
		if err != nil {
			return report, err
		}
		report.Accounts = append(report.Accounts, a)
		if exists {
			continue
		}
		in := orgs.NewUser{Username: a.Username, Password: DemoPassword, DisplayName: a.DisplayName, Role: a.Role}
		if a.OrgName != "" {
			id := ids[a.OrgName].ID
			in.OrgID = &id
		}
		if _, err := svc.CreateUser(ctx, in); err != nil {
			return report, fmt.Errorf("seed: user %s: %w", a.Username, err)
		}
		report.UsersCreated++
	}
	return report, nil
}
