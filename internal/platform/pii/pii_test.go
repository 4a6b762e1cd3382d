package pii

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, KeySize) }

func TestSealOpenRoundTripAndNoPlaintext(t *testing.T) {
	k, err := NewKeyring(testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	const id = "511921200801011234"
	c1, kid := k.Seal(id, "student id_number")
	c2, _ := k.Seal(id, "student id_number")
	if bytes.Contains(c1, []byte(id)) || bytes.Contains(c1, []byte(id[6:14])) {
		t.Fatal("ciphertext contains the plaintext")
	}
	if bytes.Equal(c1, c2) {
		t.Fatal("two seals of one value are equal: the nonce is not random")
	}
	got, err := k.Open(c1, kid, "student id_number")
	if err != nil || got != id {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := k.Open(c1, kid, "other column"); err == nil {
		t.Fatal("ciphertext opened under other associated data")
	}
	tampered := bytes.Clone(c1)
	tampered[len(tampered)-1] ^= 1
	if _, err := k.Open(tampered, kid, "student id_number"); err == nil {
		t.Fatal("tampered ciphertext opened")
	}
}

func TestRotationKeepsOldRowsReadableAndFindable(t *testing.T) {
	old, _ := NewKeyring(testKey(1))
	sealed, oldID := old.Seal("x", "a")
	oldHash := old.Hash("x")

	rotated, err := NewKeyring(testKey(2), testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Open(sealed, oldID, "a"); err != nil || got != "x" {
		t.Fatalf("old ciphertext after rotation: %q, %v", got, err)
	}
	if _, newID := rotated.Seal("x", "a"); newID == oldID {
		t.Fatal("new values still sealed with the old key")
	}
	hashes := rotated.Hashes("x")
	if len(hashes) != 2 || !bytes.Equal(hashes[1], oldHash) || bytes.Equal(hashes[0], oldHash) {
		t.Fatal("Hashes must list the current key's hash first and still match the old one")
	}
	if !bytes.Equal(rotated.Hash("x"), hashes[0]) {
		t.Fatal("Hash must use the current key")
	}

	without, _ := NewKeyring(testKey(2))
	if _, err := without.Open(sealed, oldID, "a"); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("dropped key: err = %v, want ErrUnknownKey", err)
	}
}

func TestKeyringRejectsBadKeys(t *testing.T) {
	if _, err := NewKeyring([]byte("short")); err == nil || !strings.Contains(err.Error(), "32") {
		t.Fatalf("short key: %v", err)
	}
	if _, err := NewKeyring(testKey(1), []byte("short")); err == nil {
		t.Fatal("short previous key accepted")
	}
	if KeyID(testKey(1)) == KeyID(testKey(2)) || len(KeyID(testKey(1))) != 8 {
		t.Fatal("key ids must differ per key and be 8 hex digits")
	}
}
