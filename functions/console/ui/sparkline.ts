import { html } from 'htm/preact';

export interface Sample {
  /** Milliseconds since the page began watching. */
  at: number;
  value: number;
}

const WIDTH = 240;
const HEIGHT = 48;
const PAD = 3;

/** Pages fetched over time, as sampled while the page watches the task. */
export function Sparkline({ samples, label }: { samples: Sample[]; label: string }) {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) return null;
  const span = Math.max(last.at - first.at, 1);
  const top = Math.max(...samples.map((s) => s.value), 1);
  const x = (at: number) => PAD + ((at - first.at) / span) * (WIDTH - 2 * PAD);
  const y = (value: number) => HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD);
  const points = (samples.length === 1 ? [first, { ...first, at: first.at + 1 }] : samples)
    .map((s) => `${x(s.at).toFixed(1)},${y(s.value).toFixed(1)}`)
    .join(' ');
  const seconds = Math.round(span / 1000);
  const description = `${label}: ${last.value} after ${seconds} s of watching (${samples.length} samples)`;
  return html`
    <figure class="sparkline">
      <svg viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} width=${WIDTH} height=${HEIGHT} role="img" aria-label=${description}>
        <line x1=${PAD} x2=${WIDTH - PAD} y1=${HEIGHT - PAD} y2=${HEIGHT - PAD} class="axis" />
        <polyline points=${points} class="trace" />
        <circle cx=${x(last.at)} cy=${y(last.value)} r="2.5" class="dot" />
      </svg>
      <figcaption>${description}</figcaption>
    </figure>
  `;
}
