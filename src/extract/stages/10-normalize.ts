/**
 * 10-normalize: the delivered source -> the analysis text every later stage reads.
 *  - HTML: tags dropped, script/style/nav/header/footer skipped, entities decoded, blocks -> line breaks;
 *    Doc.sourceMap maps each text index back to the HTML source.
 *  - Markdown: heading marks, emphasis, link syntax blanked (same length, offsets unchanged).
 *  - all: odd spaces and controls -> spaces, Arabic-Indic and Persian digits -> ASCII (same length: "٢٠" -> "20",
 *    see normalize/digits.ts), Unicode NFC, page boilerplate lines ("Image Credit:", "Share this",
 *    cookie notices; data: lang/<xx>/boilerplate.json) blanked; Arabic words broken with tatweel, dots or stars to
 *    slip past platform filters joined again ("قـ.ـوات" -> "قوات", with an offset map).
 *  - captured pages (normalize/capture.ts; data: lang/<xx>/capture.json): platform chrome ("PostLog inSign upPost",
 *    "· Shared with Public", view counters, login banners, related-article lists) blanked (same length), comment threads
 *    kept apart in Doc.capture.comments, the post's own timestamp kept in Doc.capture.timestamps (44-dates reads it);
 *    a capture that holds no report (a login wall, "This content isn't available right now") gets
 *    Doc.capture.status 'no-report' and the pipeline reads no event from it (warning VIGIL_ERR_NO_REPORT).
 * Plain text keeps its offsets (text index === source index) unless NFC changes its length.
 */
import type { Stage } from '../stage.js';
import type { Doc } from '../../model/document.js';
import { VigilError } from '../../errors/catalogue.js';
import { langData, SUPPORTED_LANGUAGES } from '../lang/index.js';
import { htmlToText, looksLikeHtml } from '../normalize/html.js';
import { cleanMarkdown, cleanSpaces, compileBoilerplate, dropBoilerplate, joinArabicObfuscation, looksLikeMarkdown, normalizeNfc, type BoilerplateRules } from '../normalize/text.js';
import { composeMaps, isIdentity } from '../normalize/builder.js';
import { foldDigits } from '../normalize/digits.js';
import { cleanCapture, type CaptureInfo } from '../normalize/capture.js';
import { describeError } from '../../errors/catalogue.js';
import { blankFrontMatter } from '../../model/front-matter.js';

let rules: BoilerplateRules | undefined;
function boilerplate(): BoilerplateRules {
  return (rules ??= compileBoilerplate(SUPPORTED_LANGUAGES.map((l) => langData<{ lines: string[]; maxLineChars?: number }>(l, 'boilerplate'))));
}

export interface NormalizeResult {
  text: string;
  map?: Int32Array;
  mediaType: Doc['mediaType'];
  title: string | null;
  droppedLines: number;
  /** What capture cleaning found (null for a plain report with no platform chrome). */
  capture: CaptureInfo | null;
}

/** Pure function behind the stage (also used by tests and `vigil extract` previews). */
export function normalizeSource(source: string, mediaType?: Doc['mediaType']): NormalizeResult {
  let type = mediaType;
  if (!type || type === 'text/plain') {
    if (looksLikeHtml(source)) type = 'text/html';
    else if (!type && looksLikeMarkdown(source)) type = 'text/markdown';
    else type = type ?? 'text/plain';
  }
  // Front matter naming the publisher (src/model/front-matter.ts) is metadata, not report text: blanked in place.
  let text = type === 'text/html' ? source : blankFrontMatter(source);
  let map: Int32Array | undefined;
  let title: string | null = null;
  if (type === 'text/html') {
    const h = htmlToText(source);
    const visible = h.text.replace(/\s+/g, '').length;
    // A page that is mostly script with (almost) no visible text: nothing to extract from.
    if (visible === 0 || (visible < 200 && h.stats.scriptChars > 20 * visible)) {
      throw new VigilError('VIGIL_ERR_NO_TEXT', `${visible} visible characters, ${h.stats.scriptChars} characters of script/style`);
    }
    text = h.text;
    map = h.map;
    title = h.stats.title;
  }
  const nfc = normalizeNfc(text);
  if (nfc) {
    text = nfc.text;
    map = composeMaps(map, nfc.map);
  }
  const joined = joinArabicObfuscation(text);
  if (joined) {
    text = joined.text;
    map = composeMaps(map, joined.map);
  }
  text = foldDigits(cleanSpaces(text));
  if (type === 'text/markdown') text = cleanMarkdown(text);
  const bp = dropBoilerplate(text, boilerplate());
  text = bp.text;
  const cap = cleanCapture(text);
  text = cap.text;
  if (map && isIdentity(map, source.length)) map = undefined;
  return { text, map, mediaType: type, title, droppedLines: bp.dropped, capture: cap.capture };
}

export const normalizeStage: Stage = {
  name: '10-normalize',
  reads: ['source', 'mediaType'],
  adds: ['text', 'sourceMap', 'mediaType', 'title', 'capture', 'warnings'],
  run: (doc) => {
    const r = normalizeSource(doc.source, doc.mediaType === 'text/plain' ? undefined : doc.mediaType);
    const base = { ...doc, text: r.text, sourceMap: r.map, mediaType: r.mediaType, title: doc.title ?? r.title, capture: r.capture };
    if (r.capture?.status === 'no-report') {
      // recorded, not failed: a login wall is a capture to redo, not a malformed document
      return { ...base, warnings: [...doc.warnings, `VIGIL_ERR_NO_REPORT: ${r.capture.reason ?? 'no report'}: ${describeError('VIGIL_ERR_NO_REPORT')}`] };
    }
    if (r.text.trim() === '') throw new VigilError('VIGIL_ERR_EMPTY_INPUT', 'nothing left after boilerplate was removed');
    return base;
  },
};
