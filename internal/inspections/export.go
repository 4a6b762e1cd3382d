package inspections

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/xuri/excelize/v2"

	"huhang/internal/auth"
	"huhang/internal/platform/clock"
	"huhang/internal/platform/postgres"
	"huhang/internal/platform/web"
)

// The exported ledger (domain.md §6): one row per finding with its current
// rectification state, in the columns auditors keep in Excel, and the chain
// head, so that a printed ledger can be checked against the system.

// Format is an export format.
type Format string

const (
	FormatXLSX Format = "xlsx"
	FormatCSV  Format = "csv"
)

// LedgerColumns are the auditors' columns, in order.
var LedgerColumns = []string{"序号", "排查时间", "学校", "实习单位", "问题描述", "依据条款", "严重程度", "整改措施", "责任单位",
	"责任人", "整改时限", "整改状态", "销号时间"}

// Export is a ledger ready to be written: the checks are done before the
// first byte, so a refusal is still a proper error answer.
type Export struct {
	Filename string
	// HeadSeq and HeadHash are the chain's last row when the export began.
	HeadSeq  int
	HeadHash string
	write    func(ctx context.Context, w io.Writer) error
}

// Write streams the ledger to w.
func (e Export) Write(ctx context.Context, w io.Writer) error { return e.write(ctx, w) }

// ExportLedger prepares the campaign's ledger for the actor who sees it.
// Rows are read from one cursor and written as they come: memory stays
// bounded whatever the number of findings (the xlsx stream writer spills
// to a temporary file past its chunk size).
func (s *Service) ExportLedger(ctx context.Context, actor auth.Actor, campaignID uuid.UUID, format Format) (Export, error) {
	c, err := s.GetCampaign(ctx, actor, campaignID)
	if err != nil {
		return Export{}, err
	}
	seq, hash, err := ledgerHead(ctx, s.pool, c.ID)
	if err != nil {
		return Export{}, err
	}
	today := s.today()
	e := Export{Filename: fmt.Sprintf("专项检查台账-%s-%s.%s", c.Title, today, format), HeadSeq: seq, HeadHash: hex.EncodeToString(hash)}
	title := fmt.Sprintf("%s（%s，%s 至 %s）", c.Title, c.BureauName, c.StartsOn, c.EndsOn)
	head := fmt.Sprintf("台账链头：第 %d 行，SHA-256 %s；导出于 %s；可在系统中核对", seq, e.HeadHash,
		s.clock.Now().In(clock.Location()).Format("2006-01-02 15:04"))
	e.write = func(ctx context.Context, w io.Writer) error {
		rows := func(each func([]string) error) error { return streamLedgerRows(ctx, s.pool, c.ID, today, each) }
		if format == FormatCSV {
			return writeCSV(w, title, head, rows)
		}
		return writeXLSX(w, title, head, rows)
	}
	return e, nil
}

// streamLedgerRows reads the campaign's findings in ledger order and hands
// each as a row of LedgerColumns.
func streamLedgerRows(ctx context.Context, db postgres.DBTX, campaignID uuid.UUID, today clock.Date, each func([]string) error) error {
	rows, err := db.Query(ctx, `SELECT f.seq, f.discovered_on, COALESCE(s.name, ''), COALESCE(e.name, ''), f.description, f.article,
		f.severity, COALESCE(f.measure, ''), COALESCE(r.name, ''), COALESCE(f.responsible_person, ''), f.deadline, f.status, f.closed_at
		FROM findings f LEFT JOIN orgs s ON s.id = f.school_id LEFT JOIN orgs e ON e.id = f.enterprise_id
		LEFT JOIN orgs r ON r.id = f.responsible_org_id WHERE f.campaign_id = $1 ORDER BY f.seq`, campaignID)
	if err != nil {
		return postgres.Translate(err, "inspections: export")
	}
	defer rows.Close()
	var (
		seq                                           int
		discovered                                    time.Time
		school, ent, desc, article, measure, org, who string
		severity                                      Severity
		status                                        FindingStatus
		deadline, closed                              *time.Time
	)
	line := make([]string, len(LedgerColumns))
	_, err = pgx.ForEachRow(rows, []any{&seq, &discovered, &school, &ent, &desc, &article, &severity, &measure, &org, &who,
		&deadline, &status, &closed}, func() error {
		state := status.Name()
		line[10] = ""
		if deadline != nil {
			d := clock.DateFromSQL(*deadline)
			line[10] = d.String()
			if status != FindingClosed && d.Before(today) {
				state += "（逾期）"
			}
		}
		line[12] = ""
		if closed != nil {
			line[12] = closed.In(clock.Location()).Format("2006-01-02 15:04")
		}
		line[0], line[1], line[2], line[3], line[4] = strconv.Itoa(seq), clock.DateFromSQL(discovered).String(), school, ent, desc
		line[5], line[6], line[7], line[8], line[9], line[11] = CiteArticle(article), SeverityNames[severity], measure, org, who, state
		return each(line)
	})
	return postgres.Translate(err, "inspections: export")
}

