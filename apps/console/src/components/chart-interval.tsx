'use client';

import { Bar, BarChart, Cell, ErrorBar, ReferenceLine } from 'recharts';
import { ChartFrame } from './chart-frame';

const ABOVE = '#2f9e6e';
const BELOW = '#d54a4a';
const SPANS_ZERO = '#9aa3b2';

export interface IntervalPoint {
  category: string;
  value: number;
  low: number;
  high: number;
}

export interface IntervalChartProps {
  /** What the chart shows, with its numbers, for screen readers (the page also shows them in a table). */
  label: string;
  data: IntervalPoint[];
  /** The legend's name of the bars, e.g. "Candidate − control (pp)". */
  name: string;
  testId?: string;
  /** Appended to the y axis' ticks (e.g. ` pp`). */
  unit?: string;
  /** Decimals of the numbers the tooltip shows. */
  digits?: number;
}

/**
 * Estimates with their intervals (recharts): one bar per category from 0 to the estimate, whiskers from its low to
 * its high end, and a line at 0. A bar whose whole interval is above 0 is green, below 0 red, across 0 grey: what
 * people look for first is whether the interval crosses 0.
 */
export function IntervalChart({ label, data, name, testId, unit, digits = 1 }: IntervalChartProps) {
  // recharts draws asymmetric whiskers from [distance below, distance above] the bar's value.
  const rows = data.map((point) => ({ ...point, [name]: point.value, whiskers: [point.value - point.low, point.high - point.value] }));
  const ticks = roundTicks(data);
  return (
    <ChartFrame label={label} testId={testId} chart={BarChart} data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 16 }} digits={digits}
      grid={{ vertical: false }} xKey="category" xAxis={{ interval: 0, angle: -30, textAnchor: 'end', height: 64 }}
      yAxis={{ width: 64, domain: [ticks[0]!, ticks.at(-1)!], ticks, interval: 0, ...(unit ? { unit } : {}) }}>
      <ReferenceLine y={0} stroke="#5f6b7a" />
      <Bar dataKey={name} isAnimationActive={false} fill={SPANS_ZERO}>
        {rows.map((row) => <Cell key={row.category} fill={row.low > 0 ? ABOVE : row.high < 0 ? BELOW : SPANS_ZERO} />)}
        <ErrorBar dataKey="whiskers" width={8} strokeWidth={1.5} stroke="#1d2330" isAnimationActive={false} />
      </Bar>
    </ChartFrame>
  );
}

/**
 * Round ticks (steps of 1, 2, 2.5 or 5 times a power of ten) from below the lowest interval end to above the highest,
 * 0 always among them: recharts' own ticks on such a domain read "-3, 52, 107".
 */
export function roundTicks(data: readonly Pick<IntervalPoint, 'low' | 'high'>[]): number[] {
  const low = Math.min(0, ...data.map((point) => point.low));
  const high = Math.max(0, ...data.map((point) => point.high));
  const rough = Math.max(high - low, 1) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const [first, last] = [Math.floor(low / step), Math.ceil(high / step)];
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(6)));
}
