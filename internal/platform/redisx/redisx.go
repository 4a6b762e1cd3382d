// Package redisx opens the Redis client and namespaces every key with a
// prefix, so several deployments (and parallel tests) can share one server.
package redisx

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Client is a go-redis client plus the key prefix every caller must use.
type Client struct {
	*redis.Client
	prefix string
}

// Open parses the URL and checks that Redis answers.
func Open(ctx context.Context, redisURL, prefix string) (*Client, error) {
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, fmt.Errorf("redisx: parse url: %w", err)
	}
	// Short timeouts: a slow Redis must turn into a clear error (and a 503 on
	// /readyz), not a hung request.
	opts.DialTimeout = 2 * time.Second
	opts.ReadTimeout = 2 * time.Second
	opts.WriteTimeout = 2 * time.Second
	c := &Client{Client: redis.NewClient(opts), prefix: prefix}
	pingCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := c.Ping(pingCtx).Err(); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("redisx: cannot reach %s: %w (is Redis running? `bash deploy/services.sh` starts it)", opts.Addr, err)
	}
	return c, nil
}

// Key joins parts under the client's prefix: Key("session", id) → "huhang:session:id".
func (c *Client) Key(parts ...string) string {
	return c.prefix + strings.Join(parts, ":")
}

// Prefix is the namespace of this client's keys.
func (c *Client) Prefix() string { return c.prefix }
