/**
 * Bytes -> text for every reader (files and HTTP responses alike), honouring what the document itself declares.
 *
 * Order: a byte-order mark wins (UTF-8, UTF-16LE/BE); then the bytes are UTF-8 when they decode as strict UTF-8;
 * otherwise the encoding the document declares
 * (`<?xml version="1.0" encoding="windows-1256"?>`, `<meta charset="koi8-r">`, `<meta http-equiv="Content-Type"
 * content="text/html; charset=iso-8859-1">`) and, failing that, the HTTP charset. A feed saved in ISO-8859-1 with its
 * XML declaration reads the same from a file as from a URL. Node's TextDecoder (full ICU) knows the WHATWG labels:
 * iso-8859-1 is decoded as windows-1252, as browsers do. Bytes with no usable declaration that are not UTF-8 are
 * refused (VIGIL_ERR_BAD_ENCODING) rather than guessed.
 */
import type { ErrorCode } from '../errors/catalogue.js';

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; code: ErrorCode; detail?: string };

/** The encoding label an XML declaration or an HTML meta tag declares in the first bytes, lower-cased, or null. */
export function declaredEncoding(head: string): string | null {
  const xml = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  if (xml) return xml[1].toLowerCase();
  const meta = /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return meta ? meta[1].toLowerCase() : null;
}

/** The charset parameter of a Content-Type header, lower-cased, or null. */
export function httpCharset(contentType: string | undefined): string | null {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase() ?? null;
}

const isUtf8Label = (l: string) => l === 'utf-8' || l === 'utf8' || l === 'unicode-1-1-utf-8';

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label);
  } catch {
    return null; // unknown label
  }
}

export function decodeBytes(buf: Uint8Array, contentType?: string): Decoded {
  // Byte-order marks first: UTF-16 text has NUL bytes and must not be taken for binary.
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return strictUtf8(buf.subarray(3));
  if (buf[0] === 0xff && buf[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf-16be' };
  if (buf.subarray(0, 8192).includes(0)) return { ok: false, code: 'VIGIL_ERR_BINARY_INPUT' };
  // Declarations are ASCII in every encoding Vigil reads (UTF-8 and the single-byte ones).
  const head = Buffer.from(buf.subarray(0, 2048)).toString('latin1');
  const declared = [declaredEncoding(head), httpCharset(contentType)].filter((l): l is string => !!l);
  // Strictly valid UTF-8 with non-ASCII bytes is almost never Latin, Cyrillic or Arabic single-byte text, while
  // "encoding=iso-8859-1" left in a template over UTF-8 content is common: valid UTF-8 is read as UTF-8.
  const utf8 = strictUtf8(buf);
  if (utf8.ok) return utf8;
  for (const label of declared) {
    if (isUtf8Label(label)) continue;
    const dec = decoderFor(label);
    if (dec) return { ok: true, text: dec.decode(buf).replace(/^\ufeff/, ''), encoding: dec.encoding };
  }
  return { ok: false, code: 'VIGIL_ERR_BAD_ENCODING', detail: declared.length ? `declared ${declared.join(', ')}` : 'no encoding declared and not UTF-8' };
}

function strictUtf8(buf: Uint8Array): Decoded {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\ufeff/, ''), encoding: 'utf-8' };
  } catch {
    return { ok: false, code: 'VIGIL_ERR_BAD_ENCODING' };
  }
}
