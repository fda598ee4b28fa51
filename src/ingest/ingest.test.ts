import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSources, isPrivateAddress, fetchUrl, classifySource, sourceFromUrl, parseCsv, parseFeed, telegramText, type IngestItem, type IngestOk } from './index.js';

const FX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fx = (f: string) => path.join(FX, f);
async function all(inputs: string[], opts: Parameters<typeof readSources>[1] = {}): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const i of readSources(inputs, opts)) out.push(i);
  return out;
}
const oks = (xs: IngestItem[]) => xs.filter((x): x is IngestOk => x.ok);
const errs = (xs: IngestItem[]) => xs.filter((x) => !x.ok) as Extract<IngestItem, { ok: false }>[];

describe('files', () => {
  it('JSONL: keeps ids and exact line bytes, one bad line never stops the batch', async () => {
    const items = await all([fx('reports.jsonl')]);
    const good = oks(items);
    expect(good.map((g) => g.document.id)).toEqual(['fx:1', 'fx:2', expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]);
    const lines = readFileSync(fx('reports.jsonl'), 'utf8').split('\n');
    expect(good[0].raw.toString('utf8')).toBe(lines[0]);
    expect(good[0].sha256).toBe(createHash('sha256').update(lines[0]).digest('hex'));
    expect(good[2].document.id).toBe(`sha256:${good[2].sha256}`);
    expect(good[0].source).toEqual({ name: 'syriahr.com', kind: 'observer' });
    expect(good[1].source.kind).toBe('independent-media');
    expect(good[0].origin).toMatchObject({ kind: 'jsonl-line', locator: `${fx('reports.jsonl')}#line=1` });
    expect(good[0].container?.sha256).toBe(createHash('sha256').update(readFileSync(fx('reports.jsonl'))).digest('hex'));
    expect(errs(items).map((e) => [e.origin.locator.split('#')[1], e.error.code])).toEqual([
      ['line=3', 'VIGIL_ERR_BAD_JSONL'],
      ['line=4', 'VIGIL_ERR_BAD_JSONL'],
    ]);
  });

  it('CSV: quoted commas, doubled quotes, embedded newlines; empty text is an error item', async () => {
    const items = await all([fx('reports.csv')]);
    const good = oks(items);
    expect(good).toHaveLength(2);
    expect(good[0].document.source).toBe('Fighters exchanged fire near the checkpoint, witnesses said "heavy" gunfire.');
    expect(good[0].document.id).toBe('c1');
    expect(good[0].source.kind).toBe('ngo');
    expect(good[1].document.source).toBe('First line of the report.\nSecond line, with a comma.');
    expect(good[1].origin.locator).toMatch(/#line=3$/);
    expect(errs(items).map((e) => e.error.code)).toEqual(['VIGIL_ERR_EMPTY_INPUT']);
  });

  it('CSV: --text-column and a missing text column', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-ingest-'));
    try {
      writeFileSync(path.join(dir, 'x.csv'), 'ref;summary\n1;Troops entered the village.\n');
      expect(errs(await all([path.join(dir, 'x.csv')]))[0].error.code).toBe('VIGIL_ERR_BAD_CSV');
      const good = oks(await all([path.join(dir, 'x.csv')], { textColumn: 'Summary' }));
      expect(good[0].document.source).toBe('Troops entered the village.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('RSS and Atom: one document per item with the item XML as raw', async () => {
    const items = oks(await all([fx('feed.rss'), fx('feed.atom')]));
    expect(items).toHaveLength(3);
    expect(items[0].origin.kind).toBe('feed-item');
    expect(items[0].raw.toString()).toMatch(/^<item>[\s\S]*<\/item>$/);
    expect(items[0].document.mediaType).toBe('text/html');
    expect(items[0].document.published).toBe('2021-05-10T08:30:00Z');
    expect(items[1].document.title).toBe('Checkpoint attacked & two guards killed');
    expect(items[1].source).toMatchObject({ name: '@examplechannel', kind: 'social-media' });
    expect(items[2].document.url).toBe('https://news.example.net/a/1');
    expect(items[2].document.source).toMatch(/Three rockets/);
  });

  it('Telegram export: messages with string or entity-array text, service and media-only skipped', async () => {
    const items = oks(await all([fx('result.json')]));
    expect(items.map((i) => i.document.source)).toEqual([
      'Heavy clashes reported on the eastern front this morning.',
      'Breaking: artillery shelling on the bridge, https://example.org/x',
    ]);
    expect(items[0].origin).toMatchObject({ kind: 'telegram-message' });
    expect(items[0].source).toEqual({ name: 'Example Frontline Channel', kind: 'social-media' });
    expect(telegramText(['a', { type: 'bold', text: 'b' }, 3])).toBe('ab');
  });

  it('HTML file: main text via Readability, original bytes kept', async () => {
    const [item] = oks(await all([fx('page.html')]));
    expect(item.document.source).toMatch(/killing three civilians/);
    expect(item.document.source).not.toMatch(/alert|Home \| World/);
    expect(item.document.published).toBe('2021-08-09T07:00:00Z');
    expect(item.raw.equals(readFileSync(fx('page.html')))).toBe(true);
    expect(item.mediaType).toBe('text/html');
  });

  it('folders: recursive, hidden entries skipped, sorted', async () => {
    const items = oks(await all([fx('folder')]));
    expect(items.map((i) => path.relative(fx('folder'), i.origin.locator))).toEqual(['a.txt', path.join('sub', 'b.md')]);
    expect(items[1].document.mediaType).toBe('text/markdown');
    expect(items[0].document.id).toBe(`sha256:${items[0].sha256}`);
  });

  it('bad files: missing, binary, non-UTF-8, too large, empty', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-ingest-'));
    try {
      writeFileSync(path.join(dir, 'bin.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
      writeFileSync(path.join(dir, 'cp1256.txt'), Buffer.from([0xc7, 0xe1, 0xd3, 0xe1, 0xc7, 0xe3]));
      writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(2000));
      writeFileSync(path.join(dir, 'empty.txt'), '   \n');
      const items = await all([path.join(dir, 'nope.txt'), dir], { limits: { maxDocumentBytes: 1000 } });
      expect(items.map((i) => (i.ok ? 'ok' : i.error.code))).toEqual([
        'VIGIL_ERR_FILE_NOT_FOUND',
        'VIGIL_ERR_TOO_LARGE',
        'VIGIL_ERR_BINARY_INPUT',
        'VIGIL_ERR_BAD_ENCODING',
        'VIGIL_ERR_EMPTY_INPUT',
      ]);
      const big = await all([path.join(dir, 'big.txt')], { limits: { maxFileBytes: 100 } });
      expect(errs(big)[0].error.code).toBe('VIGIL_ERR_TOO_LARGE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('JSONL: an over-long line is reported and the next line still read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-ingest-'));
    try {
      const f = path.join(dir, 'l.jsonl');
      writeFileSync(f, JSON.stringify({ text: 'y'.repeat(500) }) + '\n' + JSON.stringify({ text: 'short report' }) + '\n');
      const items = await all([f], { limits: { maxLineBytes: 100 } });
      expect(items.map((i) => (i.ok ? i.document.source : i.error.code))).toEqual(['VIGIL_ERR_TOO_LARGE', 'short report']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parsers', () => {
  it('parseCsv handles CRLF, BOM, quotes and sniffed delimiters', () => {
    const rows = [...parseCsv('\ufeffa;b\r\n"x;1";"he said ""hi"""\r\n')];
    expect(rows.map((r) => r.fields)).toEqual([['a', 'b'], ['x;1', 'he said "hi"']]);
    expect(rows[1].raw).toBe('"x;1";"he said ""hi"""');
    expect(() => [...parseCsv('a\n"unterminated\n')]).toThrow(/unterminated/);
  });
  it('parseFeed refuses entity declarations and non-feeds', () => {
    expect(() => parseFeed('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel></channel></rss>')).toThrow(/entities/);
    expect(() => parseFeed('<html><body>hi</body></html>')).toThrow();
    expect(parseFeed(readFileSync(fx('feed.rss'), 'utf8')).items[0].point).toEqual({ lat: 35.5, lon: 36.6 });
  });
  it('classifySource uses the data table by domain and name', () => {
    expect(classifySource('sana.sy')).toBe('official');
    expect(classifySource('www.reuters.com')).toBe('independent-media');
    expect(classifySource('SOHR')).toBe('observer');
    expect(classifySource('news.un.org')).toBe('ngo');
    expect(classifySource('example.com')).toBe('unknown');
    expect(classifySource('example.com', { 'example.com': 'official' })).toBe('official');
    expect(sourceFromUrl('https://t.me/s/somechannel/5')).toMatchObject({ name: '@somechannel', kind: 'social-media' });
  });
});

describe('SSRF protection', () => {
  it('classifies private, loopback, link-local, CGNAT, multicast, ULA and mapped addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1', '2002:a00:1::1', '[::1]'])
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
    // IANA special-purpose blocks that are not globally reachable: the whole IPv4-mapped /96 (even a public IPv4
    // inside), IPv4-translated, local-use NAT64, Teredo and the IETF block, documentation, SRv6, benchmarking
    for (const ip of ['::ffff:8.8.8.8', '::ffff:0:0', '::ffff:0:7f00:1', '64:ff9b:1::808:808', '2001:0:4136:e378::1', '2001:2::1', '3fff::1', '5f00::1', '100:0:0:1::1', '198.18.0.1', '192.0.0.9'])
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '64:ff9b::808:808', '2a00:1450:4001:82b::200e'])
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
    expect(isPrivateAddress('not-an-ip')).toBe(true);
  });

  it('refuses 127.0.0.1, 10.x, 169.254.169.254 and [::1] by default, before connecting', async () => {
    const opts = { allowPrivate: false, maxBytes: 1000, timeoutMs: 2000, maxRedirects: 2 };
    for (const u of ['http://127.0.0.1:9/', 'http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:9/', 'http://localhost:9/'])
      await expect(fetchUrl(u, opts)).rejects.toMatchObject({ code: 'VIGIL_ERR_PRIVATE_ADDRESS' });
    const items = await all(['http://127.0.0.1:9/feed.xml', 'ftp://example.org/x']);
    expect(items.map((i) => !i.ok && i.error.code)).toEqual(['VIGIL_ERR_PRIVATE_ADDRESS', 'VIGIL_ERR_UNSUPPORTED_URL']);
  });
});

describe('URLs (local server, allowPrivate)', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const u = req.url ?? '/';
      if (u === '/feed') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(readFileSync(fx('feed.rss')));
      } else if (u === '/page') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync(readFileSync(fx('page.html'))));
      } else if (u === '/redirect') {
        res.writeHead(302, { location: '/page' });
        res.end();
      } else if (u === '/loop') {
        res.writeHead(302, { location: '/loop' });
        res.end();
      } else if (u === '/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      } else if (u === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('z'.repeat(50_000));
      } else if (u === '/slow') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('start');
        setTimeout(() => res.end('end'), 3000).unref();
      } else if (u === '/reports.jsonl') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.end(readFileSync(fx('reports.jsonl')));
      } else {
        res.writeHead(404);
        res.end('no');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address() as { port: number };
    base = `http://127.0.0.1:${a.port}`;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  it('fetches a feed and a gzip web page through a redirect', async () => {
    const items = await all([`${base}/feed`, `${base}/redirect`], { allowPrivate: true });
    const good = oks(items);
    expect(errs(items).map((e) => e.error.message)).toEqual([]);
    expect(good).toHaveLength(3);
    expect(good[0].origin.kind).toBe('feed-item');
    expect(good[0].container?.locator).toBe(`${base}/feed`);
    const page = good[2];
    expect(page.origin).toMatchObject({ kind: 'url', locator: `${base}/redirect` });
    expect(page.fetch).toMatchObject({ finalUrl: `${base}/page`, status: 200, redirects: [`${base}/page`] });
    expect(page.document.source).toMatch(/killing three civilians/);
    expect(page.raw.equals(readFileSync(fx('page.html')))).toBe(true);
    expect(page.source.name).toBe('127.0.0.1');
  });

  it('JSONL over HTTP', async () => {
    const good = oks(await all([`${base}/reports.jsonl`], { allowPrivate: true }));
    expect(good.map((g) => g.document.id).slice(0, 2)).toEqual(['fx:1', 'fx:2']);
  });

  it('re-checks redirect targets, and enforces redirect, size and time limits', async () => {
    const items = await all([`${base}/to-metadata`, `${base}/loop`, `${base}/big`, `${base}/slow`, `${base}/missing`], {
      limits: { maxFetchBytes: 10_000, fetchTimeoutMs: 800, maxRedirects: 3 },
      // Only the test server is exempt: the redirect to the metadata address is checked and refused.
      fetch: (url, o) => fetchUrl(url, { ...o, allowHosts: ['127.0.0.1'] }),
    });
    expect(items.map((i) => !i.ok && i.error.code)).toEqual([
      'VIGIL_ERR_PRIVATE_ADDRESS',
      'VIGIL_ERR_FETCH_FAILED',
      'VIGIL_ERR_TOO_LARGE',
      'VIGIL_ERR_FETCH_TIMEOUT',
      'VIGIL_ERR_FETCH_FAILED',
    ]);
  });
});
