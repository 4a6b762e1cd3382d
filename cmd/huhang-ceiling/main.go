// Command huhang-ceiling is the stack's ceiling for `make bench`: Gin
// decoding a check-in-sized JSON body and one pgx INSERT into a table shaped
// like duty_checkins, with nothing else (no session, no scope, no rules, no
// audit, no alerts). The real POST /duty/checkins is measured against it,
// on the same machine, database and pool size, in the same run.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"huhang/internal/platform/config"
)

type checkin struct {
	RosterID   uuid.UUID `json:"roster_id" binding:"required"`
	Kind       string    `json:"kind" binding:"required"`
	Lat        float64   `json:"lat"`
	Lng        float64   `json:"lng"`
	AccuracyM  float64   `json:"accuracy_m"`
	Datum      string    `json:"datum"`
	ClientTime time.Time `json:"client_time"`
	SentAt     time.Time `json:"sent_at"`
	Note       string    `json:"note"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18191", "listen address")
	flag.Parse()
	dbURL := os.Getenv("HUHANG_DATABASE_URL")
	if dbURL == "" {
		log.Fatal("HUHANG_DATABASE_URL is required")
	}
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		log.Fatal(err)
	}
	// The server's pool size, so both sides get the same connections.
	cfg.MaxConns = int32(config.DefaultDBMaxConns())
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS bench_ceiling_checkins (
		id uuid PRIMARY KEY, roster_id uuid NOT NULL, teacher_key text NOT NULL, kind text NOT NULL,
		lat double precision NOT NULL, lng double precision NOT NULL, accuracy_m double precision NOT NULL,
		datum text NOT NULL, note text NOT NULL, client_time timestamptz NOT NULL, sent_at timestamptz NOT NULL,
		received_at timestamptz NOT NULL, idempotency_key text NOT NULL, UNIQUE (teacher_key, idempotency_key))`); err != nil {
		log.Fatal(err)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/checkins", func(c *gin.Context) {
		var in checkin
		if err := c.ShouldBindJSON(&in); err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
			return
		}
		id := uuid.Must(uuid.NewV7())
		_, err := pool.Exec(c.Request.Context(), `INSERT INTO bench_ceiling_checkins (id, roster_id, teacher_key, kind, lat, lng,
			accuracy_m, datum, note, client_time, sent_at, received_at, idempotency_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $12)`,
			id, in.RosterID, tokenTail(c.GetHeader("Authorization")), in.Kind, in.Lat, in.Lng, in.AccuracyM, in.Datum, in.Note,
			in.ClientTime, in.SentAt, c.GetHeader("Idempotency-Key"))
		if err != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"error": err.Error()})
			return
		}
		c.JSON(http.StatusCreated, gin.H{"id": id})
	})
	fmt.Fprintf(os.Stderr, "ceiling listening on %s\n", *addr)
	srv := &http.Server{Addr: *addr, Handler: r, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

// tokenTail stands for the teacher: the real table keys idempotency by a
// user id, a short value, so the ceiling keys by the token's signature
// rather than the whole token.
func tokenTail(authorization string) string {
	if len(authorization) > 43 {
		return authorization[len(authorization)-43:]
	}
	return authorization
}
