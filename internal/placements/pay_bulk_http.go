package placements

import (
	"fmt"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"huhang/internal/auth"
	"huhang/internal/platform/web"
)

// The enterprise's monthly pay sheet: its request and answer shapes. Each
// line of the bulk answer carries what the single pay request would answer.

type payMonthJSON struct {
	PlacementID   uuid.UUID `json:"placement_id"`
	StudentName   string    `json:"student_name"`
	StudentNo     string    `json:"student_no"`
	ClassName     string    `json:"class_name"`
	SchoolName    string    `json:"school_name"`
	PostName      string    `json:"post_name"`
	StartsOn      string    `json:"starts_on"`
	EndsOn        string    `json:"ends_on"`
	RequiredFen   int64     `json:"required_fen"`
	Recordable    bool      `json:"recordable"`
	Record        *payJSON  `json:"record"`
	MissingMonths []string  `json:"missing_months"`
}

type payMonthsJSON struct {
	Month        string         `json:"month"`
	Items        []payMonthJSON `json:"items"`
	MissingTotal int            `json:"missing_total"`
}

func (h handlers) payMonths(c *gin.Context, a auth.Actor) (payMonthsJSON, error) {
	month := c.Query("month")
	if month == "" {
		t := h.svc.today()
		month = fmt.Sprintf("%04d-%02d", t.Year, t.Month)
	}
	rows, err := h.svc.PayMonths(c.Request.Context(), a, month)
	if err != nil {
		return payMonthsJSON{}, err
	}
	out := payMonthsJSON{Month: month, Items: make([]payMonthJSON, len(rows))}
	for i, r := range rows {
		p := r.Placement
		item := payMonthJSON{PlacementID: p.ID, StudentName: p.StudentName, StudentNo: p.StudentNo, ClassName: p.ClassName,
			SchoolName: p.SchoolName, PostName: p.PostName, StartsOn: p.StartsOn.String(), EndsOn: p.EndsOn.String(),
			RequiredFen: r.RequiredFen, Recordable: r.Recordable, MissingMonths: r.Missing}
		if r.Record != nil {
			j := toPayJSON(*r.Record)
			item.Record = &j
		}
		out.Items[i] = item
		out.MissingTotal += len(r.Missing)
	}
	return out, nil
}

type payManyRequest struct {
	Month string `json:"month"`
	Items []struct {
		PlacementID uuid.UUID `json:"placement_id"`
		AmountFen   *int64    `json:"amount_fen"`
		PaidOn      string    `json:"paid_on"`
		Method      string    `json:"method"`
	} `json:"items"`
}

type payItemJSON struct {
	PlacementID uuid.UUID         `json:"placement_id"`
	OK          bool              `json:"ok"`
	Outcome     *string           `json:"outcome"`
	Record      *payJSON          `json:"record"`
	Error       *web.ErrorPayload `json:"error"`
}

type payManyJSON struct {
	Month     string        `json:"month"`
	Items     []payItemJSON `json:"items"`
	Created   int           `json:"created"`
	Corrected int           `json:"corrected"`
	Failed    int           `json:"failed"`
	// Flagged counts the lines recorded below the Art 18 standard.
	Flagged int `json:"flagged"`
}

func (h handlers) payMany(c *gin.Context, a auth.Actor, req payManyRequest) (payManyJSON, error) {
	if err := checkBulkSize("items", len(req.Items)); err != nil {
		return payManyJSON{}, err
	}
	items := make([]PayItem, len(req.Items))
	for i, it := range req.Items {
		items[i] = PayItem(it)
	}
	outcomes, err := h.svc.RecordPayMany(c.Request.Context(), a, req.Month, items)
	if err != nil {
		return payManyJSON{}, err
	}
	out := payManyJSON{Month: req.Month, Items: make([]payItemJSON, len(outcomes))}
	for i, o := range outcomes {
		item := payItemJSON{PlacementID: o.PlacementID, OK: o.Err == nil}
		switch {
		case o.Err != nil:
			_, payload := web.PayloadOf(c, o.Err)
			payload.RequestID = ""
			item.Error = &payload
			out.Failed++
		default:
			kind := "created"
			out.Created++
			if o.Corrected {
				kind = "corrected"
				out.Created--
				out.Corrected++
			}
			j := toPayJSON(*o.Record)
			item.Outcome, item.Record = &kind, &j
			if !j.Compliant {
				out.Flagged++
			}
		}
		out.Items[i] = item
	}
	return out, nil
}
