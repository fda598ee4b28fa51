import { describe, expect, it } from 'vitest';
import { ERRORS, VigilError, toVigilError } from './catalogue.js';

describe('error catalogue', () => {
  it('gives every code a message that says what to do and an HTTP status', () => {
    for (const [code, entry] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^VIGIL_ERR_[A-Z0-9_]+$/);
      expect(entry.message.length).toBeGreaterThan(20);
      expect(entry.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('keeps the code and appends the detail to the catalogue message', () => {
    const e = new VigilError('VIGIL_ERR_TOO_LARGE', '9 bytes > 8');
    expect(e.code).toBe('VIGIL_ERR_TOO_LARGE');
    expect(e.status).toBe(413);
    expect(e.message).toContain('9 bytes > 8');
    expect(e.toJSON().code).toBe('VIGIL_ERR_TOO_LARGE');
  });

  it('wraps unknown errors as internal errors', () => {
    expect(toVigilError(new Error('boom')).code).toBe('VIGIL_ERR_INTERNAL');
  });
});
