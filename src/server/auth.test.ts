import { describe, expect, it } from 'vitest';
import { hashPassword, newApiToken, RateLimiter, roleAtLeast, safeEqual, verifyPassword } from './auth.js';

const FAST = { N: 1 << 10, r: 8, p: 1 };

describe('passwords', () => {
  it('verifies the right password, refuses a wrong one, salts every hash', async () => {
    const a = await hashPassword('correct horse battery', FAST);
    const b = await hashPassword('correct horse battery', FAST);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  });
  it('refuses malformed or absurd stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99999999$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAA')).toBe(false);
  });
});

describe('roles and secrets', () => {
  it('orders roles viewer < analyst < admin', () => {
    expect(roleAtLeast('admin', 'analyst')).toBe(true);
    expect(roleAtLeast('analyst', 'analyst')).toBe(true);
    expect(roleAtLeast('viewer', 'analyst')).toBe(false);
  });
  it('makes distinct prefixed tokens and compares in constant time', () => {
    const t = newApiToken();
    expect(t).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    expect(newApiToken()).not.toBe(t);
    expect(safeEqual(t, t)).toBe(true);
    expect(safeEqual(t, t.slice(0, -1))).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('allows `limit` attempts per window and key, then refuses until the window passes', () => {
    let now = 0;
    const rl = new RateLimiter({ limit: 2, windowMs: 60_000, now: () => now });
    expect(rl.take('a')).toBe(true);
    expect(rl.take('a')).toBe(true);
    expect(rl.take('a')).toBe(false);
    expect(rl.take('b')).toBe(true);
    expect(rl.retryAfterSeconds('a')).toBe(60);
    now = 60_000;
    expect(rl.take('a')).toBe(true);
  });
  it('keeps memory bounded', () => {
    const rl = new RateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100, now: () => 0 });
    for (let i = 0; i < 1000; i++) rl.take(`ip${i}`);
    expect((rl as unknown as { hits: Map<string, unknown> }).hits.size).toBeLessThanOrEqual(100);
  });
});
