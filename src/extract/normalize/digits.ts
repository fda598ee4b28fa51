/**
 * Digit folding that keeps offsets: Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩, U+0660-0669) and Extended Arabic-Indic
 * (Persian / Urdu) digits (۰۱۲۳۴۵۶۷۸۹, U+06F0-06F9) become ASCII 0-9, and the Arabic decimal and thousands
 * separators (٫ U+066B, ٬ U+066C) and percent sign (٪ U+066A) become ". , %".
 *
 *   "قتل ١٢ شخصا في ٢٠ شباط ٢٠١٧"  ->  "قتل 12 شخصا في 20 شباط 2017"
 *
 * Every replaced character is one UTF-16 code unit and so is its replacement: the folded text has the same
 * length and every index still points at the same character of the input, so spans found in the analysis
 * text are spans in the source (Doc.sourceMap stays as it was). Number and date rules then only need ASCII digits.
 */

const FOLDABLE = /[\u0660-\u066c\u06f0-\u06f9]/g;

function foldChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(48 + code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(48 + code - 0x06f0);
  if (code === 0x066a) return '%';
  if (code === 0x066b) return '.';
  if (code === 0x066c) return ',';
  return c;
}

/** Fold Arabic-Indic and Persian digits (and the Arabic separators) to ASCII; same length as the input. */
export function foldDigits(text: string): string {
  FOLDABLE.lastIndex = 0;
  if (!FOLDABLE.test(text)) return text;
  FOLDABLE.lastIndex = 0;
  return text.replace(FOLDABLE, foldChar);
}
