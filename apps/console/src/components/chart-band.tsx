'use client';

import { Area, ComposedChart, Line, ReferenceLine } from 'recharts';
import { ChartFrame } from './chart-frame';
import { roundTicks } from './chart-interval';

export interface BandPoint {
  /** The x axis' label of the point (a time). */
  moment: string;
  value: number;
  low: number;
  high: number;
}

export interface BandChartProps {
  /** What the chart shows, with its numbers, for screen readers. */
  label: string;
  data: BandPoint[];
  /** The legend's name of the line, e.g. "Candidate − control (pp)". */
  name: string;
  /** The legend's name of the band, e.g. "95% interval". */
  bandName: string;
  testId?: string;
  unit?: string;
  digits?: number;
}

/**
 * An estimate over time with its interval as a band around it, and a line at 0 (recharts): where the band first
 * leaves 0 is the moment the answer became clear, which a table of numbers hides.
 */
export function BandChart({ label, data, name, bandName, testId, unit, digits = 1 }: BandChartProps) {
  const rows = data.map((point) => ({ moment: point.moment, [name]: point.value, [bandName]: [point.low, point.high] }));
  const ticks = roundTicks(data);
  return (
    <ChartFrame label={label} testId={testId} chart={ComposedChart} data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 16 }} digits={digits}
      grid={{ vertical: false }} xKey="moment" xAxis={{ angle: -30, textAnchor: 'end', height: 64, minTickGap: 8 }}
      yAxis={{ width: 64, domain: [ticks[0]!, ticks.at(-1)!], ticks, interval: 0, ...(unit ? { unit } : {}) }}>
      <ReferenceLine y={0} stroke="#5f6b7a" />
      <Area dataKey={bandName} stroke="none" fill="#9db4f0" fillOpacity={0.45} isAnimationActive={false} />
      <Line dataKey={name} stroke="#2f55d4" strokeWidth={2} dot={false} isAnimationActive={false} />
    </ChartFrame>
  );
}
