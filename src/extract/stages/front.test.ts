import { describe, expect, it } from 'vitest';
import { normalizeSource } from './10-normalize.js';
import { splitSentences } from './30-sentences.js';
import { detectLanguage } from '../lang/detect.js';
import { decodeText, parseDocumentLine } from '../input.js';

describe('10-normalize', () => {
  it('turns HTML into text with a source map, dropping scripts, navigation and boilerplate', () => {
    const html = '<html><head><title>A &amp; B</title><script>var x = "<p>no</p>";</script></head><body><nav>Home | News</nav>'
      + '<p>On Monday, jets&nbsp;struck <b>Saraqib</b>.</p><p>Share this</p><footer>(c) 2020</footer></body></html>';
    const r = normalizeSource(html);
    expect(r.mediaType).toBe('text/html');
    expect(r.title).toBe('A & B');
    expect(r.text).toContain('On Monday, jets struck Saraqib.');
    expect(r.text).not.toMatch(/Home|no<|Share this|2020/);
    const i = r.text.indexOf('Saraqib');
    expect(html.slice(r.map![i], r.map![i + 6] + 1)).toBe('Saraqib');
  });

  it('keeps plain-text offsets while blanking boilerplate lines', () => {
    const t = 'Title\n\nImage Credit: AFP\nRussian jets struck the town.\nSubscribe\n';
    const r = normalizeSource(t);
    expect(r.text.length).toBe(t.length);
    expect(r.map).toBeUndefined();
    expect(r.text).not.toContain('Image Credit');
    expect(r.text.indexOf('Russian')).toBe(t.indexOf('Russian'));
  });

  it('applies NFC with a map when composing characters changes the length', () => {
    const t = 'Sarake\u0301b was hit.';
    const r = normalizeSource(t);
    expect(r.text).toBe('Sarakéb was hit.');
    expect(r.map).toBeDefined();
    expect(t.slice(r.map![r.text.indexOf('was')], r.map![r.text.indexOf('was')] + 3)).toBe('was');
  });

  it('cleans light Markdown without moving offsets', () => {
    const t = '# Headline\n\n**Riot police** fired [tear gas](https://x.org/a) on protesters.';
    const r = normalizeSource(t, 'text/markdown');
    expect(r.text.length).toBe(t.length);
    expect(r.text).toMatch(/Riot police\s+fired\s+tear gas\s+on protesters/);
    expect(r.text).not.toContain('https');
  });
});

describe('20-language', () => {
  it('detects en, ar, ru with a whitelist', () => {
    expect(detectLanguage('Russian jets struck the town of Saraqib on Monday.').lang).toBe('en');
    expect(detectLanguage('قصفت طائرات روسية مدينة سراقب في ريف إدلب').lang).toBe('ar');
    expect(detectLanguage('Российские самолёты нанесли удар по городу').lang).toBe('ru');
  });
  it('tells Persian from Arabic by the letters only Persian writes', () => {
    expect(detectLanguage('هواپیماهای جنگی روسیه شهر را بمباران کردند و چند نفر کشته شدند').lang).toBe('fa');
    expect(detectLanguage('قتل خمسة مدنيين في قصف جوي على البلدة').lang).toBe('ar');
  });
});

describe('30-sentences', () => {
  const split = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));
  it('keeps abbreviations, initials and decimals inside sentences', () => {
    expect(split('Lt. Col. John Smith of the U.S. Army said No. 5 was hit at 3 p.m. The attack killed 3.5 people. Gen. Ali arrived.')).toEqual([
      'Lt. Col. John Smith of the U.S. Army said No. 5 was hit at 3 p.m.',
      'The attack killed 3.5 people.',
      'Gen. Ali arrived.',
    ]);
  });
  it('splits after quotes and keeps quoted exclamations', () => {
    expect(split('"They fled." He said "stop!" and left.')).toEqual(['"They fled."', 'He said "stop!" and left.']);
  });
  it('numbers paragraphs and ends headlines at line breaks', () => {
    const t = 'Headline without a stop\n\nFirst sentence. Second one\ncontinues here.\n\nNew paragraph.';
    const s = splitSentences(t);
    expect(s.map((x) => t.slice(x.start, x.end))).toEqual(['Headline without a stop', 'First sentence.', 'Second one\ncontinues here.', 'New paragraph.']);
    expect(s.map((x) => x.paragraph)).toEqual([0, 1, 1, 2]);
  });
});

describe('input', () => {
  it('refuses binary and non-UTF-8 bytes', () => {
    expect(() => decodeText(new Uint8Array([97, 0, 98]))).toThrow(/binary/);
    expect(() => decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toThrow(/UTF-8/);
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('a');
  });
  it('reads FORMAT.md lines and rejects malformed ones with VIGIL_ERR_BAD_JSONL', () => {
    expect(parseDocumentLine('{"id":"a","text":"x","published":"2020-05-09"}', 'f:1')).toMatchObject({ id: 'a', source: 'x', published: '2020-05-09' });
    expect(parseDocumentLine('{"text":"x"}', 'f:2').id).toBe('f:2');
    for (const bad of ['{bad', '[1,2]', '{"id":"c"}']) {
      expect(() => parseDocumentLine(bad, 'f')).toThrow(expect.objectContaining({ code: 'VIGIL_ERR_BAD_JSONL' }));
    }
  });
});
