export interface FeedItem { title: string | null; link: string | null; text: string; html: boolean; published: string | null; id: string | null; author: string | null; point: { lat: number; lon: number } | null; raw: string }
export interface ParsedFeed { title: string | null; link: string | null; items: FeedItem[] }
export function looksLikeFeed(text: string): boolean { void text; throw new Error('not implemented'); }
export function parseFeed(xml: string, opts: { maxItems?: number } = {}): ParsedFeed { void xml; void opts; throw new Error('not implemented'); }
