package config

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
)

// keyBytes is the length of every secret key: 256 bits, as HS256 and
// AES-256 want.
const keyBytes = 32

// decodeKey reads a key written as hex or base64 (standard or URL alphabet,
// padded or not) and reports whether it is exactly 32 bytes.
func decodeKey(v string) ([]byte, bool) {
	v = strings.TrimSpace(v)
	if b, err := hex.DecodeString(v); err == nil {
		return b, len(b) == keyBytes
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(v); err == nil {
			return b, len(b) == keyBytes
		}
	}
	return nil, false
}

// loadJWTKey decodes a signing key. Development still takes any text of at
// least 32 characters as the key itself, so old .env files and test keys keep
// working; production takes only 32 decoded bytes that look random.
func loadJWTKey(name, v, env string) ([]byte, []string) {
	if v = strings.TrimSpace(v); v == "" {
		return nil, nil
	}
	key, ok := decodeKey(v)
	switch {
	case ok && env == EnvProduction:
		if why := notRandom(key); why != "" {
			return key, []string{name + " " + why + "; generate one with `openssl rand -hex 32`"}
		}
		return key, nil
	case ok:
		return key, nil
	case env == EnvProduction:
		return nil, []string{name + " must be 32 random bytes written as 64 hex characters or base64 (`openssl rand -hex 32`)"}
	case len(v) < minJWTKeyLen:
		return nil, []string{fmt.Sprintf("%s must be at least %d characters (better: `openssl rand -hex 32`)", name, minJWTKeyLen)}
	}
	return []byte(v), nil
}

// notRandom names the reason a 32-byte key is obviously not random, or "".
// Each test fails for a real random key with a probability far below 1e-12:
// 32 random bytes almost always hold about 30 distinct values, never repeat
// with a short period, and are printable text only with chance (95/256)^32.
func notRandom(key []byte) string {
	distinct := map[byte]bool{}
	printable := true
	for _, b := range key {
		distinct[b] = true
		if b < 0x20 || b > 0x7e {
			printable = false
		}
	}
	if len(distinct) == 1 {
		return "is one byte repeated, not a random key"
	}
	for period := 2; period <= 16; period++ {
		repeats := true
		for i := period; i < len(key); i++ {
			if key[i] != key[i-period] {
				repeats = false
				break
			}
		}
		if repeats {
			return fmt.Sprintf("repeats a %d-byte pattern, not a random key", period)
		}
	}
	step, counting := key[1]-key[0], true
	for i := 2; i < len(key); i++ {
		if key[i]-key[i-1] != step {
			counting = false
			break
		}
	}
	if counting {
		return "counts up or down byte by byte, not a random key"
	}
	if len(distinct) < 16 {
		return fmt.Sprintf("has only %d distinct byte values, not a random key", len(distinct))
	}
	if printable {
		return "decodes to printable text (a password?), not 32 random bytes"
	}
	return ""
}

// defaultPasswords are database passwords production must never run with:
// the one of the development default URL and the images' usual examples.
var defaultPasswords = map[string]bool{"huhang": true, "postgres": true, "password": true}

// secureSSLModes are the libpq modes that never fall back to plain text.
var secureSSLModes = map[string]bool{"require": true, "verify-ca": true, "verify-full": true}

// productionProblems lists every setting production refuses, all at once,
// so an operator fixes them in one round. Missing keys are RequireSecrets'
// business, because `migrate` needs none.
func (c Config) productionProblems() []string {
	var problems []string
	u, err := url.Parse(c.DatabaseURL)
	if err != nil {
		return nil // Load has already named the URL
	}
	password, _ := u.User.Password()
	if user := u.User.Username(); defaultPasswords[password] || (password != "" && password == user) {
		problems = append(problems, "HUHANG_DATABASE_URL uses the default database credentials ("+user+":"+strings.Repeat("*", len(password))+
			"); give the database role its own password")
	}
	mode := u.Query().Get("sslmode")
	socket := strings.HasPrefix(u.Query().Get("host"), "/")
	if !secureSSLModes[mode] && !socket && !c.DatabaseInsecure {
		shown := "no sslmode"
		if mode != "" {
			shown = "sslmode=" + mode
		}
		problems = append(problems, "HUHANG_DATABASE_URL has "+shown+", so the database connection may be unencrypted: "+
			"use sslmode=verify-full (or require), or set HUHANG_DATABASE_INSECURE=1 if the database is reachable only over a private network you trust")
	}
	return problems
}
