/**
 * Telegram Desktop channel export (`result.json`, "Export chat history" as JSON):
 * `{name, type, id, messages: [{id, type: "message"|"service", date, from, text, text_entities}]}`.
 * `text` is either a string or an array mixing strings and entity objects `{type, text}`.
 */
export interface TelegramMessage {
  id: number | string;
  /** ISO timestamp (the export's local time, as written). */
  date: string | null;
  text: string;
  /** Canonical JSON of the message object (JSON.stringify). */
  raw: string;
}

export class TelegramError extends Error {}

/** Plain text of a message's `text` field (string, or array of strings and `{text}` entities). */
export function telegramText(text: unknown): string {
  if (typeof text === 'string') return text;
  if (Array.isArray(text)) return text.map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
  return '';
}

/** True when a parsed JSON value looks like a Telegram Desktop export. */
export function isTelegramExport(v: unknown): boolean {
  return !!v && typeof v === 'object' && Array.isArray((v as { messages?: unknown }).messages);
}

export function parseTelegramExport(json: string | unknown, opts: { maxItems?: number } = {}): { channel: string | null; channelId: string | null; messages: TelegramMessage[] } {
  let v: unknown = json;
  if (typeof json === 'string') {
    try {
      v = JSON.parse(json);
    } catch (e) {
      throw new TelegramError(`not JSON: ${(e as Error).message}`);
    }
  }
  if (!isTelegramExport(v)) throw new TelegramError('no messages array');
  const o = v as { name?: unknown; id?: unknown; messages: unknown[] };
  const max = opts.maxItems ?? 100_000;
  const messages: TelegramMessage[] = [];
  for (const m of o.messages) {
    if (messages.length >= max) break;
    if (!m || typeof m !== 'object') continue;
    const msg = m as { id?: unknown; type?: unknown; date?: unknown; text?: unknown };
    if (msg.type !== undefined && msg.type !== 'message') continue; // service messages (joins, pins)
    const text = telegramText(msg.text).trim();
    if (!text) continue; // media-only posts
    messages.push({
      id: typeof msg.id === 'number' || typeof msg.id === 'string' ? msg.id : messages.length,
      date: typeof msg.date === 'string' ? msg.date : null,
      text,
      raw: JSON.stringify(m),
    });
  }
  return { channel: typeof o.name === 'string' ? o.name : null, channelId: o.id == null ? null : String(o.id), messages };
}
