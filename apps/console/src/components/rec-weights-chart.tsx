'use client';

import { Bar, BarChart, Cell, LabelList, XAxis, YAxis } from 'recharts';

const COLORS: Record<string, string> = { ID: '#3558d8', Text: '#1f7a4d', Image: '#b5651d' };

/**
 * The fusion layer's weight of each learner as horizontal bars (0 to 1). The figure carries the numbers in its label;
 * the page prints them as text too.
 */
export function RecWeightsChart({ weights }: { weights: Array<{ name: 'ID' | 'Text' | 'Image'; value: number }> }) {
  const label = `Fusion weights: ${weights.map((w) => `${w.name} ${w.value.toFixed(2)}`).join(', ')}`;
  return (
    <figure className="rec-weights-chart" role="img" aria-label={label} data-testid="weights-chart">
      <BarChart responsive data={weights} layout="vertical" margin={{ top: 4, right: 44, bottom: 4, left: 4 }} style={{ width: '100%', height: 36 * weights.length + 30 }}>
        <XAxis type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tick={{ fontSize: 11 }} />
        <YAxis type="category" dataKey="name" width={48} tick={{ fontSize: 12 }} />
        <Bar dataKey="value" isAnimationActive={false} barSize={18}>
          {weights.map((w) => <Cell key={w.name} fill={COLORS[w.name]} />)}
          <LabelList dataKey="value" position="right" formatter={(v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '')} style={{ fontSize: 12 }} />
        </Bar>
      </BarChart>
    </figure>
  );
}
