/**
 * Tiny DOM builder. Report text is untrusted: it only ever becomes a Text node (textContent),
 * never HTML. There is deliberately no way to set innerHTML through this module.
 */
type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | number | null | undefined | false;

/** Attributes that could run code or load URLs are refused here; links go through safeHref. */
const FORBIDDEN_ATTR = /^(on|srcdoc$|formaction$|style$)/i;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (FORBIDDEN_ATTR.test(k)) throw new Error(`attribute ${k} is not allowed`);
    if (k === 'href' || k === 'src') {
      const safe = safeHref(String(v));
      if (safe) el.setAttribute(k, safe);
      continue;
    }
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Only http(s) URLs (absolute) or same-origin paths become links; `javascript:`, `data:` etc. never do. */
export function safeHref(url: string): string | null {
  const s = url.trim();
  if (s.startsWith('/') && !s.startsWith('//')) return s;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export interface Highlight {
  start: number;
  end: number;
  label: string;
}

/**
 * The excerpt as Text nodes with <mark> elements around the evidence spans.
 * Overlapping spans are merged (labels joined) so every character appears exactly once.
 */
export function highlighted(text: string, spans: Highlight[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  const sorted = spans
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end && s.start >= 0 && s.end <= text.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Highlight[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      if (!last.label.split(', ').includes(s.label)) last.label += `, ${s.label}`;
    } else merged.push({ ...s });
  }
  let pos = 0;
  for (const m of merged) {
    if (m.start > pos) frag.appendChild(document.createTextNode(text.slice(pos, m.start)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(m.start, m.end);
    mark.title = m.label;
    mark.dataset.field = m.label;
    // The colour says which field the span supports (see the legend); screen readers get it in words.
    mark.className = `ev ev-${evidenceClass(m.label.split(', ')[0])}`;
    frag.appendChild(mark);
    const sr = document.createElement('span');
    sr.className = 'sr-only';
    sr.textContent = ` (evidence: ${m.label})`;
    frag.appendChild(sr);
    pos = m.end;
  }
  if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
  return frag;
}

/** Evidence fields with a colour of their own (style.css .ev-*); the rest share "other". */
export const EVIDENCE_FIELDS: { key: string; label: string; fields: string[] }[] = [
  { key: 'what', label: 'what happened', fields: ['trigger', 'type', 'kind', 'eventType', 'subEventType'] },
  { key: 'when', label: 'when', fields: ['date', 'dateStart', 'dateEnd'] },
  { key: 'where', label: 'where', fields: ['location', 'locationName', 'place', 'admin1', 'country'] },
  { key: 'who', label: 'who (actors)', fields: ['actors', 'actor'] },
  { key: 'weapon', label: 'weapons', fields: ['weapons', 'weapon'] },
  { key: 'killed', label: 'killed, civilians', fields: ['fatalities', 'civilianFatalities'] },
  { key: 'injured', label: 'injured', fields: ['injured'] },
  { key: 'says', label: 'who says so', fields: ['attribution', 'reporters'] },
  { key: 'other', label: 'other (strikes, background)', fields: ['strikes', 'historical'] },
];
const FIELD_CLASS = new Map(EVIDENCE_FIELDS.flatMap((g) => g.fields.map((f) => [f, g.key] as const)));
export function evidenceClass(field: string): string {
  return FIELD_CLASS.get(field) ?? 'other';
}
