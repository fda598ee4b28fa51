import type { FetchOptions, FetchResult } from './types.js';
export async function fetchUrl(url: string, opts: FetchOptions): Promise<FetchResult> {
  void url; void opts;
  throw new Error('not implemented');
}
