export interface CsvRow { fields: string[]; raw: string; line: number }
export function* parseCsv(text: string, opts: { delimiter?: string; maxFieldChars?: number } = {}): Generator<CsvRow> { void text; void opts; throw new Error('not implemented'); }