func writeCSV(w io.Writer, title, head string, rows func(func([]string) error) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	// Excel reads UTF-8 only after a byte order mark.
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	// Every line has the ledger's columns, so a CSV reader takes the title
	// lines as rows like the others.
	pad := func(first string) []string { return append([]string{first}, make([]string, len(LedgerColumns)-1)...) }
	_ = cw.Write(pad(title))
	_ = cw.Write(pad(head))
	_ = cw.Write(LedgerColumns)
	if err := rows(func(line []string) error { return cw.Write(line) }); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func writeXLSX(w io.Writer, title, head string, rows func(func([]string) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "台账"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	widths := []float64{6, 11, 22, 22, 40, 18, 8, 30, 22, 10, 11, 12, 16}
	for i, width := range widths {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: bold, Value: title}}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{head}); err != nil {
		return err
	}
	header := make([]any, len(LedgerColumns))
	for i, col := range LedgerColumns {
		header[i] = excelize.Cell{StyleID: bold, Value: col}
	}
	if err := sw.SetRow("A3", header); err != nil {
		return err
	}
	n := 4
	cells := make([]any, len(LedgerColumns))
	err = rows(func(line []string) error {
		for i, v := range line {
			cells[i] = v
		}
		// 序号 as a number, so Excel sorts and sums it.
		if seq, err := strconv.Atoi(line[0]); err == nil {
			cells[0] = seq
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		n++
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

var articlePart = regexp.MustCompile(`^(\d{1,2})(?:\((\d{1,2})\))?$`)

// CiteArticle renders the rules' article references in legal style, as the
// client does: "16(2)" → 第十六条第（二）项; "local" → 巴中市规定.
func CiteArticle(article string) string {
	var out []string
	for _, part := range strings.FieldsFunc(article, func(r rune) bool { return r == ',' || r == ';' || r == '，' || r == '；' }) {
		part = strings.TrimSpace(part)
		if strings.EqualFold(part, "local") {
			out = append(out, "巴中市规定")
			continue
		}
		m := articlePart.FindStringSubmatch(part)
		if m == nil {
			out = append(out, part)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		cite := "第" + chineseNumber(n) + "条"
		if m[2] != "" {
			i, _ := strconv.Atoi(m[2])
			cite += "第（" + chineseNumber(i) + "）项"
		}
		out = append(out, cite)
	}
	return strings.Join(out, "、")
}

func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n < 10 {
		return digits[n]
	}
	tens, ones := n/10, n%10
	out := "十"
	if tens > 1 {
		out = digits[tens] + out
	}
	if ones > 0 {
		out += digits[ones]
	}
	return out
}

// export is the download handler of either format.
func (h handlers) export(format Format) web.Handler {
	return func(c *gin.Context) error {
		a, err := auth.MustActor(c.Request.Context())
		if err != nil {
			return err
		}
		id, err := web.PathUUID(c, "id")
		if err != nil {
			return err
		}
		e, err := h.svc.ExportLedger(c.Request.Context(), a, id, format)
		if err != nil {
			return err
		}
		contentType := "text/csv; charset=utf-8"
		if format == FormatXLSX {
			contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		c.Header("Content-Type", contentType)
		c.Header("Content-Disposition", "attachment; filename=\"ledger."+string(format)+"\"; filename*=UTF-8''"+url.PathEscape(e.Filename))
		c.Header("X-Ledger-Head", fmt.Sprintf("%d:%s", e.HeadSeq, e.HeadHash))
		c.Status(200)
		return e.Write(c.Request.Context(), c.Writer)
	}
}
