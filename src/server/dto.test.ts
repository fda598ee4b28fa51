import { describe, expect, it } from 'vitest';
import type { DocumentRow, EventRow } from '../store/types.js';
import { buildReport, EXCERPT_CONTEXT_CHARS, EventListQuery } from './dto.js';

function doc(text: string): DocumentRow {
  return { id: 1, sha256: 'x', key: 'k', sourceId: 1, sourceName: 'S', sourceKind: 'ngo', url: null, title: 't', language: 'en', published: null, capturedAt: '', mediaType: 'text/plain', origin: '', text, eventCount: 1, createdAt: '' };
}
function ev(span: { start: number; end: number }, evidence: Record<string, { start: number; end: number; text: string }[]>): EventRow {
  return { id: 7, documentId: 1, record: { span, evidence } } as unknown as EventRow;
}

describe('buildReport', () => {
  it('cuts an excerpt around the event and shifts evidence offsets into it', () => {
    const pre = 'Unrelated words. '.repeat(40);
    const sentence = 'Shelling hit Saraqib on Monday.';
    const text = pre + sentence + ' More unrelated text follows here.'.repeat(20);
    const start = pre.length;
    const at = text.indexOf('Saraqib');
    const r = buildReport(doc(text), ev({ start, end: start + sentence.length }, { location: [{ start: at, end: at + 7, text: 'Saraqib' }] }));
    expect(r.excerpt.length).toBeLessThanOrEqual(sentence.length + 2 * EXCERPT_CONTEXT_CHARS);
    expect(r.excerpt).toContain(sentence);
    const e = r.evidence[0];
    expect(r.excerpt.slice(e.start, e.end)).toBe('Saraqib');
    expect(r.excerptStart + e.start).toBe(at);
  });
  it('finds spans whose offsets no longer match by their text, and drops spans it cannot find', () => {
    const text = 'Air strike on Saraqib market.';
    const r = buildReport(doc(text), ev({ start: 0, end: text.length }, { location: [{ start: 0, end: 3, text: 'Saraqib' }], actors: [{ start: 0, end: 3, text: 'Ghost' }] }));
    expect(r.evidence).toEqual([{ start: 14, end: 21, field: 'location' }]);
  });
});

describe('query validation', () => {
  it('parses filters and refuses bad ones', () => {
    expect(EventListQuery.parse({ bbox: '36,35,37,36', grade: 'fair,weak', limit: '10' })).toMatchObject({ bbox: [36, 35, 37, 36], grade: ['fair', 'weak'], limit: 10 });
    expect(EventListQuery.safeParse({ bbox: '37,35,36,36' }).success).toBe(false);
    expect(EventListQuery.safeParse({ limit: '5000' }).success).toBe(false);
    expect(EventListQuery.safeParse({ sort: 'x' }).success).toBe(false);
  });
});
