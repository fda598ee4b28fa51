/**
 * Accounts: password hashing (scrypt), random secrets, role order, and a per-client rate limiter.
 * Secrets given to clients (session ids, API tokens) are stored only as SHA-256 hashes, so a copy of
 * the database does not let anyone log in.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export type Role = 'viewer' | 'analyst' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'analyst', 'admin'];

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

export interface AuthUser {
  id: string;
  name: string;
  role: Role;
}

export interface AuthContext {
  user: AuthUser;
  via: 'session' | 'token';
  /** Hash of the session id (session auth only): used to log out. */
  sessionHash?: string;
}

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export interface HashOptions {
  /** CPU/memory cost (power of two). 2^15 = 32 MiB and ~0.1 s per hash on one core. */
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_HASH: HashOptions = { N: 1 << 15, r: 8, p: 1 };
/** Longest password accepted: scrypt cost grows with length only a little, but every size has a limit. */
export const MAX_PASSWORD_CHARS = 1024;

/** "scrypt$N$r$p$salt$hash" (base64url): self-describing so the cost can be raised later. */
export async function hashPassword(password: string, opts: HashOptions = DEFAULT_HASH): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, { ...opts, maxmem: 256 * opts.N * opts.r + 1024 * 1024 });
  return ['scrypt', opts.N, opts.r, opts.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 1 << 20) return false;
  const salt = Buffer.from(parts[4], 'base64url');
  const want = Buffer.from(parts[5], 'base64url');
  if (want.length < 16) return false;
  const got = await scrypt(password, salt, want.length, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  return timingSafeEqual(got, want);
}

/** A hash to verify against when the user does not exist, so timing does not reveal user names. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + randomBytes(8).toString('hex'));
  return dummyHash;
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Constant-time string comparison (lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ba.length !== bb.length) {
    timingSafeEqual(ba, ba);
    return false;
  }
  return timingSafeEqual(ba, bb);
}

/** API tokens look like "vgl_<random>" so they are recognisable in logs and secret scanners. */
export const TOKEN_PREFIX = 'vgl_';
export function newApiToken(): string {
  return TOKEN_PREFIX + randomSecret(32);
}

/**
 * Fixed-window counter per key (client IP). Memory is bounded: at most `maxKeys` keys are kept; when full,
 * expired windows are swept, and if still full the oldest key is dropped.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly opts: { limit: number; windowMs: number; maxKeys?: number; now?: () => number },
  ) {}

  /** Count one attempt; true if it is within the limit. */
  take(key: string): boolean {
    const now = (this.opts.now ?? Date.now)();
    let h = this.hits.get(key);
    if (!h || now - h.start >= this.opts.windowMs) {
      if (!h && this.hits.size >= (this.opts.maxKeys ?? 100_000)) this.sweep(now);
      h = { start: now, count: 0 };
      this.hits.delete(key);
      this.hits.set(key, h);
    }
    h.count += 1;
    return h.count <= this.opts.limit;
  }

  /** Seconds until `key` may try again. */
  retryAfterSeconds(key: string): number {
    const h = this.hits.get(key);
    if (!h) return 0;
    const now = (this.opts.now ?? Date.now)();
    return Math.max(1, Math.ceil((h.start + this.opts.windowMs - now) / 1000));
  }

  private sweep(now: number): void {
    for (const [k, h] of this.hits) if (now - h.start >= this.opts.windowMs) this.hits.delete(k);
    if (this.hits.size >= (this.opts.maxKeys ?? 100_000)) {
      const oldest = this.hits.keys().next().value;
      if (oldest !== undefined) this.hits.delete(oldest);
    }
  }
}
