/**
 * Front matter and first-line titles of text and Markdown reports.
 *
 * A report file may open with front matter naming its publisher, as Jekyll and Hugo pages do:
 * ```
 * ---
 * source: Northwest Syria Bulletin
 * source_kind: independent-media
 * url: https://example.org/2017/03/saraqib
 * published: 2017-03-03
 * ---
 * ```
 * Only `key: value` lines with the keys in FRONT_MATTER_KEYS count; anything else means the file simply starts with
 * a `---` rule and has no front matter. The ingest reader takes the document's source and metadata from it; the
 * normalize stage blanks it (same length, offsets unchanged) so it is never read as report text.
 */
export const FRONT_MATTER_KEYS = ['source', 'publisher', 'channel', 'source_kind', 'url', 'published', 'title', 'language'] as const;
export type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number];

export interface FrontMatter {
  fields: Partial<Record<FrontMatterKey, string>>;
  /** Length of the front matter block in the text, closing `---` line included. */
  length: number;
}

const KEYS: ReadonlySet<string> = new Set(FRONT_MATTER_KEYS);

export function readFrontMatter(text: string): FrontMatter | null {
  const m = /^\ufeff?---[ \t]*\r?\n([\s\S]{0,4000}?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return null;
  const fields: FrontMatter['fields'] = {};
  for (const line of m[1].split(/\r?\n/)) {
    if (!line.trim()) continue;
    const kv = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(line);
    if (!kv || !KEYS.has(kv[1].toLowerCase())) return null;
    const v = kv[2].trim().replace(/^(["'])(.*)\1$/, '$2');
    if (v) fields[kv[1].toLowerCase() as FrontMatterKey] = v;
  }
  return { fields, length: m[0].length };
}

/** The text with its front matter replaced by spaces (newlines kept), so every offset stays where it was. */
export function blankFrontMatter(text: string): string {
  const fm = readFrontMatter(text);
  if (!fm) return text;
  return text.slice(0, fm.length).replace(/[^\n]/g, ' ') + text.slice(fm.length);
}

/**
 * A text or Markdown report's title: its first non-empty line (a Markdown heading without its #), when that line is
 * short enough to be a headline (at most 200 characters) and more text follows it.
 * "Warplanes pound Saraqib for a second day\n\nPublished 3 March 2017 …" -> "Warplanes pound Saraqib for a second day".
 */
export function firstLineTitle(text: string): string | null {
  const fm = readFrontMatter(text);
  const body = fm ? text.slice(fm.length) : text;
  const m = /^\s*([^\n]+)\n\s*\S/.exec(body);
  if (!m) return null;
  const line = m[1].replace(/^#{1,6}\s+/, '').replace(/^\*\*(.+)\*\*$/, '$1').replace(/\s+/g, ' ').trim();
  return line && line.length <= 200 ? line : null;
}
