import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSeries } from '../../health/time-series';
import { useShell } from '../store-context';
import { TIME_TICK_SPACE, timeRange, timeTickLabels, WHOLE_STEPS, yAxisSize } from './chart-axes';

export interface ChartLine<K extends string> {
  key: K;
  label: string;
  /** A CSS colour or custom property (`var(--ok)`), resolved when the chart is drawn. */
  color: string;
  /** Draw as steps (counts that hold until they change) rather than straight segments. */
  stepped?: boolean;
}

const HEIGHT = 160;
const stepped = uPlot.paths.stepped!({ align: 1 });

/** Whether this document can draw on a canvas (a DOM without one, e.g. a test DOM, gets the text only). */
function canDraw(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

/** Resolves `var(--name)` against the document (uPlot draws on a canvas, which knows no CSS variables). */
function resolveColor(color: string, element: Element): string {
  const match = /^var\((--[\w-]+)\)$/.exec(color);
  return match ? getComputedStyle(element).getPropertyValue(match[1]!).trim() || '#888' : color;
}

/**
 * A time-series line chart drawn with uPlot. `summary` is the text alternative read to screen readers
 * (the canvas has none); the legend under the chart shows the values at the cursor.
 */
export function TimeChart<K extends string>({
  title,
  data,
  lines,
  summary,
  testId,
}: {
  title: string;
  data: ChartSeries<K>;
  lines: readonly ChartLine<K>[];
  summary: string;
  testId: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useShell((s) => s.theme);
  const aligned = (): uPlot.AlignedData => [data.times, ...lines.map((line) => data.series[line.key])];

  useEffect(() => {
    const element = container.current;
    if (!element || !canDraw()) return;
    const text = resolveColor('var(--muted)', element);
    const grid = resolveColor('var(--border)', element);
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const options: uPlot.Options = {
      width: Math.max(240, element.clientWidth),
      height: HEIGHT,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: (_self, min, max) => timeRange(min, max) },
        y: { range: (_self, _min, max) => [0, Math.max(1, max)] },
      },
      axes: [
        {
          ...axis,
          space: TIME_TICK_SPACE,
          values: (_self, ticks, _axis, _space, step) => timeTickLabels(ticks, step),
        },
        { ...axis, size: yAxisSize, incrs: WHOLE_STEPS },
      ],
      series: [
        {},
        ...lines.map((line) => ({
          label: line.label,
          stroke: resolveColor(line.color, element),
          width: 2,
          points: { show: false },
          ...(line.stepped ? { paths: stepped } : {}),
        })),
      ],
    };
    const chart = new uPlot(options, aligned(), element);
    plot.current = chart;
    const observer = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(240, element.clientWidth), height: HEIGHT }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt when the lines or the theme (its colours) change; data alone goes through setData below.
  }, [theme, lines]);

  useEffect(() => {
    plot.current?.setData(aligned());
  }, [data]);

  return (
    <figure className="time-chart panel" data-testid={testId}>
      <figcaption>
        <h3>{title}</h3>
        <p className="visually-hidden" data-testid={`${testId}-summary`}>
          {summary}
        </p>
      </figcaption>
      <div ref={container} className="time-chart-canvas" />
    </figure>
  );
}
