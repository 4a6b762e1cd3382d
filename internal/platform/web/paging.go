package web

import (
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/platform/apperr"
)

const (
	defaultPageSize = 50
	maxPageSize     = 200
)

// Page is a keyset page request: up to Limit rows after the row whose id is After.
type Page struct {
	Limit int
	After *uuid.UUID
}

// PageFrom reads ?limit=&cursor=. Stores fetch Limit+1 rows so the answer
// knows whether another page follows.
func PageFrom(c *gin.Context) (Page, error) {
	var fe apperr.FieldErrors
	p := Page{Limit: limitFrom(c, &fe)}
	if raw := c.Query("cursor"); raw != "" {
		id, err := uuid.Parse(raw)
		if err != nil {
			fe.Add("cursor", "分页游标无效")
		} else {
			p.After = &id
		}
	}
	return p, fe.Err("分页参数有误")
}

// KeyedPageFrom is PageFrom for a list ordered by more than its id (the
// review queue: submission time, then id): the cursor is the opaque text the
// list wrote, which decode reads back; its error names the cursor.
func KeyedPageFrom[K any](c *gin.Context, decode func(string) (K, error)) (Page, *K, error) {
	var fe apperr.FieldErrors
	p := Page{Limit: limitFrom(c, &fe)}
	var key *K
	if raw := c.Query("cursor"); raw != "" {
		k, err := decode(raw)
		if err != nil {
			fe.Add("cursor", "分页游标无效")
		} else {
			key = &k
		}
	}
	return p, key, fe.Err("分页参数有误")
}

func limitFrom(c *gin.Context, fe *apperr.FieldErrors) int {
	raw := c.Query("limit")
	if raw == "" {
		return defaultPageSize
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxPageSize {
		fe.Add("limit", "每页条数须为 1–200 的整数")
		return defaultPageSize
	}
	return n
}

// Fetch is how many rows a store should read for the page.
func (p Page) Fetch() int { return p.Limit + 1 }

// ListBody is the JSON of every list: {"items": [...], "next_cursor": id or null}.
type ListBody[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// Paged trims the extra row a store fetched and sets the cursor from the
// last item kept.
func Paged[T any](items []T, p Page, id func(T) string) ListBody[T] {
	body := ListBody[T]{Items: items}
	if body.Items == nil {
		body.Items = []T{}
	}
	if len(items) > p.Limit {
		body.Items = items[:p.Limit]
		next := id(body.Items[p.Limit-1])
		body.NextCursor = &next
	}
	return body
}

// PathUUID reads a UUID path parameter; a malformed one cannot name any
// record, so it answers 404 like a missing one.
func PathUUID(c *gin.Context, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param(name))
	if err != nil {
		return uuid.Nil, apperr.NotFound("")
	}
	return id, nil
}

// ByPathID runs fn with the :id path parameter and renders what it returns:
// the recurring shape of handlers that act on one record.
func ByPathID[T, J any](c *gin.Context, fn func(id uuid.UUID) (T, error), render func(T) J) (J, error) {
	var zero J
	id, err := PathUUID(c, "id")
	if err != nil {
		return zero, err
	}
	v, err := fn(id)
	if err != nil {
		return zero, err
	}
	return render(v), nil
}

// Map renders each item for an answer; the result is never nil, so an empty
// list is [] in JSON, not null.
func Map[T, J any](items []T, f func(T) J) []J {
	out := make([]J, 0, len(items))
	for _, it := range items {
		out = append(out, f(it))
	}
	return out
}
