/**
 * RFC 4180 CSV reader: quoted fields with "" escapes, embedded commas and newlines, CRLF or LF,
 * a delimiter sniffed from the header (comma, semicolon or tab). Each row keeps its raw text
 * (the exact characters of the row in the file) for provenance.
 */
export interface CsvRow {
  fields: string[];
  /** The row's characters exactly as in the file (without the line break). */
  raw: string;
  /** 1-based line number where the row starts. */
  line: number;
}

export interface CsvOptions {
  /** Field delimiter; sniffed from the first line when absent. */
  delimiter?: string;
  /** Longest field, in characters; a longer field ends parsing with an error (malformed quoting runs away). Default 8 Mi. */
  maxFieldChars?: number;
}

export class CsvError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

export function sniffDelimiter(text: string): string {
  const first = text.slice(0, Math.max(0, text.indexOf('\n')) || Math.min(text.length, 4096));
  let best = ',';
  let bestN = 0;
  for (const d of [',', ';', '\t']) {
    const n = first.split(d).length - 1;
    if (n > bestN) [best, bestN] = [d, n];
  }
  return best;
}

export function* parseCsv(text: string, opts: CsvOptions = {}): Generator<CsvRow> {
  const d = opts.delimiter ?? sniffDelimiter(text);
  const maxField = opts.maxFieldChars ?? 8 * 1024 * 1024;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // BOM
  let line = 1;
  const n = text.length;
  while (i < n) {
    const rowStart = i;
    const rowLine = line;
    const fields: string[] = [];
    let field = '';
    let inQuotes = false;
    let fieldStart = i;
    for (;;) {
      if (i >= n) {
        if (inQuotes) throw new CsvError('unterminated quoted field', rowLine);
        fields.push(field);
        break;
      }
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            inQuotes = false;
            i++;
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
      } else if (c === '"' && i === fieldStart) {
        inQuotes = true;
        i++;
      } else if (c === d) {
        fields.push(field);
        field = '';
        i++;
        fieldStart = i;
      } else if (c === '\r' || c === '\n') {
        fields.push(field);
        break;
      } else {
        field += c;
        i++;
      }
      if (field.length > maxField) throw new CsvError(`field longer than ${maxField} characters`, rowLine);
    }
    const rowEnd = i;
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    if (i > rowEnd) line++;
    const raw = text.slice(rowStart, rowEnd);
    if (raw.trim() === '') continue; // blank line
    yield { fields, raw, line: rowLine };
  }
}
