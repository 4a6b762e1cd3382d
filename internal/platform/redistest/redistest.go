// Package redistest gives each test its own Redis key prefix on the shared
// server, and removes the test's keys afterwards.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"huhang/internal/platform/config"
	"huhang/internal/platform/redisx"
)

// URL is the Redis server tests use.
func URL() string {
	for _, key := range []string{"HUHANG_TEST_REDIS_URL", "HUHANG_REDIS_URL"} {
		if v := os.Getenv(key); v != "" {
			return v
		}
	}
	return config.DefaultRedisURL
}

// New connects with a fresh prefix like "test:1a2b3c4d5e6f:".
func New(t testing.TB) *redisx.Client {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	prefix := "test:" + hex.EncodeToString(b) + ":"
	client, err := redisx.Open(context.Background(), URL(), prefix)
	if err != nil {
		t.Fatalf("Redis is needed for this test and cannot be reached: %v\n"+
			"Start it with `bash deploy/services.sh` (or `make test`, which runs it), or set HUHANG_TEST_REDIS_URL.", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		iter := client.Scan(ctx, 0, prefix+"*", 500).Iterator()
		for iter.Next(ctx) {
			client.Del(ctx, iter.Val())
		}
		_ = client.Close()
	})
	return client
}
