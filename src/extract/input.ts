/** Input guards run before any stage: size, emptiness, binary content. */
import type { SourceDocument } from '../model/document.js';
import type { VigilConfig } from '../config/schema.js';
import { VigilError } from '../errors/catalogue.js';

export function checkInput(input: SourceDocument, config: VigilConfig): void {
  const bytes = Buffer.byteLength(input.source, 'utf8');
  if (bytes > config.limits.maxDocumentBytes) {
    throw new VigilError('VIGIL_ERR_TOO_LARGE', `${bytes} bytes > ${config.limits.maxDocumentBytes}`);
  }
  if (input.source.trim() === '') throw new VigilError('VIGIL_ERR_EMPTY_INPUT');
  // NUL or a high share of C0 control characters means this is not text.
  // eslint-disable-next-line no-control-regex
  const controls = input.source.match(/[\u0000-\u0008\u000E-\u001F]/g)?.length ?? 0;
  if (input.source.includes('\u0000') || controls > input.source.length * 0.01) {
    throw new VigilError('VIGIL_ERR_BINARY_INPUT');
  }
}
