import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGazetteer, splitCsv } from './import.js';
import { loadGazetteer } from './gazetteer.js';
import { geoparse } from './geoparse.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'vigil-gaz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil gazetteer import', () => {
  it('imports a CSV of local names, skipping rows without coordinates', async () => {
    const r = await importGazetteer(join(fixtures, 'local-names.csv'), { dir });
    expect(r.format).toBe('csv');
    expect(r.rows).toBe(3);
    expect(r.skipped).toBe(1);
  });
  it('imports a GeoNames dump with admin1 names from the built-in tables', async () => {
    const r = await importGazetteer(join(fixtures, 'geonames-sample.txt'), { dir });
    expect(r.format).toBe('geonames');
    expect(r.rows).toBe(2);
  });
  it('makes later lookups find the imported names, alternate names and scripts', () => {
    const gz = loadGazetteer({ userDir: dir });
    const t = geoparse('Shelling hit Tell Vigilia and Karyat Testiya overnight; تل فيجيليا was hit again.', { gazetteer: gz });
    const vig = t.find((x) => x.text === 'Tell Vigilia')!;
    expect(vig.resolved!.id).toMatch(/^local:/);
    expect(vig.resolved!.lat).toBeCloseTo(35.7012, 3);
    expect(vig.resolved!.admin1).toBe('Idlib');
    const q = t.find((x) => x.text === 'Karyat Testiya')!;
    expect(q.resolved!.id).toBe('99000001');
    expect(q.resolved!.admin1).toMatch(/Raqqah/);
    expect(t.some((x) => x.text === 'تل فيجيليا' && x.resolved?.id.startsWith('local:'))).toBe(true);
  });
  it('rejects a file that is neither format', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'title,body\nx,y\n');
    await expect(importGazetteer(bad, { dir })).rejects.toMatchObject({ code: 'VIGIL_ERR_BAD_GAZETTEER_FILE' });
    await expect(importGazetteer(join(dir, 'missing.csv'), { dir })).rejects.toMatchObject({ code: 'VIGIL_ERR_FILE_NOT_FOUND' });
  });
  it('splits quoted CSV fields', () => {
    expect(splitCsv('"a, b",1,"say ""hi"""')).toEqual(['a, b', '1', 'say "hi"']);
  });
});
