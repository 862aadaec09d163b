import { toDecimalString, type Money } from "../money/index.js";
import type { InsightReport } from "./insight.js";
import { bucketLabel, showMoney } from "./summary.js";

/** The colours of the report. */
export const COLORS = { bar: "#3b6fd8", new: "#2e9d5b", expansion: "#7cc59a", contraction: "#f0a35e", churn: "#d9534f", line: "#3b6fd8", band: "#b9cdf3" } as const;

/** Chart data is drawn from numbers: money becomes one only here, for the drawing. */
function n(value: Money): number {
  return Number(toDecimalString(value));
}

type EChartsOption = Record<string, unknown>;

/** Renders an ECharts option to an SVG string on the server (no DOM, no network). */
type Render = (option: EChartsOption, width: number, height: number) => string;

async function renderer(): Promise<Render> {
  const echarts = await import("echarts");
  return (option, width, height) => {
    const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
    chart.setOption({ animation: false, textStyle: { fontFamily: "system-ui, sans-serif" }, ...option });
    const svg = chart.renderToSVGString();
    chart.dispose();
    return svg;
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A month `"2027-03"` as a chart label: `"Mar 27"`. */
export function monthLabel(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(2, 4)}`;
}

/** The report's charts as inline SVG strings. */
export interface ReportCharts {
  /** Aging bars, one per bucket, labelled with its total. */
  readonly aging: string;
  /** RMR on the first of each month. */
  readonly rmrTrend: string;
  /** RMR movement per month: new and expansion up, contraction and churn down. */
  readonly rmrMovement: string;
  /** The cash-flow forecast: cumulative expected receipts and the range. */
  readonly forecast: string;
}

/** Draws the report's charts with ECharts' server-side SVG renderer. */
export async function renderCharts(report: InsightReport, locale = "en-US"): Promise<ReportCharts> {
  const render = await renderer();
  const money = (v: Money): string => showMoney(v, locale);
  const axisMoney = { type: "value", axisLabel: { formatter: (v: number) => v.toLocaleString(locale) } };
  const aging = render(
    {
      grid: { left: 70, right: 20, top: 30, bottom: 40 },
      xAxis: { type: "category", data: report.aging.buckets.map((b) => bucketLabel(b.bucket)), axisTick: { alignWithLabel: true } },
      yAxis: axisMoney,
      series: [
        {
          type: "bar",
          name: "aging",
          barMaxWidth: 70,
          itemStyle: { color: COLORS.bar },
          label: { show: true, position: "top", formatter: (p: { dataIndex: number }) => money((report.aging.buckets[p.dataIndex] as { total: Money }).total) },
          data: report.aging.buckets.map((b) => n(b.total)),
        },
      ],
    },
    640,
    300,
  );
  const months = report.rmr.trend.map((p) => monthLabel(p.month));
  const rmrTrend = render(
    {
      grid: { left: 80, right: 20, top: 30, bottom: 40 },
      xAxis: { type: "category", data: months, axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { ...axisMoney, scale: true },
      series: [{ type: "line", name: "RMR", symbolSize: 6, itemStyle: { color: COLORS.line }, lineStyle: { width: 2 }, data: report.rmr.trend.map((p) => n(p.rmr)) }],
    },
    640,
    280,
  );
  const rmrMovement = render(
    {
      grid: { left: 80, right: 20, top: 40, bottom: 40 },
      legend: { top: 5, data: ["new", "expansion", "contraction", "churn"] },
      xAxis: { type: "category", data: months, axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: axisMoney,
      series: [
        { type: "bar", name: "new", stack: "up", itemStyle: { color: COLORS.new }, data: report.rmr.trend.map((p) => n(p.movement.new)) },
        { type: "bar", name: "expansion", stack: "up", itemStyle: { color: COLORS.expansion }, data: report.rmr.trend.map((p) => n(p.movement.expansion)) },
        { type: "bar", name: "contraction", stack: "down", itemStyle: { color: COLORS.contraction }, data: report.rmr.trend.map((p) => -n(p.movement.contraction)) },
        { type: "bar", name: "churn", stack: "down", itemStyle: { color: COLORS.churn }, data: report.rmr.trend.map((p) => -n(p.movement.churn)) },
      ],
    },
    640,
    300,
  );
  const weeks = report.forecast.weeks;
  const forecast = render(
    {
      grid: { left: 80, right: 20, top: 40, bottom: 40 },
      legend: { top: 5, data: ["expected", "range"] },
      xAxis: { type: "category", boundaryGap: false, data: weeks.map((w) => w.start) },
      yAxis: axisMoney,
      series: [
        { type: "line", name: "low", stack: "band", symbol: "none", lineStyle: { opacity: 0 }, data: weeks.map((w) => n(w.low)) },
        { type: "line", name: "range", stack: "band", symbol: "none", lineStyle: { opacity: 0 }, itemStyle: { color: COLORS.band }, areaStyle: { color: COLORS.band, opacity: 0.7 }, data: weeks.map((w) => n({ minor: w.high.minor - w.low.minor, currency: w.high.currency })) },
        { type: "line", name: "expected", symbolSize: 5, itemStyle: { color: COLORS.line }, lineStyle: { width: 2 }, data: weeks.map((w) => n(w.cumulative)) },
      ],
    },
    640,
    300,
  );
  return { aging, rmrTrend, rmrMovement, forecast };
}
