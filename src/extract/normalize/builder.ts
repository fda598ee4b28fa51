/**
 * A text builder that remembers, for every character it emits, the source index it came from.
 * Normalizers append pieces of the source (or replacements for them) and get back the text and
 * the offset map that becomes Doc.sourceMap (text index -> source index).
 */
export class MappedText {
  private parts: string[] = [];
  private map: number[] = [];
  private len = 0;

  /** Append `s`, every character mapped to `srcIndex + i` (a verbatim copy of the source). */
  copy(s: string, srcIndex: number): void {
    if (!s) return;
    this.parts.push(s);
    for (let i = 0; i < s.length; i++) this.map.push(srcIndex + i);
    this.len += s.length;
  }

  /** Append a replacement `s` (entity, inserted newline): every character maps to `srcIndex`. */
  put(s: string, srcIndex: number): void {
    if (!s) return;
    this.parts.push(s);
    for (let i = 0; i < s.length; i++) this.map.push(srcIndex);
    this.len += s.length;
  }

  get length(): number {
    return this.len;
  }

  /** The last emitted characters (to avoid stacking blank lines). */
  tail(n: number): string {
    let out = '';
    for (let i = this.parts.length - 1; i >= 0 && out.length < n; i--) out = this.parts[i] + out;
    return out.slice(-n);
  }

  finish(): { text: string; map: Int32Array } {
    return { text: this.parts.join(''), map: Int32Array.from(this.map) };
  }
}

/** Compose two maps: a: text1 -> source, b: text2 -> text1. Result: text2 -> source. */
export function composeMaps(a: Int32Array | undefined, b: Int32Array | undefined): Int32Array | undefined {
  if (!b) return a;
  if (!a) return b;
  const out = new Int32Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = a[Math.min(b[i], a.length - 1)] ?? b[i];
  return out;
}

export function isIdentity(map: Int32Array, sourceLength: number): boolean {
  if (map.length !== sourceLength) return false;
  for (let i = 0; i < map.length; i++) if (map[i] !== i) return false;
  return true;
}
