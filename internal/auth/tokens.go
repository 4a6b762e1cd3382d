package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// AccessTTL is how long an access token lives; the session check on every
// request makes a logout bite before that anyway.
const AccessTTL = 15 * time.Minute

const issuer = "huhang"

// signingMethod is pinned: a token naming any other alg (none, RS256 with our
// secret as a "public key", …) is refused before its signature is looked at.
var signingMethod = jwt.SigningMethodHS256

// Keyring signs with the current key and verifies with it or with a previous
// one, each found by the key id in the token header, so keys can rotate
// without signing everyone out at once.
type Keyring struct {
	currentID string
	keys      map[string][]byte
}

// NewKeyring takes the current key and any previous keys still accepted.
func NewKeyring(current []byte, previous ...[]byte) (*Keyring, error) {
	if len(current) < 32 {
		return nil, errors.New("auth: the JWT key must have at least 32 bytes")
	}
	k := &Keyring{currentID: keyID(current), keys: map[string][]byte{}}
	k.keys[k.currentID] = current
	for _, p := range previous {
		if len(p) > 0 {
			k.keys[keyID(p)] = p
		}
	}
	return k, nil
}

// keyID names a key without revealing it.
func keyID(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:6])
}

type claims struct {
	SessionID string `json:"sid"`
	jwt.RegisteredClaims
}

// Issue signs an access token for the user's session.
func (k *Keyring) Issue(userID uuid.UUID, sessionID string, now time.Time) (string, error) {
	token := jwt.NewWithClaims(signingMethod, claims{
		SessionID: sessionID,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    issuer,
			Subject:   userID.String(),
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now.Add(-30 * time.Second)),
			ExpiresAt: jwt.NewNumericDate(now.Add(AccessTTL)),
		},
	})
	token.Header["kid"] = k.currentID
	signed, err := token.SignedString(k.keys[k.currentID])
	if err != nil {
		return "", fmt.Errorf("auth: sign: %w", err)
	}
	return signed, nil
}

// Verified is what a valid token says.
type Verified struct {
	UserID    uuid.UUID
	SessionID string
}

// Parse verifies signature, algorithm, key id, issuer and lifetime.
func (k *Keyring) Parse(raw string, now time.Time) (Verified, error) {
	var c claims
	_, err := jwt.ParseWithClaims(raw, &c, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		key, ok := k.keys[kid]
		if !ok {
			return nil, errors.New("unknown key id")
		}
		return key, nil
	},
		jwt.WithValidMethods([]string{signingMethod.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	if err != nil {
		return Verified{}, fmt.Errorf("auth: token: %w", err)
	}
	id, err := uuid.Parse(c.Subject)
	if err != nil || c.SessionID == "" {
		return Verified{}, errors.New("auth: token lacks subject or session")
	}
	return Verified{UserID: id, SessionID: c.SessionID}, nil
}
