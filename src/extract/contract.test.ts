import { describe, expect, it } from 'vitest';
import { analyzeStages, assertPipeline } from './contract.js';
import { extractDocument } from './pipeline.js';
import { STAGES } from './stages/index.js';
import type { Stage } from './stage.js';

const noop = (name: string, reads: Stage['reads'], adds: Stage['adds'], run: Stage['run'] = (d) => d): Stage => ({ name, reads, adds, run });

describe('stage contracts', () => {
  it('the shipped pipeline reads only what the input or an earlier stage adds', () => {
    const analysis = analyzeStages(STAGES);
    expect(analysis.stages.filter((s) => s.missing.length > 0)).toEqual([]);
    expect(analysis.provided).toContain('events');
  });

  it('a stage that reads what no earlier stage adds fails when the pipeline is built, naming stage and field', () => {
    const early = [noop('05-early', ['events'], ['warnings']), ...STAGES];
    expect(() => assertPipeline(early)).toThrow(/05-early reads events/);
    expect(() => extractDocument({ id: 'x', source: 'Shelling hit the town.' }, { stages: early })).toThrow(/VIGIL_ERR_PIPELINE_CONTRACT|05-early/);
  });

  it('moving a stage before the one it depends on is caught', () => {
    const swapped = [...STAGES];
    const places = swapped.findIndex((s) => s.name.startsWith('46'));
    const [moved] = swapped.splice(places, 1);
    swapped.splice(1, 0, moved!);
    expect(analyzeStages(swapped).ok).toBe(false);
  });

  it('a stage that changes a field it does not declare fails its document when contracts are checked', () => {
    const sneaky = noop('99-sneaky', ['text'], ['warnings'], (d) => ({ ...d, places: [] }));
    const r = extractDocument({ id: 'x', source: 'Shelling hit the town.' }, { stages: [...STAGES, sneaky], checkContracts: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/99-sneaky changed places/);
    // Without the check the same pipeline runs (the check is for tests and development).
    expect(extractDocument({ id: 'x', source: 'Shelling hit the town.' }, { stages: [...STAGES, sneaky], checkContracts: false }).ok).toBe(true);
  });

  it('every shipped stage keeps its contract on English, Arabic, Russian and HTML input', () => {
    const inputs = [
      { id: 'en', source: 'Russian aircraft struck a market in Saraqib on 4 February 2016, killing 7 civilians, activists said.' },
      { id: 'ar', source: 'قصف الطيران الحربي الروسي بلدة سراقب أمس ما أدى إلى مقتل ثلاثة مدنيين.', published: '2016-02-05' },
      { id: 'ru', source: 'В результате обстрела села погибли два человека, сообщили местные власти.' },
      { id: 'html', source: '<html><body><h1>Strike</h1><p>Two people were killed in a drone strike near Idlib.</p></body></html>', mediaType: 'text/html' as const },
    ];
    for (const input of inputs) {
      const r = extractDocument(input, { checkContracts: true });
      expect(r.ok ? null : r.error.message).toBeNull();
    }
  });
});
