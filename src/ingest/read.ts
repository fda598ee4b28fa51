import type { IngestItem, ReadSourcesOptions } from './types.js';
export async function* readSources(inputs: string[], opts: ReadSourcesOptions = {}): AsyncIterable<IngestItem> {
  void inputs; void opts;
  throw new Error('not implemented');
}
