/**
 * Roles on news prose (issue 14): sources are not parties. Sentences written for the project.
 */
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../pipeline.js';

function actorsOf(text: string): string[] {
  const r = extractDocument({ id: 't', source: text, language: 'en', published: '2024-11-11' });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.doc.events.length).toBeGreaterThan(0);
  return r.doc.events[0]!.actors.map((a) => `${a.role}:${a.name}`);
}

describe('reporters are not perpetrators', () => {
  it.each([
    ['Russian forces shelled the village of Novoselivka overnight, killing two civilians, the Ukrainian army said.', 'Military Forces of Ukraine'],
    ['The Ukrainian Air Force reported that Russian jets bombed the town of Vovchansk on Monday.', 'Military Forces of Ukraine'],
    ['According to the Ukrainian army, Russian troops attacked the village of Synkivka at dawn.', 'Military Forces of Ukraine'],
  ])('%s', (text, reporter) => {
    const actors = actorsOf(text);
    expect(actors[0]).toBe('perpetrator:Military Forces of Russia');
    expect(actors.some((a) => a.endsWith(`:${reporter}`))).toBe(false);
  });

  it('keeps a source that speaks of its own strike as its author', () => {
    const actors = actorsOf('The Russian army said its forces had struck a Ukrainian command post near Kupiansk on Sunday.');
    expect(actors[0]).toBe('perpetrator:Military Forces of Russia');
  });
});
