package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/redis/go-redis/v9"

	"huhang/internal/auth"
	"huhang/internal/platform/apperr"
	"huhang/internal/platform/ids"
)

// visible is the scope of involved, in Go, for entries of the live stream:
// the same organisations see an alert pushed as listed.
func visible(actor auth.Actor, a Alert) bool {
	switch actor.Role {
	case auth.RolePlatformAdmin:
		return true
	case auth.RoleBureauAuditor:
		prefix := ids.DivisionPrefix(actor.DivisionCode)
		return prefix != "" && strings.HasPrefix(a.DivisionCode, prefix)
	case auth.RoleSchoolAdmin:
		return a.SchoolID != nil && actor.InOrg(*a.SchoolID)
	case auth.RoleEnterpriseAdmin:
		return a.EnterpriseID != nil && actor.InOrg(*a.EnterpriseID)
	}
	return false
}

// liveEvent is one entry of the live stream.
type liveEvent struct {
	ID    string // the stream entry id, sent as the SSE id
	Alert AlertJSON
}

func decodeLive(msg redis.XMessage) (liveEvent, bool) {
	raw, _ := msg.Values[messageField].(string)
	var j AlertJSON
	if json.Unmarshal([]byte(raw), &j) != nil {
		return liveEvent{}, false
	}
	return liveEvent{ID: msg.ID, Alert: j}, true
}

// hub is one reader of the live stream per serve process, fanning entries
// out to that process's SSE connections. Every replica runs its own reader
// of the same Redis stream, so an alert raised anywhere reaches a browser
// connected to any replica.
type hub struct {
	s       *Service
	mu      sync.Mutex
	subs    map[chan liveEvent]struct{}
	started bool
}

func newHub(s *Service) *hub { return &hub{s: s, subs: map[chan liveEvent]struct{}{}} }

// subscribe registers a connection; the reader starts with the first one
// and lives as long as the Redis client.
func (h *hub) subscribe() chan liveEvent {
	ch := make(chan liveEvent, 64)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs[ch] = struct{}{}
	if !h.started {
		h.started = true
		start := h.tail()
		go h.read(start)
	}
	return ch
}

func (h *hub) unsubscribe(ch chan liveEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[ch]; ok {
		delete(h.subs, ch)
		close(ch)
	}
}

// tail is the id of the last entry now, so the reader misses nothing
// published after the first subscriber came.
func (h *hub) tail() string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	last, err := h.s.rdb.XRevRangeN(ctx, h.s.liveKey(), "+", "-", 1).Result()
	if err != nil || len(last) == 0 {
		return "0-0"
	}
	return last[0].ID
}

func (h *hub) read(last string) {
	ctx := context.Background()
	pause := newBackoff()
	for {
		res, err := h.s.rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{h.s.liveKey(), last}, Count: 100, Block: 5 * time.Second}).Result()
		switch {
		case errors.Is(err, redis.Nil):
			continue
		case errors.Is(err, redis.ErrClosed):
			h.closeAll()
			return
		case err != nil:
			sleep(ctx, pause.next())
			continue
		}
		pause.reset()
		for _, st := range res {
			for _, msg := range st.Messages {
				last = msg.ID
				if ev, ok := decodeLive(msg); ok {
					h.broadcast(ev)
				}
			}
		}
	}
}

// broadcast never blocks on a slow connection: one whose buffer is full is
// closed, and its client resumes from its Last-Event-ID.
func (h *hub) broadcast(ev liveEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		select {
		case ch <- ev:
		default:
			delete(h.subs, ch)
			close(ch)
		}
	}
}

func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		delete(h.subs, ch)
		close(ch)
	}
	h.started = false
}

// streamID orders stream entry ids ("ms-seq").
type streamID struct{ ms, seq uint64 }

func parseStreamID(s string) (streamID, bool) {
	msPart, seqPart, ok := strings.Cut(s, "-")
	if !ok {
		return streamID{}, false
	}
	ms, err1 := strconv.ParseUint(msPart, 10, 64)
	seq, err2 := strconv.ParseUint(seqPart, 10, 64)
	return streamID{ms, seq}, err1 == nil && err2 == nil
}

func (a streamID) after(b streamID) bool { return a.ms > b.ms || (a.ms == b.ms && a.seq > b.seq) }

// maxReplay bounds what a resuming connection is sent from the stream;
// a client away longer reloads its inbox anyway.
const maxReplay = 500

// stream serves GET /alerts/stream: Server-Sent Events of every alert raised
// or changed in the caller's scope. The session is checked again at every
// heartbeat, so a logout or a revoked session ends the stream within one.
func (h handlers) stream(c *gin.Context) error {
	actor, err := auth.MustActor(c.Request.Context())
	if err != nil {
		return err
	}
	if h.svc.rdb == nil {
		return apperr.Unavailable("实时推送暂不可用")
	}
	bearer := c.GetHeader("Authorization")
	ch := h.svc.hub.subscribe()
	defer h.svc.hub.unsubscribe(ch)

	w := c.Writer
	// The server's write timeout is for ordinary answers; a stream lives
	// until the client or the session goes.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache, no-transform")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 3000\n\n")
	w.Flush()

	var sent streamID
	send := func(ev liveEvent) bool {
		id, ok := parseStreamID(ev.ID)
		if !ok || (sent != streamID{} && !id.after(sent)) {
			return true
		}
		sent = id
		a := ev.Alert.alert()
		if !visible(actor, a) {
			return true
		}
		ev.Alert.Actions = Actions(actor, a)
		body, err := json.Marshal(ev.Alert)
		if err != nil {
			return true
		}
		_, err = fmt.Fprintf(w, "id: %s\nevent: alert\ndata: %s\n\n", ev.ID, body)
		w.Flush()
		return err == nil
	}
	ctx := c.Request.Context()
	if last := c.GetHeader("Last-Event-ID"); last != "" {
		if _, ok := parseStreamID(last); ok {
			missed, err := h.svc.rdb.XRangeN(ctx, h.svc.liveKey(), "("+last, "+", maxReplay).Result()
			if err == nil {
				for _, msg := range missed {
					if ev, ok := decodeLive(msg); ok && !send(ev) {
						return nil
					}
				}
			}
		}
	}
	beat := time.NewTicker(h.svc.opts.Heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-ch:
			if !ok || !send(ev) {
				return nil
			}
		case <-beat.C:
			if h.reauth != nil {
				if _, err := h.reauth(ctx, strings.TrimPrefix(bearer, "Bearer ")); err != nil {
					fmt.Fprint(w, "event: end\ndata: {\"reason\":\"session\"}\n\n")
					w.Flush()
					return nil
				}
			}
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return nil
			}
			w.Flush()
		}
	}
}
