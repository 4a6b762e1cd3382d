package seed

import (
	"errors"
	"strings"

	"huhang/internal/platform/config"
)

// ErrRefusedInProduction is the answer of `huhang seed demo` under
// HUHANG_ENV=production.
var ErrRefusedInProduction = errors.New("seed demo is refused with HUHANG_ENV=production: it creates accounts " +
	"(admin, school1, …) whose password is published as " + DemoPassword + " and invented students; " +
	"create real accounts with `huhang user create` instead")

// Allowed says whether the demo may be loaded in the environment env (the
// value of HUHANG_ENV). Callers ask before they connect, so a refused run
// touches no database at all.
func Allowed(env string) error {
	if strings.TrimSpace(env) == config.EnvProduction {
		return ErrRefusedInProduction
	}
	return nil
}
