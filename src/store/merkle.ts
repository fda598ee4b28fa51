/**
 * A Merkle tree hash over SHA-256 leaves, as RFC 6962 (Certificate Transparency) defines it: leaf = SHA-256(0x00 ||
 * leaf bytes), node = SHA-256(0x01 || left || right), a tree of n leaves split at the largest power of two below n.
 * `vigil verify --digest` writes one root per capture day over the originals' SHA-256s, so that a digest file can be
 * timestamped outside Vigil (OpenTimestamps, an RFC 3161 authority, a public post) and any later change to an original
 * of that day, or a removed or added one, changes the day's root.
 */
import { createHash } from 'node:crypto';

const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** The Merkle tree hash (hex) of hex SHA-256 leaves in the given order; the hash of nothing for no leaf. */
export function merkleRoot(leavesHex: readonly string[]): string {
  if (leavesHex.length === 0) return createHash('sha256').digest('hex');
  let level: Buffer[] = leavesHex.map((x) => h(LEAF, Buffer.from(x, 'hex')));
  // Bottom-up with the last odd node promoted unchanged: the same root as RFC 6962's recursive split.
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(h(NODE, level[i], level[i + 1]));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0].toString('hex');
}
