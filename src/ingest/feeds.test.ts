/**
 * Feeds as they come from real servers (issue 17 item 1): declared encodings, whitespace before the declaration,
 * namespace prefixes, RSS 1.0, broken XML, empty feeds and HTML pages where a feed was expected. Fixtures under
 * fixtures/feeds were written for the project.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSources, parseFeed, type IngestItem, type IngestOk } from './index.js';
import { decodeBytes } from './encoding.js';
import { isoDateKeepingOffset } from './feed.js';

const FX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'feeds');
const fx = (f: string) => path.join(FX, f);
async function all(inputs: string[], opts: Parameters<typeof readSources>[1] = {}): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const i of readSources(inputs, opts)) out.push(i);
  return out;
}
const oks = (xs: IngestItem[]) => xs.filter((x): x is IngestOk => x.ok);
/** KOI8-R bytes of the letters used below. */
const KOI8: Record<string, number> = { В: 0xf7, з: 0xda, р: 0xd2, ы: 0xd9, в: 0xd7 };
const codes = (xs: IngestItem[]) => xs.map((x) => (x.ok ? 'ok' : x.error.code));

describe('feed encodings', () => {
  it('ISO-8859-1 declared in the XML declaration', async () => {
    const items = await all([fx('latin1.rss')]);
    expect(codes(items)).toEqual(['ok', 'ok']);
    const [a, b] = oks(items);
    expect(a.document.title).toBe('Attaque contre un poste de gendarmerie à Tessit');
    expect(a.document.source).toContain('deux gendarmes ont été blessés');
    expect(b.document.title).toBe('Marché incendié à Ménaka');
    // the publisher's offset is kept, so the day is the one the publisher meant
    expect(a.document.published).toBe('2022-03-09T18:20:00+01:00');
  });

  it('windows-1256 (Arabic), windows-1251 and KOI8-R', async () => {
    const [ar] = oks(await all([fx('cp1256.rss')]));
    expect(ar.document.title).toBe('قصف مدفعي على قرية الحميدية');
    expect(ar.document.source).toContain('قتل مدنيان وأصيب ثلاثة آخرون');
    expect(ar.document.published).toBe('2022-02-12T23:30:00+03:00');
    const [ru1] = oks(await all([fx('cp1251.rss')]));
    expect(ru1.document.source).toContain('снаряды попали в два жилых дома');
    const [ru2] = oks(await all([fx('koi8r.rss')]));
    expect(ru2.document.title).toBe('Взрыв у моста');
  });

  it('the raw bytes of an item stay the bytes of the feed, decoded only for reading', async () => {
    const [a] = oks(await all([fx('latin1.rss')]));
    expect(a.container?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.raw.toString('utf8')).toMatch(/^<item>[\s\S]*<\/item>$/);
  });

  it('decodeBytes: BOM, valid UTF-8 over a stale declaration, HTML meta charset, undeclared non-UTF-8 refused', () => {
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo')]))).toMatchObject({ ok: true, text: 'héllo' });
    expect(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi', 'utf16le')]))).toMatchObject({ ok: true, text: 'hi' });
    expect(decodeBytes(Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><r>é</r>', 'utf8'))).toMatchObject({ ok: true, text: '<?xml version="1.0" encoding="iso-8859-1"?><r>é</r>' });
    const page = Buffer.concat([Buffer.from('<html><head><meta charset="koi8-r"></head><body>'), Buffer.from('Взрыв'.split('').map((c) => KOI8[c])), Buffer.from('</body></html>')]);
    expect(decodeBytes(page)).toMatchObject({ ok: true, text: expect.stringContaining('Взрыв') });
    expect(decodeBytes(Buffer.from([0xc7, 0xe1, 0xd3]))).toMatchObject({ ok: false, code: 'VIGIL_ERR_BAD_ENCODING' });
    expect(decodeBytes(Buffer.from([0xc7, 0xe1, 0xd3]), 'text/plain; charset=windows-1256')).toMatchObject({ ok: true, text: 'الس' });
  });
});

describe('feed shapes', () => {
  it('namespace-prefixed Atom after blank lines, one document per entry', async () => {
    const items = oks(await all([fx('prefixed-atom.xml')]));
    expect(items).toHaveLength(2);
    expect(items.map((i) => i.origin.kind)).toEqual(['feed-item', 'feed-item']);
    expect(items[0].document.title).toBe('Drone strike on a fuel depot near the harbour');
    expect(items[0].document.url).toBe('https://coastal-monitor.example.com/2023/04/depot');
    expect(items[0].document.source).toContain('A drone struck the fuel depot');
    expect(items[0].document.source).not.toMatch(/<a:/);
    expect(items[0].document.published).toBe('2023-04-01T23:40:00+02:00');
    expect(items[0].raw.toString()).toMatch(/^<a:entry>[\s\S]*<\/a:entry>$/);
    expect(items[1].document.source).toBe('Fishing boats seized\n\nCoast guards seized four fishing boats and detained their crews.');
    expect(items[1].source.name).toBe('coastal-monitor.example.com');
  });

  it('RSS 1.0 (RDF): items beside the channel', async () => {
    const items = oks(await all([fx('rss1.rdf')]));
    expect(items.map((i) => i.document.title)).toEqual(['Road blocked by protesters', 'Clinic reopens']);
    expect(items[0].document.published).toBe('2019-07-14T16:00:00+04:30');
    expect(items[1].document.url).toBe('https://valley-notes.example.org/b');
  });

  it('a broken feed: unescaped &, undefined entities and a truncated end keep what reads, with coded warnings', async () => {
    const items = await all([fx('broken.rss')]);
    expect(codes(items)).toEqual(['ok', 'ok']);
    const [a, b] = oks(items);
    expect(a.document.title).toBe('Shelling hits school & clinic');
    expect(a.document.url).toBe('https://hill-plain.example.org/1?src=rss&id=1');
    expect(a.document.source).toContain('clinic\u00a0in the upper town \u2014 no casualties');
    expect(b.document.title).toBe('Curfew & checkpoints');
    expect(a.warnings?.map((w) => w.code)).toEqual(['VIGIL_ERR_FEED_TRUNCATED']);
    expect(b.warnings).toBeUndefined();
    // the same feed, complete but still with a bare &: read leniently and said so
    const whole = readFileSync(fx('broken.rss'), 'utf8').replace(/by a bl$/, 'by a blast.</description></item></channel></rss>');
    const f = parseFeed(whole);
    expect(f.items).toHaveLength(3);
    expect(f.warnings.map((w) => w.code)).toEqual(['VIGIL_ERR_FEED_MALFORMED']);
    expect(f.title).toBe('Hill & Plain Dispatch');
  });

  it('markup a host appends after </rss> is not part of the feed (no warning); an item nested empty inside another is no item', () => {
    const f = parseFeed('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a</title><item /></item><item><title>b</title></item></channel></rss>\n<script>var x = 1 < 2;</script>\n');
    expect(f.items.map((i) => i.title)).toEqual(['a', 'b']);
    expect(f.warnings).toEqual([]);
  });

  it('a feed with no item is an error item, never a silent success', async () => {
    const items = await all([fx('empty.rss')]);
    expect(codes(items)).toEqual(['VIGIL_ERR_FEED_EMPTY']);
    expect(!items[0].ok && items[0].error.message).toMatch(/Quiet Wire/);
  });

  it('dates keep their offset; RFC 822 zones are read', () => {
    expect(isoDateKeepingOffset('Tue, 11 May 2021 01:00:00 +0300')).toBe('2021-05-11T01:00:00+03:00');
    expect(isoDateKeepingOffset('Mon, 10 May 2021 20:30:00 EST')).toBe('2021-05-10T20:30:00-05:00');
    expect(isoDateKeepingOffset('10 May 2021 08:30 GMT')).toBe('2021-05-10T08:30:00Z');
    expect(isoDateKeepingOffset('2021-05-10')).toBe('2021-05-10');
    expect(isoDateKeepingOffset('2021-05-10T08:30:00.5-0430')).toBe('2021-05-10T08:30:00.5-04:30');
    expect(isoDateKeepingOffset('not a date')).toBeNull();
  });
});

describe('an HTML page where a feed was expected: one outcome from a file and from a URL', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(readFileSync(fx('page-not-feed.rss')));
      } else if (req.url === '/latin1') {
        // the server says nothing about the charset; the XML declaration does
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(readFileSync(fx('latin1.rss')));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  it('VIGIL_ERR_NOT_A_FEED naming the feed the page advertises', async () => {
    const items = await all([fx('page-not-feed.rss'), `${base}/feed`], { allowPrivate: true });
    expect(codes(items)).toEqual(['VIGIL_ERR_NOT_A_FEED', 'VIGIL_ERR_NOT_A_FEED']);
    for (const i of items) expect(!i.ok && i.error.message).toContain('https://quiet-wire.example.org/feed.xml');
  });

  it('a feed fetched without a charset is decoded by its XML declaration, as from a file', async () => {
    const fromUrl = oks(await all([`${base}/latin1`], { allowPrivate: true }));
    const fromFile = oks(await all([fx('latin1.rss')]));
    expect(fromUrl.map((i) => i.document.source)).toEqual(fromFile.map((i) => i.document.source));
  });
});

describe('Telegram exports', () => {
  it('a full-account export: every chat of chats.list and left_chats.list, the chat as source, dates with offsets', async () => {
    const items = await all([path.join(FX, '..', 'telegram-account.json')]);
    expect(codes(items)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const good = oks(items);
    expect(good.map((i) => i.source.name)).toEqual(['Riverside Updates', 'Riverside Updates', 'Hill District Volunteers', 'Old Border News']);
    expect(good.every((i) => i.source.kind === 'social-media')).toBe(true);
    expect(good[0].document.source).toBe('Shelling reported near the grain silo on the east bank this evening.');
    // local time with the offset date_unixtime implies; only date_unixtime: UTC
    expect(good[0].document.published).toBe('2022-02-20T19:05:00+03:00');
    expect(good[1].document.published).toBe('2022-02-21T01:00:00Z');
    expect(good[1].document.source).toBe('Update: two people injured at the silo, local medics say.');
    expect(good[2].origin.locator).toMatch(/#chat=1700000002&message=3$/);
    expect(new Set(good.map((i) => i.document.id)).size).toBe(4);
  });
});

describe('web pages and text files', () => {
  it('a page whose date is only in JSON-LD: date with offset, headline, publisher from the site, article without footer or newsletter box', async () => {
    const [page] = oks(await all([path.join(FX, '..', 'page-jsonld.html')]));
    expect(page.document.published).toBe('2021-11-06T23:15:00+02:00');
    expect(page.document.title).toBe('Market fire in Port Sela destroys forty stalls');
    expect(page.document.url).toBe('https://harbour-herald.example.com/news/2021/11/market-fire');
    expect(page.source.name).toBe('harbour-herald.example.com');
    expect(page.document.source).toContain('destroying about forty stalls');
    expect(page.document.source).toContain('faulty wiring in the building last year');
    expect(page.document.source).not.toMatch(/printed from|newsletter|Subscribe/i);
  });

  it('front matter names the publisher; a file naming none is its own unknown source, never the folder', async () => {
    const good = oks(await all([path.join(FX, '..', 'reports-fm')]));
    expect(good.map((g) => g.source)).toEqual([
      { name: 'Upland Courier', kind: 'independent-media' },
      { name: 'file:b.txt', kind: 'unknown' },
    ]);
    expect(good[0].document.published).toBe('2020-09-14');
    expect(good[0].document.title).toBe('Protesters block the ring road in Upland');
    expect(good[1].document.title).toBe('Second report with no publisher named');
    const named = oks(await all([path.join(FX, '..', 'reports-fm', 'b.txt')], { source: 'Upland Courier' }));
    expect(named[0].source.name).toBe('Upland Courier');
  });
});
