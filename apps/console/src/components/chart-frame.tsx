import type { ComponentProps, ComponentType, ReactNode } from 'react';
import { CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarChart, type CartesianGridProps, type XAxisProps, type YAxisProps } from 'recharts';

type CartesianChartProps = ComponentProps<typeof BarChart>;

const TICK = { fontSize: 11 };

export interface ChartFrameProps {
  /** What the chart shows, with its numbers, for screen readers: the figure's accessible name. */
  label: string;
  testId?: string;
  /** The recharts chart that draws the series (BarChart, LineChart). */
  chart: ComponentType<CartesianChartProps>;
  data: CartesianChartProps['data'];
  margin: CartesianChartProps['margin'];
  /** The key of each row's x value. */
  xKey: string;
  /** The x axis' settings besides its key and 11 px ticks. */
  xAxis?: Omit<XAxisProps, 'dataKey' | 'tick'>;
  /** The y axis' settings besides its 11 px ticks. */
  yAxis?: Omit<YAxisProps, 'tick'>;
  /** The dashed grid's settings besides its dashes (e.g. no vertical lines). */
  grid?: Omit<CartesianGridProps, 'strokeDasharray'>;
  /** Decimals of the numbers the tooltip shows. */
  digits: number;
  /** The series: recharts Bar or Line elements. */
  children: ReactNode;
}

/** A tooltip's number, or a range's two (a band's [low, high]) as "low to high". */
function format(value: unknown, digits: number): string {
  if (typeof value === 'number') return value.toFixed(digits);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value.map((v: number) => v.toFixed(digits)).join(' to ');
  return String(value);
}

/**
 * The frame every console chart shares, for the client components that draw one (BarsChart, LinesChart): a figure
 * named by `label` that fills its .chart box, with a dashed grid, both axes, a tooltip and a legend around `children`.
 */
export function ChartFrame({ label, testId, chart: Chart, data, margin, xKey, grid, xAxis, yAxis, digits, children }: ChartFrameProps) {
  return (
    <div className="chart" role="img" aria-label={label} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <Chart data={data} margin={margin}>
          <CartesianGrid strokeDasharray="3 3" {...grid} />
          <XAxis dataKey={xKey} tick={TICK} {...xAxis} />
          <YAxis tick={TICK} {...yAxis} />
          <Tooltip formatter={(value) => format(value, digits)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {children}
        </Chart>
      </ResponsiveContainer>
    </div>
  );
}
