package todos

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"huhang/internal/auth"
)

// Routes mounts the feed and the workspace; every signed-in role may ask,
// and each gets only its own.
func Routes(authed *gin.RouterGroup, svc *Service) {
	authed.GET("/todos", auth.Answer(http.StatusOK, func(c *gin.Context, a auth.Actor) (listJSON, error) {
		l, err := svc.Todos(c.Request.Context(), a)
		return toListJSON(l), err
	}))
	authed.GET("/workspace", auth.Answer(http.StatusOK, func(c *gin.Context, a auth.Actor) (workspaceJSON, error) {
		w, err := svc.Workspace(c.Request.Context(), a)
		return toWorkspaceJSON(w), err
	}))
}

type subjectJSON struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type itemJSON struct {
	Kind     string      `json:"kind"`
	Title    string      `json:"title"`
	Detail   string      `json:"detail,omitempty"`
	Subject  subjectJSON `json:"subject"`
	DueOn    *string     `json:"due_on,omitempty"`
	Severity Severity    `json:"severity"`
	Link     string      `json:"link"`
}

type countsJSON struct {
	Plans      int `json:"plans"`
	Placements int `json:"placements"`
	Students   int `json:"students"`
	Total      int `json:"total"`
}

type listJSON struct {
	Items  []itemJSON `json:"items"`
	Counts countsJSON `json:"counts"`
}

func toListJSON(l List) listJSON {
	out := listJSON{Items: make([]itemJSON, 0, len(l.Items)), Counts: countsJSON(l.Counts)}
	for _, it := range l.Items {
		j := itemJSON{Kind: it.Kind, Title: it.Title, Detail: it.Detail, Severity: it.Severity, Link: it.Link,
			Subject: subjectJSON{Type: it.Subject.Type, ID: it.Subject.ID.String()}}
		if it.DueOn != nil {
			d := it.DueOn.String()
			j.DueOn = &d
		}
		out.Items = append(out.Items, j)
	}
	return out
}

type figureJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value int    `json:"value"`
	Hint  string `json:"hint,omitempty"`
	Link  string `json:"link,omitempty"`
}

type rowJSON struct {
	Name  string `json:"name"`
	Value int    `json:"value"`
	Hint  string `json:"hint,omitempty"`
	Link  string `json:"link,omitempty"`
}

type breakdownJSON struct {
	Title string    `json:"title"`
	Rows  []rowJSON `json:"rows"`
}

type workspaceJSON struct {
	Figures   []figureJSON   `json:"figures"`
	Breakdown *breakdownJSON `json:"breakdown,omitempty"`
}

func toWorkspaceJSON(w Workspace) workspaceJSON {
	out := workspaceJSON{Figures: make([]figureJSON, 0, len(w.Figures))}
	for _, f := range w.Figures {
		out.Figures = append(out.Figures, figureJSON(f))
	}
	if w.Breakdown != nil {
		b := &breakdownJSON{Title: w.Breakdown.Title, Rows: make([]rowJSON, 0, len(w.Breakdown.Rows))}
		for _, r := range w.Breakdown.Rows {
			b.Rows = append(b.Rows, rowJSON(r))
		}
		out.Breakdown = b
	}
	return out
}
