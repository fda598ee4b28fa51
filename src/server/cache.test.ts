import { describe, expect, it } from 'vitest';
import { ResponseCache } from './cache.js';

describe('ResponseCache', () => {
  it('serves entries until the TTL, then misses', () => {
    const c = new ResponseCache({ ttlMs: 1000, maxEntries: 10, maxBytes: 1000 });
    c.set('/a', '{"x":1}', 0);
    expect(c.get('/a', 999)).toBe('{"x":1}');
    expect(c.get('/a', 1001)).toBeUndefined();
  });
  it('evicts the oldest entries past the entry and byte limits, and clears', () => {
    const c = new ResponseCache({ ttlMs: 10_000, maxEntries: 2, maxBytes: 100 });
    c.set('/a', 'a', 0);
    c.set('/b', 'b', 0);
    c.set('/c', 'c', 0);
    expect(c.get('/a', 1)).toBeUndefined();
    expect(c.get('/c', 1)).toBe('c');
    c.set('/big', 'x'.repeat(24), 0);
    c.set('/big2', 'y'.repeat(24), 0);
    c.clear();
    expect(c.get('/big2', 1)).toBeUndefined();
  });
  it('caches nothing with a zero TTL', () => {
    const c = new ResponseCache({ ttlMs: 0, maxEntries: 10, maxBytes: 1000 });
    c.set('/a', 'a', 0);
    expect(c.get('/a', 0)).toBeUndefined();
  });
});
