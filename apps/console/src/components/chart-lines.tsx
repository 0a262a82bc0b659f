'use client';

import { Line, LineChart } from 'recharts';
import { ChartFrame } from './chart-frame';

const COLORS = ['#3457d5', '#e07b39', '#2f9e6e', '#b94fb5', '#c9a227', '#d54a4a', '#4aa3c7', '#7a6cd1', '#8a8f99', '#5c9e2f', '#c96fa0', '#2b3a67'];

export interface LinesChartProps {
  /** What the chart shows, with its numbers, for screen readers (the page also shows them as text). */
  label: string;
  data: Array<Record<string, string | number | null>>;
  xKey: string;
  series: string[];
  /** A series drawn thicker (e.g. mml). */
  highlight?: string;
  testId?: string;
}

/** One line per series over a shared x axis (recharts): learning curves, metrics by history length. */
export function LinesChart({ label, data, xKey, series, highlight, testId }: LinesChartProps) {
  return (
    <ChartFrame label={label} testId={testId} chart={LineChart} data={data} margin={{ top: 8, right: 12, bottom: 8, left: 0 }} digits={4}
      xKey={xKey} yAxis={{ width: 48, domain: ['auto', 'auto'] }}>
      {series.map((key, i) => (
        <Line key={key} type="monotone" dataKey={key} stroke={COLORS[i % COLORS.length]} strokeWidth={key === highlight ? 3 : 1.5}
          dot={data.length <= 12} connectNulls isAnimationActive={false} />
      ))}
    </ChartFrame>
  );
}
