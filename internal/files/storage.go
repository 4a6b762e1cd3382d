// Package files keeps uploaded evidence (signed agreements, consent forms,
// insurance policies): metadata in PostgreSQL, bytes in a Storage. Only PDF,
// JPEG and PNG are accepted, decided by sniffing the content, never by the
// name or the Content-Type the client sends.
package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// Storage holds file bytes under opaque keys. The default is a local
// directory; an object store can implement the same three methods.
type Storage interface {
	Put(ctx context.Context, key string, data []byte) error
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the bytes; a key that holds nothing is not an error,
	// so a cleanup interrupted halfway can simply run again.
	Delete(ctx context.Context, key string) error
}

// LocalDir stores each file as one file under Root, fanned out by the key's
// first characters so no directory grows without bound.
type LocalDir struct{ Root string }

var keyPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f-]{27}$`)

func (d LocalDir) path(key string) (string, error) {
	if !keyPattern.MatchString(key) {
		return "", fmt.Errorf("files: bad storage key %q", key)
	}
	return filepath.Join(d.Root, key[:2], key), nil
}

// Put writes atomically: a temporary file renamed into place, so a crash
// never leaves half a document under a key the database already names.
func (d LocalDir) Put(_ context.Context, key string, data []byte) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("files: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return fmt.Errorf("files: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("files: write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("files: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("files: close: %w", err)
	}
	return os.Rename(tmp.Name(), p)
}

// ErrMissing means the bytes of a recorded file are not in the storage.
var ErrMissing = errors.New("files: stored bytes missing")

func (d LocalDir) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrMissing
	}
	return f, err
}

func (d LocalDir) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("files: delete: %w", err)
	}
	return nil
}
