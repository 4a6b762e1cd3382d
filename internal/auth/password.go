// Package auth: passwords, tokens, sessions and the acting user.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters after OWASP's minimum (19 MiB, 2 passes, 1 lane):
// costly for an attacker, affordable on a 2-core server at login rates.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	saltLen        = 16

	MinPasswordLen = 10
)

var b64 = base64.RawStdEncoding

// HashPassword returns a PHC-style argon2id string that carries its own
// parameters, so they can be raised later without breaking old hashes.
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	return HashPasswordWithSalt(password, salt)
}

// HashPasswordWithSalt is HashPassword with the caller's salt. Only
// generated data wants it (the province-scale generator, so that one seed
// gives the same bytes twice); a real account's salt must be random, so
// everything else calls HashPassword.
func HashPasswordWithSalt(password string, salt []byte) (string, error) {
	if len(salt) < saltLen {
		return "", fmt.Errorf("auth: salt of %d bytes, want at least %d", len(salt), saltLen)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemoryKiB, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// VerifyPassword compares in constant time.
func VerifyPassword(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var memory, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil {
		return false, errBadHash
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, passes, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// PasswordProblems lists, in Chinese, every way password breaks the policy:
// at least 10 characters, 3 of 4 character classes, not containing the username.
func PasswordProblems(username, password string) []string {
	var problems []string
	if len([]rune(password)) < MinPasswordLen {
		problems = append(problems, fmt.Sprintf("密码至少需要 %d 个字符", MinPasswordLen))
	}
	var upper, lower, digit, other bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, has := range []bool{upper, lower, digit, other} {
		if has {
			classes++
		}
	}
	if classes < 3 {
		problems = append(problems, "密码需包含大写字母、小写字母、数字、符号中的至少三类")
	}
	if username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)) {
		problems = append(problems, "密码不能包含用户名")
	}
	return problems
}
