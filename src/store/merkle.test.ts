import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { merkleRoot } from './merkle.js';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (hex: string) => sha(Buffer.from([0]), Buffer.from(hex, 'hex'));
const node = (a: Buffer, b: Buffer) => sha(Buffer.from([1]), a, b);
/** RFC 6962's recursive definition, as the reference for the bottom-up implementation. */
function mth(xs: string[]): Buffer {
  if (xs.length === 1) return leaf(xs[0]);
  let k = 1;
  while (k * 2 < xs.length) k *= 2;
  return node(mth(xs.slice(0, k)), mth(xs.slice(k)));
}

describe('merkleRoot', () => {
  it('equals RFC 6962 Merkle tree hash for 1 to 40 leaves and changes when any leaf changes, is removed or moved', () => {
    const leaves = Array.from({ length: 40 }, (_, i) => createHash('sha256').update(`original ${i}`).digest('hex'));
    for (let n = 1; n <= 40; n++) expect(merkleRoot(leaves.slice(0, n))).toBe(mth(leaves.slice(0, n)).toString('hex'));
    const root = merkleRoot(leaves);
    expect(merkleRoot([...leaves.slice(0, 7), leaves[8], ...leaves.slice(8)])).not.toBe(root);
    expect(merkleRoot(leaves.slice(1))).not.toBe(root);
    expect(merkleRoot([leaves[1], leaves[0], ...leaves.slice(2)])).not.toBe(root);
  });
});
