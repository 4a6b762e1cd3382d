package main

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/joho/godotenv"
	"go.yaml.in/yaml/v4"

	"huhang/internal/platform/config"
)

// No Docker engine runs where the tests run, so these tests read
// docker-compose.yml and deploy/Dockerfile the way compose and the image
// would, and check that what they give `huhang serve`, `worker` and
// `migrate` passes the production checks those commands apply at start.

type composeService struct {
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
}

type composeFile struct {
	Services map[string]composeService `yaml:"services"`
}

// composeVar matches compose's interpolation: ${NAME}, ${NAME:-default},
// ${NAME-default}, ${NAME:?error}, ${NAME?error}.
var composeVar = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}`)

// interpolate replaces variables as compose does; a required variable not in
// vars fails the test, naming it.
func interpolate(t *testing.T, s string, vars map[string]string) string {
	t.Helper()
	return composeVar.ReplaceAllStringFunc(s, func(m string) string {
		p := composeVar.FindStringSubmatch(m)
		name, op, arg := p[1], p[2], p[3]
		v, set := vars[name]
		switch op {
		case ":-":
			if v == "" {
				return arg
			}
		case "-":
			if !set {
				return arg
			}
		case ":?", "?":
			if !set || (op == ":?" && v == "") {
				t.Fatalf("docker-compose.yml requires %s (%s); the test has no value for it", name, arg)
			}
		}
		return v
	})
}

// dockerfileEnv is the ENV of the image's final stage.
func dockerfileEnv(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("../../deploy/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	env := map[string]string{}
	var stmt strings.Builder
	inEnv := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "FROM ") {
			env = map[string]string{} // a new stage starts from its base image
		}
		if strings.HasPrefix(line, "ENV ") {
			inEnv = true
			stmt.Reset()
			line = strings.TrimPrefix(line, "ENV ")
		}
		if !inEnv {
			continue
		}
		cont := strings.HasSuffix(line, `\`)
		stmt.WriteString(strings.TrimSuffix(line, `\`) + " ")
		if cont {
			continue
		}
		inEnv = false
		for _, kv := range strings.Fields(stmt.String()) {
			if k, v, ok := strings.Cut(kv, "="); ok {
				env[k] = v
			}
		}
	}
	if env["HUHANG_ENV"] != config.EnvProduction {
		t.Fatalf("the image must default to production, got %q", env["HUHANG_ENV"])
	}
	return env
}

func randomHex(t *testing.T, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// composeEnvs returns, per app service, its command and the environment the
// binary sees: the image's ENV overlaid with the service's environment.
func composeEnvs(t *testing.T, vars map[string]string) (map[string][]string, map[string]map[string]string, composeFile) {
	t.Helper()
	raw, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var doc composeFile
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	image := dockerfileEnv(t)
	commands, envs := map[string][]string{}, map[string]map[string]string{}
	for name, svc := range doc.Services {
		if len(svc.Command) == 0 {
			continue // postgres, redis
		}
		env := map[string]string{}
		for k, v := range image {
			env[k] = v
		}
		for k, v := range svc.Environment {
			env[k] = interpolate(t, v, vars)
		}
		commands[name], envs[name] = svc.Command, env
	}
	for _, want := range []string{"serve", "worker", "migrate"} {
		if commands[want] == nil || commands[want][0] != want {
			t.Fatalf("docker-compose.yml has no %s service running `huhang %s`: %v", want, want, commands[want])
		}
	}
	return commands, envs, doc
}

// loadFor applies the checks the command applies when it starts.
func loadFor(command string, env map[string]string) error {
	load := config.Load
	if command == "serve" || command == "worker" {
		load = config.LoadWithSecrets
	}
	_, err := load(envFrom(env))
	return err
}

func TestComposeStartsUnderProductionChecks(t *testing.T) {
	t.Parallel()
	vars := map[string]string{
		"HUHANG_JWT_KEY":     randomHex(t, 32),
		"HUHANG_PII_KEY":     randomHex(t, 32),
		"HUHANG_DB_PASSWORD": randomHex(t, 24),
	}
	commands, envs, doc := composeEnvs(t, vars)
	for name, env := range envs {
		if env["HUHANG_ENV"] != config.EnvProduction {
			t.Errorf("%s: HUHANG_ENV=%q; the compose stack is meant to run as production", name, env["HUHANG_ENV"])
		}
		if err := loadFor(commands[name][0], env); err != nil {
			t.Errorf("`huhang %s` in compose service %s would refuse to start:\n%v", strings.Join(commands[name], " "), name, err)
		}
		// The app logs in with the password the postgres service was created with.
		u, err := url.Parse(env["HUHANG_DATABASE_URL"])
		if err != nil {
			t.Fatal(err)
		}
		password, _ := u.User.Password()
		pg := doc.Services["postgres"].Environment
		if u.User.Username() != pg["POSTGRES_USER"] || password != interpolate(t, pg["POSTGRES_PASSWORD"], vars) ||
			strings.TrimPrefix(u.Path, "/") != pg["POSTGRES_DB"] || u.Hostname() != "postgres" {
			t.Errorf("%s: HUHANG_DATABASE_URL does not match the postgres service", name)
		}
		if commands[name][0] == "serve" && env["HUHANG_METRICS_ADDR"] == "" {
			t.Errorf("%s: without HUHANG_METRICS_ADDR a scraper would need a platform admin's login", name)
		}
	}
}

// TestComposeChecksHaveTeeth: the same file with its stated exception
// removed, or with weak keys substituted, is refused, so the test above
// would notice a check that stopped applying.
func TestComposeChecksHaveTeeth(t *testing.T) {
	t.Parallel()
	vars := map[string]string{
		"HUHANG_JWT_KEY":     randomHex(t, 32),
		"HUHANG_PII_KEY":     randomHex(t, 32),
		"HUHANG_DB_PASSWORD": randomHex(t, 24),
	}
	_, envs, _ := composeEnvs(t, vars)
	env := envs["serve"]
	delete(env, "HUHANG_DATABASE_INSECURE")
	if err := loadFor("serve", env); err == nil || !strings.Contains(err.Error(), "sslmode=disable") {
		t.Fatalf("without HUHANG_DATABASE_INSECURE the plain connection must be refused: %v", err)
	}
	// deploy/services.sh's placeholders for a database-only development
	// stack must never be enough to run the app.
	vars["HUHANG_PII_KEY"] = strings.Repeat("0", 64)
	vars["HUHANG_JWT_KEY"] = "unused-by-postgres-and-redis-placeholder"
	vars["HUHANG_DB_PASSWORD"] = "huhang"
	_, envs, _ = composeEnvs(t, vars)
	err := loadFor("serve", envs["serve"])
	for _, want := range []string{"HUHANG_PII_KEY", "HUHANG_JWT_KEY", "default database credentials"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("placeholders must be refused naming %s: %v", want, err)
		}
	}
}

// TestEnvExampleLoads: deploy/.env.example, copied as it is with the two
// keys filled in, is a valid development configuration.
func TestEnvExampleLoads(t *testing.T) {
	t.Parallel()
	values, err := godotenv.Read("../../deploy/.env.example")
	if err != nil {
		t.Fatal(err)
	}
	values["HUHANG_JWT_KEY"], values["HUHANG_PII_KEY"] = randomHex(t, 32), randomHex(t, 32)
	if _, err := config.LoadWithSecrets(envFrom(values)); err != nil {
		t.Fatalf(".env.example: %v", err)
	}
	if values["HUHANG_ENV"] != config.EnvDev {
		t.Fatalf(".env.example is the development example; HUHANG_ENV=%q", values["HUHANG_ENV"])
	}
}
