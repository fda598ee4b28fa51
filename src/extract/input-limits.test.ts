import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/schema.js';
import { readDocuments, type InputItem } from './input.js';

describe('readDocuments limits', () => {
  it('reports a file over limits.maxFileBytes as a failed item naming the setting (exit 1, not a fatal error)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-limits-'));
    try {
      const file = path.join(dir, 'big.txt');
      writeFileSync(file, 'Gunmen attacked a checkpoint. '.repeat(100));
      const config = loadConfig({ VIGIL_MAX_FILE_BYTES: '1000' });
      const items: InputItem[] = [];
      for await (const it of readDocuments(file, { config })) items.push(it);
      expect(items).toHaveLength(1);
      expect(items[0].ok).toBe(false);
      const err = !items[0].ok ? items[0].error : null;
      expect(err?.code).toBe('VIGIL_ERR_TOO_LARGE');
      expect(err?.message).toContain('limits.maxFileBytes');
      expect(err?.message).toContain('VIGIL_MAX_FILE_BYTES');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
