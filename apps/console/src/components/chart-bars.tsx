'use client';

import { Bar, BarChart, Cell } from 'recharts';
import { ChartFrame } from './chart-frame';

const COLORS = ['#3457d5', '#8aa0ea', '#e07b39', '#2f9e6e', '#b94fb5', '#c9a227'];
const MUTED = ['#9aa3b2', '#cdd3dd'];

export interface BarsChartProps {
  /** What the chart shows, with its numbers, for screen readers (the page also shows them in a table). */
  label: string;
  data: Array<Record<string, string | number>>;
  /** The key of each row's category (the x axis). */
  categoryKey: string;
  series: string[];
  /** A category drawn in the series' colours; the others are grey (e.g. mml against its baselines). */
  highlight?: string;
  testId?: string;
  /** The y axis' fixed range (e.g. [0, 100] for percentages); default: fitted to the data. */
  yDomain?: [number, number];
  /** Appended to the y axis' ticks (e.g. `%`). */
  unit?: string;
  /** Decimals of the numbers the tooltip shows (3). */
  digits?: number;
}

/** A grouped bar chart (recharts), one bar per series and category. */
export function BarsChart({ label, data, categoryKey, series, highlight, testId, yDomain, unit, digits = 3 }: BarsChartProps) {
  return (
    <ChartFrame label={label} testId={testId} chart={BarChart} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 16 }} digits={digits}
      grid={{ vertical: false }} xKey={categoryKey} xAxis={{ interval: 0, angle: -30, textAnchor: 'end', height: 64 }} yAxis={{ width: 44, ...(yDomain ? { domain: yDomain } : {}), ...(unit ? { unit } : {}) }}>
      {series.map((key, i) => (
        <Bar key={key} dataKey={key} fill={COLORS[i % COLORS.length]} isAnimationActive={false}>
          {highlight === undefined ? null : data.map((row) => (
            <Cell key={String(row[categoryKey])} fill={row[categoryKey] === highlight ? COLORS[i % COLORS.length] : MUTED[i % MUTED.length]} />
          ))}
        </Bar>
      ))}
    </ChartFrame>
  );
}
