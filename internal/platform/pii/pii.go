// Package pii seals personal identifiers (ID numbers) for storage: AES-256-GCM
// ciphertext tagged with the id of the key that sealed it, and a keyed hash
// (HMAC-SHA-256) for exact lookup and duplicate detection without decrypting.
//
// Keys rotate by configuration: the current key seals and hashes new values,
// previous keys still open old ciphertext and still match old hashes, so no
// row has to be rewritten on the day of a rotation.
package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// KeySize is the length of an AES-256 key.
const KeySize = 32

// Keyring holds the current key and the previous ones.
type Keyring struct {
	current string
	keys    map[string]key
	order   []string // current first, for Hashes
}

type key struct {
	aead    cipher.AEAD
	hashKey []byte
}

// ErrUnknownKey means the ciphertext was sealed by a key that is not configured.
var ErrUnknownKey = errors.New("pii: ciphertext sealed by an unknown key")

// NewKeyring builds a keyring from the current key and any previous keys.
func NewKeyring(current []byte, previous ...[]byte) (*Keyring, error) {
	k := &Keyring{keys: map[string]key{}}
	for i, raw := range append([][]byte{current}, previous...) {
		if len(raw) != KeySize {
			return nil, fmt.Errorf("pii: key %d has %d bytes, want %d", i, len(raw), KeySize)
		}
		id := KeyID(raw)
		if _, dup := k.keys[id]; dup {
			continue
		}
		block, err := aes.NewCipher(derive(raw, "huhang pii seal v1"))
		if err != nil {
			return nil, fmt.Errorf("pii: key %d: %w", i, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("pii: key %d: %w", i, err)
		}
		k.keys[id] = key{aead: aead, hashKey: derive(raw, "huhang pii hash v1")}
		k.order = append(k.order, id)
		if i == 0 {
			k.current = id
		}
	}
	return k, nil
}

// KeyID names a key without revealing it: the first 8 hex digits of its SHA-256.
func KeyID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:4])
}

// derive separates the encryption key from the hash key, so a leak of hashes
// computed elsewhere with the raw key could never help decrypt.
func derive(raw []byte, purpose string) []byte {
	m := hmac.New(sha256.New, raw)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// Seal encrypts plaintext with the current key; the nonce is prepended. The
// associated data binds the ciphertext to its purpose (for example "student
// id_number") so a ciphertext copied into another column will not open.
func (k *Keyring) Seal(plaintext, associated string) (ciphertext []byte, keyID string) {
	aead := k.keys[k.current].aead
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("pii: no randomness: " + err.Error()) // crypto/rand never fails on supported platforms
	}
	return aead.Seal(nonce, nonce, []byte(plaintext), []byte(associated)), k.current
}

// Open decrypts what Seal produced with the key it names.
func (k *Keyring) Open(ciphertext []byte, keyID, associated string) (string, error) {
	kk, ok := k.keys[keyID]
	if !ok {
		return "", fmt.Errorf("%w (%s)", ErrUnknownKey, keyID)
	}
	n := kk.aead.NonceSize()
	if len(ciphertext) < n {
		return "", errors.New("pii: ciphertext too short")
	}
	plain, err := kk.aead.Open(nil, ciphertext[:n], ciphertext[n:], []byte(associated))
	if err != nil {
		return "", fmt.Errorf("pii: open with key %s: %w", keyID, err)
	}
	return string(plain), nil
}

// Hash is the keyed hash of value under the current key, for storing.
func (k *Keyring) Hash(value string) []byte {
	return hashWith(k.keys[k.current].hashKey, value)
}

// Hashes are the keyed hashes of value under every configured key, current
// first, for looking up rows written before a rotation.
func (k *Keyring) Hashes(value string) [][]byte {
	out := make([][]byte, 0, len(k.order))
	for _, id := range k.order {
		out = append(out, hashWith(k.keys[id].hashKey, value))
	}
	return out
}

func hashWith(hashKey []byte, value string) []byte {
	m := hmac.New(sha256.New, hashKey)
	m.Write([]byte(value))
	return m.Sum(nil)
}
