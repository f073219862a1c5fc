// One bar chart drawn by Chart.js. Only the parts these charts use are registered, so the rest of the
// library stays out of the bundle; the dashboards load this file lazily, so the first screen never
// carries it. Colours come from the theme's custom properties and follow a light/dark switch. The
// canvas is one picture with a summary for screen readers: the numbers themselves are in the table
// beside it.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef, useState } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export type ChartTone = 'accent' | 'danger' | 'warn' | 'ok' | 'muted' | 'focus';

export interface ChartSeries {
  label: string;
  data: number[];
  tone: ChartTone;
}

export interface ChartSpec {
  labels: string[];
  series: ChartSeries[];
  /** Bars along the x axis, one row per label: long labels (stage titles) stay readable. */
  horizontal?: boolean;
  stacked?: boolean;
  /** Values are 0..1 shares, shown as percentages on the axis. */
  shares?: boolean;
  /** Words for the value axis. */
  valueLabel: string;
}

const TONE_VAR: Record<ChartTone, string> = {
  accent: '--accent',
  danger: '--danger',
  warn: '--warn',
  ok: '--ok',
  muted: '--text-muted',
  focus: '--focus',
};
/** Row height of a horizontal chart, and the room for its axis and legend. */
const ROW_PX = 30;
const FRAME_PX = 70;

function themeColour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888888';
}

function useColourScheme(): string {
  const query = '(prefers-color-scheme: dark)';
  const [scheme, setScheme] = useState(() => (window.matchMedia(query).matches ? 'dark' : 'light'));
  useEffect(() => {
    const media = window.matchMedia(query);
    const update = (): void => setScheme(media.matches ? 'dark' : 'light');
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return scheme;
}

export function chartHeight(spec: ChartSpec): number {
  return spec.horizontal ? FRAME_PX + Math.max(2, spec.labels.length) * ROW_PX * (spec.stacked ? 1 : Math.max(1, spec.series.length * 0.7)) : 260;
}

export function ChartCanvas({ spec, summary }: { spec: ChartSpec; summary: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scheme = useColourScheme();

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const text = themeColour('--text-muted');
    const grid = themeColour('--border');
    const valueAxis = {
      beginAtZero: true,
      stacked: spec.stacked ?? false,
      ...(spec.shares ? { max: 1 } : {}),
      grid: { color: grid },
      border: { color: grid },
      title: { display: true, text: spec.valueLabel, color: text },
      ticks: {
        color: text,
        precision: spec.shares ? undefined : 0,
        callback: (value: string | number) => (spec.shares ? `${Math.round(Number(value) * 100)} %` : value),
      },
    };
    const labelAxis = { stacked: spec.stacked ?? false, grid: { display: false }, border: { color: grid }, ticks: { color: text, autoSkip: false } };
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s) => {
          const colour = themeColour(TONE_VAR[s.tone]);
          return { label: s.label, data: s.data, backgroundColor: colour, borderColor: colour, borderRadius: 3, maxBarThickness: 28 };
        }),
      },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        // Still pictures: no motion for people who find it distracting, and screenshots that settle at once.
        animation: false,
        plugins: {
          legend: { display: spec.series.length > 1, labels: { color: text, boxWidth: 12 } },
          tooltip: {
            callbacks: spec.shares ? { label: (item) => `${item.dataset.label ?? ''}: ${(Number(item.raw) * 100).toFixed(1)} %` } : {},
          },
        },
        scales: spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      },
    };
    const chart = new Chart(element, config);
    return () => chart.destroy();
  }, [spec, scheme]);

  return (
    <div className="chart-box" style={{ height: chartHeight(spec) }}>
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}
