/**
 * Timeline histogram (SVG). Dragging across it selects a date range ("brushing"); a click without a
 * drag clears the selection. Bars are per day, week or month depending on the span of the data.
 */
const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86_400_000;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export interface Bucket {
  start: number;
  end: number;
  count: number;
}

/** Day counts -> at most `maxBars` bars of a day, a week or 30 days. */
export function bucketize(days: { t: number; n: number }[], maxBars = 120): Bucket[] {
  if (days.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of days) {
    if (d.t < lo) lo = d.t;
    if (d.t > hi) hi = d.t;
  }
  const spanDays = (hi - lo) / DAY + 1;
  const width = spanDays <= maxBars ? DAY : spanDays <= maxBars * 7 ? 7 * DAY : 30 * DAY;
  const n = Math.max(1, Math.ceil((hi - lo + 1) / width));
  const buckets: Bucket[] = Array.from({ length: n }, (_, i) => ({ start: lo + i * width, end: lo + (i + 1) * width, count: 0 }));
  for (const d of days) buckets[Math.min(n - 1, Math.floor((d.t - lo) / width))].count += d.n;
  return buckets;
}

export const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10);

export interface Timeline {
  /** Events per day (t = UTC midnight in ms). */
  setCounts(days: { t: number; n: number }[]): void;
  /** Show a date range (from the From / To fields) as the brush; null hides it. */
  setRange(r: { since?: string; until?: string } | null): void;
  clear(): void;
}

export function createTimeline(container: HTMLElement, onBrush: (range: [number, number] | null) => void): Timeline {
  const W = 800;
  const H = 90;
  const PAD = 18;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', class: 'timeline-svg' });
  const bars = svg('g', {});
  const axis = svg('g', { class: 'axis' });
  const brush = svg('rect', { class: 'brush', x: 0, y: 0, width: 0, height: H - PAD, visibility: 'hidden' });
  root.append(bars, axis, brush);
  container.appendChild(root);

  let buckets: Bucket[] = [];
  let t0 = 0;
  let t1 = 1;
  const xOf = (t: number) => ((t - t0) / (t1 - t0)) * W;
  const tOf = (x: number) => t0 + (Math.max(0, Math.min(W, x)) / W) * (t1 - t0);

  function draw(): void {
    bars.replaceChildren();
    axis.replaceChildren();
    if (buckets.length === 0) return;
    t0 = buckets[0].start;
    t1 = buckets[buckets.length - 1].end;
    const max = Math.max(...buckets.map((b) => b.count));
    for (const b of buckets) {
      const hgt = ((H - PAD) * b.count) / max;
      const r = svg('rect', { x: xOf(b.start) + 0.5, y: H - PAD - hgt, width: Math.max(1, xOf(b.end) - xOf(b.start) - 1), height: hgt, class: 'bar' });
      const title = svg('title', {});
      title.textContent = `${isoDay(b.start)}: ${b.count}`;
      r.appendChild(title);
      bars.appendChild(r);
    }
    for (const [t, anchor] of [[t0, 'start'], [t1 - DAY, 'end']] as const) {
      const label = svg('text', { x: anchor === 'start' ? 2 : W - 2, y: H - 4, 'text-anchor': anchor });
      label.textContent = isoDay(t);
      axis.appendChild(label);
    }
  }

  let dragFrom: number | null = null;
  const localX = (ev: PointerEvent) => {
    const r = root.getBoundingClientRect();
    return ((ev.clientX - r.left) / r.width) * W;
  };
  root.addEventListener('pointerdown', (ev) => {
    if (buckets.length === 0) return;
    dragFrom = localX(ev);
    root.setPointerCapture(ev.pointerId);
    brush.setAttribute('x', String(dragFrom));
    brush.setAttribute('width', '0');
    brush.setAttribute('visibility', 'visible');
  });
  root.addEventListener('pointermove', (ev) => {
    if (dragFrom === null) return;
    const x = localX(ev);
    brush.setAttribute('x', String(Math.min(x, dragFrom)));
    brush.setAttribute('width', String(Math.abs(x - dragFrom)));
  });
  root.addEventListener('pointerup', (ev) => {
    if (dragFrom === null) return;
    const x = localX(ev);
    const a = Math.min(x, dragFrom);
    const b = Math.max(x, dragFrom);
    dragFrom = null;
    if (b - a < 3) {
      brush.setAttribute('visibility', 'hidden');
      onBrush(null);
      return;
    }
    // Snap to whole days so the range reads the same in filters and exports.
    const from = Math.floor(tOf(a) / DAY) * DAY;
    const to = Math.floor(tOf(b) / DAY) * DAY;
    onBrush([from, to]);
  });

  return {
    setCounts(days) {
      buckets = bucketize(days);
      draw();
    },
    setRange(r) {
      if (!r || buckets.length === 0) {
        brush.setAttribute('visibility', 'hidden');
        return;
      }
      const from = r.since ? Date.parse(`${r.since}T00:00:00Z`) : t0;
      const to = r.until ? Date.parse(`${r.until}T00:00:00Z`) + DAY : t1;
      const x0 = Math.max(0, Math.min(W, xOf(from)));
      const x1 = Math.max(0, Math.min(W, xOf(to)));
      brush.setAttribute('x', String(x0));
      brush.setAttribute('width', String(Math.max(0, x1 - x0)));
      brush.setAttribute('visibility', Number.isFinite(x0) && Number.isFinite(x1) ? 'visible' : 'hidden');
    },
    clear() {
      brush.setAttribute('visibility', 'hidden');
    },
  };
}
