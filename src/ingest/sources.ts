import type { IngestSource, SourceKind } from './types.js';
export function classifySource(name: string, extra?: Record<string, SourceKind>): SourceKind { void name; void extra; throw new Error('not implemented'); }
export function sourceFromUrl(url: string, extra?: Record<string, SourceKind>): IngestSource { void url; void extra; throw new Error('not implemented'); }
