/** Source (publisher / channel) and its kind, from the data table sources.json. */
import table from './sources.json' with { type: 'json' };
import type { IngestSource, SourceKind } from './types.js';

const DOMAINS = table.domains as Record<string, SourceKind>;
const NAMES = new Map(Object.entries(table.names as Record<string, SourceKind>).map(([k, v]) => [k.toLowerCase(), v]));

function byDomain(host: string, extra?: Record<string, SourceKind>): SourceKind | null {
  let h = host.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  // Longest suffix first: "news.un.org" -> "news.un.org", "un.org".
  for (;;) {
    const k = extra?.[h] ?? DOMAINS[h];
    if (k) return k;
    const dot = h.indexOf('.');
    if (dot < 0) return null;
    h = h.slice(dot + 1);
  }
}

/**
 * Kind of a source given its name or domain ("sana.sy", "www.reuters.com", "SOHR", "@channel").
 * `extra` (name or domain -> kind) overrides the built-in table. Unknown sources are 'unknown'.
 */
export function classifySource(name: string, extra?: Record<string, SourceKind>): SourceKind {
  const n = name.trim();
  if (!n) return 'unknown';
  if (extra) {
    const hit = Object.entries(extra).find(([k]) => k.toLowerCase() === n.toLowerCase());
    if (hit) return hit[1];
  }
  const named = NAMES.get(n.toLowerCase());
  if (named) return named;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(n)) return byDomain(n, extra) ?? 'unknown';
  return 'unknown';
}

/**
 * Source of a URL: its domain, except for channel platforms where the channel is the source
 * (https://t.me/somechannel/123 -> "@somechannel", social-media).
 */
export function sourceFromUrl(url: string, extra?: Record<string, SourceKind>): IngestSource {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { name: url, kind: 'unknown' };
  }
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  if ((host === 't.me' || host === 'telegram.me') && u.pathname.length > 1) {
    const ch = u.pathname.split('/').filter(Boolean)[0] === 's' ? u.pathname.split('/').filter(Boolean)[1] : u.pathname.split('/').filter(Boolean)[0];
    const name = `@${ch}`;
    const k = extra?.[name] ?? extra?.[host] ?? 'social-media';
    return { name, kind: k, url: `https://t.me/${ch}` };
  }
  return { name: host, kind: byDomain(host, extra) ?? 'unknown', url: `${u.protocol}//${u.host}/` };
}
