// The dashboard's two charts as ECharts options. Only types come from
// ECharts here, so the options are tested without a canvas.
import type { ChartOption } from './echarts'
import type { TrendSeries } from './stats'

// A canvas cannot inherit the page's font: the same stack, spelled out.
const FONT = "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"
const TEXT = '#323233'
const MUTED = '#646566'
const GRID_LINE = '#ebedf0'

/** Series colours, each at least 4.5:1 on white like the rest of the app's text colours. */
export const TREND_COLORS = ['#1768d1', '#0a7a3d', '#c62828', '#b45309', '#6d28d9'] as const
export const BAR_COLOR = '#1768d1'

/** Room per bar row: a finger's height, so a bar is easy to tap. */
export const BAR_ROW_PX = 44

/** The comparison chart's height for `rows` bars. */
export function barChartHeight(rows: number): number {
  return Math.max(120, rows * BAR_ROW_PX + 40)
}

export interface BarRow {
  name: string
  value: number | null
}

/**
 * Bars lying down, one per unit, names on the left: Chinese names of six to
 * ten characters do not fit under upright bars on a 390 px phone.
 */
export function barOption(rows: readonly BarRow[], o: { seriesName: string; percent: boolean; none: string }): ChartOption {
  const format = (v: unknown) => (typeof v === 'number' ? (o.percent ? `${v}%` : String(v)) : o.none)
  return {
    textStyle: { fontFamily: FONT },
    animationDuration: 300,
    grid: { left: 4, right: 44, top: 8, bottom: 24, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      valueFormatter: (v) => format(v),
    },
    xAxis: {
      type: 'value',
      minInterval: 1,
      ...(o.percent ? { max: 100 } : {}),
      axisLabel: { color: MUTED, fontSize: 11, formatter: o.percent ? '{value}%' : '{value}' },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    yAxis: {
      type: 'category',
      // The first unit on top, as in the list below the chart.
      inverse: true,
      data: rows.map((r) => r.name),
      // Taps on a name drill down too. 120 px holds a nine-character school
      // name at 13 px; longer ones are cut, the list below has them whole.
      triggerEvent: true,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: GRID_LINE } },
      axisLabel: { color: TEXT, fontSize: 13, width: 120, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: o.seriesName,
        data: rows.map((r) => r.value),
        barMaxWidth: 22,
        itemStyle: { color: BAR_COLOR, borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', color: TEXT, fontSize: 12, formatter: (p) => format(p.value) },
        emphasis: { itemStyle: { color: '#0f4fa3' } },
      },
    ],
  }
}

/** Twelve weeks of activity, one line per kind; the legend toggles a line. */
export function lineOption(labels: readonly string[], series: readonly TrendSeries[]): ChartOption {
  return {
    textStyle: { fontFamily: FONT },
    animationDuration: 300,
    color: [...TREND_COLORS],
    legend: {
      top: 0,
      left: 0,
      right: 0,
      itemWidth: 16,
      itemHeight: 8,
      itemGap: 12,
      textStyle: { color: TEXT, fontSize: 12 },
    },
    // Room for the legend in two rows, as five names take on a 390 px phone.
    grid: { left: 4, right: 12, top: 64, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: [...labels],
      axisLabel: { color: MUTED, fontSize: 11, hideOverlap: true },
      axisLine: { lineStyle: { color: GRID_LINE } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: MUTED, fontSize: 11 },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: series.map((s) => ({
      type: 'line' as const,
      name: s.name,
      data: [...s.data],
      symbolSize: 5,
      lineStyle: { width: 2 },
    })),
  }
}
