import { describe, expect, it } from 'vitest';
import { francAll } from 'franc';
import { francRanked } from './trigrams.js';

const LATIN = ['eng', 'fra', 'spa', 'por', 'deu', 'ita', 'nld', 'tur', 'ind', 'swh', 'som', 'hau', 'pol', 'ron'];
const CYRILLIC = ['rus', 'ukr', 'bel'];
const ARABIC = ['arb', 'pes', 'urd'];

// own sentences in several scripts, plus edge cases (too short, digits only, another script, ties, long text)
const SAMPLES = [
  'Militia fighters shelled the market town at dawn, wounding four farmers and a teacher.',
  'Des manifestants se sont rassemblés devant la mairie pour réclamer la libération des détenus.',
  'Los vecinos denunciaron que hombres armados quemaron tres viviendas durante la noche.',
  'Unbekannte haben in der Nacht zwei Fahrzeuge der Polizei in Brand gesetzt.',
  'Жители сообщили об обстреле окраины города в ночь на вторник.',
  'قال سكان إن قذائف سقطت على السوق المركزي صباح اليوم.',
  'افراد مسلح به یک پاسگاه مرزی حمله کردند و دو نفر زخمی شدند.',
  'short text',
  '12 345 678 901 234 567 890',
  '東京で抗議行動が行われ、数百人が参加した。東京で抗議行動が行われた。',
  'Ωραία ημέρα σήμερα στην πόλη μας και στα χωριά γύρω.',
  'aaa aaa aaa aaa aaa aaa aaa aaa',
  '!!! ??? ... ,,, ;;; ::: @@@ ### $$$',
  'On 3 May, clashes — between "two groups" (armed) — left 2 dead; others fled.\n\nMore\tlater.',
  'The convoy was ambushed near the bridge. '.repeat(80),
  // surrogate pairs (emoji, mathematical letters) take franc's own counting path
  'Residents posted 📷 photos of the 🔥 fire at the depot 𝐀𝐁𝐂 late on Sunday evening.',
  // Kelvin sign and long s lower-case differently from their look-alikes
  'The \u212Aurdish fighters and the \u017Fecurity forces exchanged fire overnight.',
];

describe('francRanked', () => {
  it('gives exactly franc\'s francAll ranking and scores', () => {
    for (const text of SAMPLES) {
      for (const only of [LATIN, CYRILLIC, ARABIC, []]) {
        expect(francRanked(text, only, 20)).toEqual(francAll(text, { only, minLength: 20 }));
      }
    }
  });
});
