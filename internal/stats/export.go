package stats

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// OverviewColumns are the export's columns after the unit's name.
var OverviewColumns = []string{"单位", "待审方案", "平均等待天数", "最长等待天数", "实习中（在岗）", "今日应值守", "今日已到岗",
	"本周应值守", "本周已到岗", "巡查缺失", "事故总数", "未确认事故", "未处理预警", "其中严重", "整改逾期", "实习单位数",
	"超10%单位", "超20%岗位"}

// TrendColumns are the trend sheet's columns.
var TrendColumns = []string{"周（周一）", "值守打卡", "巡查", "事故", "预警", "排查问题", "提交方案"}

// OverviewRow is one exported line: a name and its figures, in OverviewColumns' order.
func OverviewRow(name string, f Figures) []any {
	return []any{name, f.Review.Waiting, f.Review.AvgWaitDays, f.Review.MaxWaitDays, f.Placements["active"],
		f.Duty.TodayDue, f.Duty.TodayCovered, f.Duty.WeekDue, f.Duty.WeekCovered, f.PatrolGaps, f.Incidents.Total,
		f.Incidents.Open, f.Alerts.Open, f.Alerts.BySeverity["critical"], f.Findings.Overdue, f.Quota.Hosts,
		f.Quota.OverUnit, f.Quota.OverPost}
}

// WriteXLSX writes the overview as a workbook: 概览 (the scope's total, then
// each sub-division and school) and 趋势 (the weekly counts), numbers as
// numbers so the auditor can sum and chart them in Excel.
func WriteXLSX(w io.Writer, o Overview) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	title := o.Scope.Name + " 实习监管数据（截至 " + o.AsOf + "）"
	rows := [][]any{OverviewRow("合计", o.Totals)}
	for _, c := range o.Children {
		rows = append(rows, OverviewRow(c.Name, c.Figures))
	}
	for _, s := range o.Schools {
		rows = append(rows, OverviewRow(s.Name, s.Figures))
	}
	if err := writeSheet(f, "Sheet1", "概览", title, OverviewColumns, rows, bold); err != nil {
		return err
	}
	rows = rows[:0]
	for _, t := range o.Trends {
		rows = append(rows, []any{t.Week, t.Checkins, t.Patrols, t.Incidents, t.Alerts, t.Findings, t.PlansSubmitted})
	}
	if _, err := f.NewSheet("趋势"); err != nil {
		return err
	}
	if err := writeSheet(f, "", "趋势", title, TrendColumns, rows, bold); err != nil {
		return err
	}
	return f.Write(w)
}

func writeSheet(f *excelize.File, rename, sheet, title string, columns []string, rows [][]any, bold int) error {
	if rename != "" {
		if err := f.SetSheetName(rename, sheet); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 24); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, len(columns), 11); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: bold, Value: title}}); err != nil {
		return err
	}
	header := make([]any, len(columns))
	for i, c := range columns {
		header[i] = excelize.Cell{StyleID: bold, Value: c}
	}
	if err := sw.SetRow("A2", header); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
	}
	return sw.Flush()
}
