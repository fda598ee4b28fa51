export interface TelegramMessage { id: number | string; date: string | null; text: string; raw: string }
export function telegramText(text: unknown): string { void text; throw new Error('not implemented'); }
export function parseTelegramExport(json: string, opts: { maxItems?: number } = {}): { channel: string | null; messages: TelegramMessage[] } { void json; void opts; throw new Error('not implemented'); }
