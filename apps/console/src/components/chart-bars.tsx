'use client';

import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

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
}

/** A grouped bar chart (recharts), one bar per series and category. */
export function BarsChart({ label, data, categoryKey, series, highlight, testId }: BarsChartProps) {
  return (
    <div className="chart" role="img" aria-label={label} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={categoryKey} tick={{ fontSize: 11 }} interval={0} angle={-30} textAnchor="end" height={64} />
          <YAxis tick={{ fontSize: 11 }} width={44} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((key, i) => (
            <Bar key={key} dataKey={key} fill={COLORS[i % COLORS.length]} isAnimationActive={false}>
              {highlight === undefined ? null : data.map((row) => (
                <Cell key={String(row[categoryKey])} fill={row[categoryKey] === highlight ? COLORS[i % COLORS.length] : MUTED[i % MUTED.length]} />
              ))}
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
