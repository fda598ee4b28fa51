/**
 * A bounded memo for pure functions of a piece of text (a sentence, a headline): the same text gives the same
 * answer, so a repeated one (a headline shared by several events, a wire paragraph quoted by several reports, a
 * document whose dates the event resolvers ask for again) is not scanned again. Texts longer than `maxChars` are not
 * kept, and the oldest entries go first once the kept texts add up to more than `maxTotalChars` characters (about
 * 2 bytes each, plus the answers, which are small), so memory stays bounded. Callers store and hand out copies, with
 * the texts they keep passed through own().
 */
export class TextMemo<V> {
  private readonly map = new Map<string, V>();
  private total = 0;

  constructor(
    private readonly maxChars = 2000,
    private readonly maxTotalChars = 30_000,
  ) {}

  get(key: string): V | undefined {
    return key.length > this.maxChars ? undefined : this.map.get(key);
  }

  set(key: string, value: V): void {
    if (key.length > this.maxChars || this.map.has(key)) return;
    while (this.total + key.length > this.maxTotalChars && this.map.size) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.total -= oldest.length;
    }
    this.map.set(own(key), value);
    this.total += key.length;
  }
}

/**
 * A string that owns its characters. A slice or a regular-expression match of a document's text may point into the
 * whole document, and keeping it in a memo would keep the document alive with it.
 */
export function own(s: string): string {
  return (' ' + s).slice(1);
}
