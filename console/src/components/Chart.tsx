import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// Only what the console draws is registered, so the bundle carries no other chart types.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

// Dark enough on white to pass contrast as bar fills beside their legend text.
export const PALETTE = ['#1f5fa8', '#b3541e', '#2e7d32', '#6a3d9a', '#8a6d00', '#ad1457'];

export interface Series {
  readonly label: string;
  readonly data: readonly (number | null)[];
}

/**
 * A chart is an image to assistive technology: the label says what it shows, and the page puts
 * the same numbers in a table next to it.
 */
export function ChartCanvas({
  kind,
  labels,
  series,
  label,
  percent = false,
  max,
}: {
  readonly kind: 'bar' | 'line';
  readonly labels: readonly string[];
  readonly series: readonly Series[];
  readonly label: string;
  readonly percent?: boolean;
  readonly max?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const config: ChartConfiguration<'bar' | 'line', (number | null)[], string> = {
      type: kind,
      data: {
        labels: [...labels],
        datasets: series.map((s, i) => ({
          label: s.label,
          data: [...s.data],
          backgroundColor: PALETTE[i % PALETTE.length] ?? '#1f5fa8',
          borderColor: PALETTE[i % PALETTE.length] ?? '#1f5fa8',
          spanGaps: true,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: {
            beginAtZero: true,
            ...(max === undefined ? {} : { max }),
            ticks: percent ? { callback: (v) => `${Math.round(Number(v) * 100)}%` } : {},
          },
        },
        plugins: { legend: { display: series.length > 1, labels: { color: '#1a1a1a' } } },
      },
    };
    const chart = new Chart(element, config);
    return () => chart.destroy();
  }, [kind, labels, series, percent, max]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
