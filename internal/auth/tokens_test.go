package auth

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

var (
	keyA = []byte("key-a-0123456789abcdef0123456789abcdef")
	keyB = []byte("key-b-0123456789abcdef0123456789abcdef")
	t0   = time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
)

func TestTokenRoundTripAndRotation(t *testing.T) {
	ring, err := NewKeyring(keyA)
	if err != nil {
		t.Fatal(err)
	}
	uid := uuid.Must(uuid.NewV7())
	tok, err := ring.Issue(uid, "sess-1", t0)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ring.Parse(tok, t0.Add(time.Minute))
	if err != nil || v.UserID != uid || v.SessionID != "sess-1" {
		t.Fatalf("round trip: %+v %v", v, err)
	}
	// After rotation B signs, A still verifies what it signed.
	rotated, _ := NewKeyring(keyB, keyA)
	if _, err := rotated.Parse(tok, t0.Add(time.Minute)); err != nil {
		t.Fatalf("a previous key must still verify: %v", err)
	}
	// Once A is dropped, its tokens stop working.
	onlyB, _ := NewKeyring(keyB)
	if _, err := onlyB.Parse(tok, t0.Add(time.Minute)); err == nil {
		t.Fatal("a token of a retired key was accepted")
	}
	if _, err := NewKeyring([]byte("short")); err == nil {
		t.Fatal("short key accepted")
	}
}

func TestTokensThatMustBeRefused(t *testing.T) {
	ring, _ := NewKeyring(keyA)
	uid := uuid.Must(uuid.NewV7())
	good, _ := ring.Issue(uid, "sess-1", t0)
	kid := keyID(keyA)
	sign := func(method jwt.SigningMethod, key any, mutate func(*jwt.Token)) string {
		tok := jwt.NewWithClaims(method, claims{SessionID: "sess-1", RegisteredClaims: jwt.RegisteredClaims{
			Issuer: issuer, Subject: uid.String(), ExpiresAt: jwt.NewNumericDate(t0.Add(time.Hour)), IssuedAt: jwt.NewNumericDate(t0)}})
		tok.Header["kid"] = kid
		if mutate != nil {
			mutate(tok)
		}
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	parts := strings.Split(good, ".")
	noneHeader := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT","kid":"` + kid + `"}`))
	cases := map[string]string{
		"expired":          good,
		"tampered payload": parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sid":"other","sub":"`+uid.String()+`","iss":"huhang","exp":9999999999}`)) + "." + parts[2],
		"tampered sig":     parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])),
		"alg none":         noneHeader + "." + parts[1] + ".",
		"HS512 same key":   sign(jwt.SigningMethodHS512, keyA, nil),
		"wrong key":        sign(jwt.SigningMethodHS256, keyB, nil),
		"unknown kid":      sign(jwt.SigningMethodHS256, keyA, func(tok *jwt.Token) { tok.Header["kid"] = "nope" }),
		"no kid":           sign(jwt.SigningMethodHS256, keyA, func(tok *jwt.Token) { delete(tok.Header, "kid") }),
		"wrong issuer": sign(jwt.SigningMethodHS256, keyA, func(tok *jwt.Token) {
			c := tok.Claims.(claims)
			c.Issuer = "evil"
			tok.Claims = c
		}),
		"garbage": "not.a.token",
	}
	for name, tok := range cases {
		now := t0.Add(time.Minute)
		if name == "expired" {
			now = t0.Add(AccessTTL + time.Second)
		}
		if _, err := ring.Parse(tok, now); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ring.Parse(good, t0.Add(AccessTTL-time.Second)); err != nil {
		t.Fatalf("a token one second before expiry must pass: %v", err)
	}
}
