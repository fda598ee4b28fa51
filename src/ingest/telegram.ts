/**
 * Telegram Desktop exports as JSON (`result.json`):
 * - one chat ("Export chat history"): `{name, type, id, messages: [...]}`;
 * - the whole account ("Export Telegram data"): `{personal_information, chats: {list: [{name, type, id, messages}]},
 *   left_chats: {list: [...]}, ...}`. Every chat of both lists is read; each chat (channel, group) is its own source.
 * A message is `{id, type: "message"|"service", date, date_unixtime, from, text, text_entities}`; `text` is a string
 * or an array mixing strings and entity objects `{type, text}`. `date` is the exporting computer's local time without
 * a zone ("2022-02-20T19:05:00"); `date_unixtime` is the instant. With both, `published` keeps the local time with its
 * offset ("2022-02-20T19:05:00+03:00"); with only `date_unixtime` it is UTC; with only `date` it stays as written.
 */
export interface TelegramMessage {
  id: number | string;
  /** ISO 8601, with the exporter's UTC offset when the export gives date_unixtime (see above), else as written. */
  date: string | null;
  text: string;
  /** Canonical JSON of the message object (JSON.stringify). */
  raw: string;
}

export interface TelegramChat {
  channel: string | null;
  channelId: string | null;
  /** Telegram's chat type ("public_channel", "private_group", "personal_chat" …), if given. */
  type: string | null;
  messages: TelegramMessage[];
  /** Messages in the export for this chat (before the item limit). */
  total: number;
}

export class TelegramError extends Error {}

/** Plain text of a message's `text` field (string, or array of strings and `{text}` entities). */
export function telegramText(text: unknown): string {
  if (typeof text === 'string') return text;
  if (Array.isArray(text)) return text.map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
  return '';
}

type Obj = Record<string, unknown>;
const chatLists = (v: Obj): unknown[] =>
  ['chats', 'left_chats'].flatMap((k) => {
    const l = (v[k] as Obj | undefined)?.list;
    return Array.isArray(l) ? l : [];
  });

/** True when a parsed JSON value looks like a Telegram Desktop export (one chat, or the whole account). */
export function isTelegramExport(v: unknown): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  if (Array.isArray((v as Obj).messages)) return true;
  return ['chats', 'left_chats'].some((k) => Array.isArray(((v as Obj)[k] as Obj | undefined)?.list));
}

/** The message's time: local `date` with the offset `date_unixtime` implies, or UTC, or `date` as written. */
export function telegramDate(msg: { date?: unknown; date_unixtime?: unknown }): string | null {
  const local = typeof msg.date === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(msg.date) ? msg.date : null;
  const unix = typeof msg.date_unixtime === 'string' || typeof msg.date_unixtime === 'number' ? Number(msg.date_unixtime) : NaN;
  if (Number.isFinite(unix) && unix > 0) {
    if (local) {
      const full = local.length === 16 ? `${local}:00` : local;
      // offset = local wall time - UTC instant, to the quarter hour (all zones in use are whole quarter hours)
      const minutes = Math.round((Date.parse(`${full}Z`) - unix * 1000) / 60_000 / 15) * 15;
      if (Math.abs(minutes) <= 14 * 60) {
        const sign = minutes < 0 ? '-' : '+';
        const a = Math.abs(minutes);
        return `${full}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
      }
    }
    return new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
  }
  return typeof msg.date === 'string' && msg.date.trim() ? msg.date.trim() : null;
}

function readChat(o: Obj, max: number): TelegramChat {
  const messages: TelegramMessage[] = [];
  const list = Array.isArray(o.messages) ? o.messages : [];
  for (const m of list) {
    if (messages.length >= max) break;
    if (!m || typeof m !== 'object') continue;
    const msg = m as { id?: unknown; type?: unknown; date?: unknown; date_unixtime?: unknown; text?: unknown };
    if (msg.type !== undefined && msg.type !== 'message') continue; // service messages (joins, pins)
    const text = telegramText(msg.text).trim();
    if (!text) continue; // media-only posts
    messages.push({
      id: typeof msg.id === 'number' || typeof msg.id === 'string' ? msg.id : messages.length,
      date: telegramDate(msg),
      text,
      raw: JSON.stringify(m),
    });
  }
  return {
    channel: typeof o.name === 'string' && o.name.trim() ? o.name.trim() : null,
    channelId: o.id == null ? null : String(o.id),
    type: typeof o.type === 'string' ? o.type : null,
    messages,
    total: list.length,
  };
}

/** Every chat of an export (one for a single-chat export), each with its messages (at most `maxItems` in all). */
export function parseTelegramChats(json: string | unknown, opts: { maxItems?: number } = {}): TelegramChat[] {
  let v: unknown = json;
  if (typeof json === 'string') {
    try {
      v = JSON.parse(json);
    } catch (e) {
      throw new TelegramError(`not JSON: ${(e as Error).message}`);
    }
  }
  if (!isTelegramExport(v)) throw new TelegramError('no messages array and no chats.list');
  const o = v as Obj;
  let left = opts.maxItems ?? 100_000;
  const chats: TelegramChat[] = [];
  const objs = Array.isArray(o.messages) ? [o] : chatLists(o);
  for (const c of objs) {
    if (!c || typeof c !== 'object') continue;
    const chat = readChat(c as Obj, left);
    left -= chat.messages.length;
    chats.push(chat);
  }
  return chats;
}

/** A single-chat export (or the first chat of a full export): kept for callers that read one channel. */
export function parseTelegramExport(json: string | unknown, opts: { maxItems?: number } = {}): { channel: string | null; channelId: string | null; messages: TelegramMessage[] } {
  const chats = parseTelegramChats(json, opts);
  const all = chats.flatMap((c) => c.messages);
  return { channel: chats[0]?.channel ?? null, channelId: chats[0]?.channelId ?? null, messages: all };
}
