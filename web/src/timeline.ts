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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Tick marks for [t0, t1): the finest of day / week / month / quarter / year steps giving at most `max` ticks. */
export function axisTicks(t0: number, t1: number, max: number): { t: number; label: string }[] {
  const span = (t1 - t0) / DAY;
  const out: { t: number; label: string }[] = [];
  const d0 = new Date(t0);
  if (span / 1 <= max || span / 7 <= max) {
    const step = span <= max ? 1 : 7;
    for (let t = Math.ceil(t0 / DAY) * DAY; t < t1; t += step * DAY) {
      const d = new Date(t);
      out.push({ t, label: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${out.length === 0 || d.getUTCMonth() === 0 ? ` ${d.getUTCFullYear()}` : ''}` });
    }
    return out;
  }
  for (const months of [1, 3, 6, 12, 24, 60, 120]) {
    if (span / (30.4 * months) > max) continue;
    let y = d0.getUTCFullYear();
    let m = d0.getUTCMonth();
    // First month boundary on or after t0, aligned to the step.
    while (Date.UTC(y, m, 1) < t0 || (months >= 12 ? m !== 0 || y % (months / 12) !== 0 : m % months !== 0)) {
      m++;
      if (m === 12) {
        m = 0;
        y++;
      }
    }
    for (let t = Date.UTC(y, m, 1); t < t1; ) {
      const d = new Date(t);
      const mm = d.getUTCMonth();
      out.push({ t, label: months >= 12 ? String(d.getUTCFullYear()) : mm === 0 || out.length === 0 ? `${MONTHS[mm]} ${d.getUTCFullYear()}` : MONTHS[mm] });
      t = Date.UTC(d.getUTCFullYear(), mm + months, 1);
    }
    return out;
  }
  return out;
}

export interface Timeline {
  /** Events per day (t = UTC midnight in ms), and how many have no date (shown apart, never on the axis). */
  setCounts(days: { t: number; n: number }[], undated?: number): void;
  /** Show a date range (from the From / To fields) as the brush; null hides it. */
  setRange(r: { since?: string; until?: string } | null): void;
  clear(): void;
}

export function createTimeline(container: HTMLElement, onBrush: (range: [number, number] | null) => void): Timeline {
  /** Drawing width = the element's width in CSS pixels, so labels are not stretched (redrawn on resize). */
  let W = 800;
  const H = 90;
  const PAD = 18;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', class: 'timeline-svg' });
  const bars = svg('g', {});
  const axis = svg('g', { class: 'axis' });
  const brush = svg('rect', { class: 'brush', x: 0, y: 0, width: 0, height: H - PAD, visibility: 'hidden' });
  root.append(bars, axis, brush);
  // Keep labels unstretched when the window (or the panel) changes width.
  let lastRange: { since?: string; until?: string } | null = null;
  if (typeof ResizeObserver !== 'undefined') {
    new ResizeObserver(() => {
      if (Math.abs((root.clientWidth || 800) - W) < 2) return;
      draw();
      api.setRange(lastRange);
    }).observe(root);
  }
  const undatedEl = document.createElement('p');
  undatedEl.className = 'timeline-undated';
  undatedEl.id = 'timeline-undated';
  container.append(root, undatedEl);

  let buckets: Bucket[] = [];
  let t0 = 0;
  let t1 = 1;
  const xOf = (t: number) => ((t - t0) / (t1 - t0)) * W;
  const tOf = (x: number) => t0 + (Math.max(0, Math.min(W, x)) / W) * (t1 - t0);

  function draw(): void {
    W = Math.max(200, Math.round(root.clientWidth || 800));
    root.setAttribute('viewBox', `0 0 ${W} ${H}`);
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
    // A readable axis: ticks at whole days, weeks, months or years, at most ~10 labels.
    for (const tick of axisTicks(t0, t1, 10)) {
      const x = xOf(tick.t);
      axis.appendChild(svg('line', { x1: x, x2: x, y1: H - PAD, y2: H - PAD + 4, class: 'tick' }));
      const label = svg('text', { x: Math.max(2, Math.min(W - 2, x)), y: H - 4, 'text-anchor': x < 30 ? 'start' : x > W - 30 ? 'end' : 'middle' });
      label.textContent = tick.label;
      axis.appendChild(label);
    }
    axis.appendChild(svg('line', { x1: 0, x2: W, y1: H - PAD, y2: H - PAD, class: 'baseline' }));
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

  const api: Timeline = {
    setCounts(days, undated = 0) {
      buckets = bucketize(days);
      draw();
      // Undated events have only a latest possible date (publication): they are counted here, not drawn at it.
      undatedEl.textContent = undated ? `${undated} event${undated === 1 ? '' : 's'} without a date (not on the timeline)` : 'Every event has a date';
      undatedEl.dataset.count = String(undated);
    },
    setRange(r) {
      lastRange = r;
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
  return api;
}
