import { describe, expect, it } from 'vitest';
import { PhraseMatcher, nounForms, tokenize, verbForms } from './phrase-matcher.js';

describe('phrase matcher', () => {
  it('expands regular verb and noun forms', () => {
    expect(verbForms('kidnap')).toEqual(expect.arrayContaining(['kidnaps', 'kidnapped', 'kidnapping']));
    expect(verbForms('rally')).toEqual(expect.arrayContaining(['rallies', 'rallied', 'rallying']));
    expect(verbForms('demonstrate')).toEqual(expect.arrayContaining(['demonstrated', 'demonstrating']));
    expect(nounForms('militia')).toEqual(['militia', 'militias']);
  });

  it('matches alternatives, hyphen-split tokens and gaps', () => {
    const m = new PhraseMatcher<string>();
    m.add('air strike~n', 'air');
    m.add('shot|shoot down', 'down');
    m.add('opened fire _3 protester~n', 'fire');
    const text = 'Air-strikes hit the town after a jet was shot down; police opened fire on the protesters.';
    const ids = m.match(tokenize(text)).map((x) => `${x.entry}:${text.slice(x.start, x.end)}`);
    expect(ids).toEqual(['air:Air-strikes', 'down:shot down', 'fire:opened fire on the protesters']);
  });

  it('does not match inside a longer word', () => {
    const m = new PhraseMatcher<string>();
    m.add('raid', 'raid');
    expect(m.match(tokenize('The braided rope'))).toHaveLength(0);
  });
});
