/**
 * 46-places: the geoparser (src/geo) over the analysis text. Fills doc.places with recognized, resolved
 * toponyms. Actor mentions (41-actors) mark place names inside organization names as embedded
 * ("Free Syrian Army", "Idlib Military Council"), so event location skips them.
 */
import type { Stage } from '../stage.js';
import { mentionsOf } from '../../model/document.js';
import { geoparse } from '../../geo/geoparse.js';

export const placesStage: Stage = {
  name: '46-places',
  reads: ['text', 'mentions:actor'],
  adds: ['places'],
  run(doc) {
    // Actor mentions that are just a country adjective ("Syrian", "Russian") are not organization names.
    const actors = mentionsOf(doc, 'actor');
    const actorSpans = actors.filter((a) => /\s/.test(a.text.trim())).map((a) => ({ start: a.start, end: a.end }));
    // Every actor name, one word too ("Al-Shabaab"): a name only hamlets share is the actor (recognize.ts).
    const actorNames = actors.map((a) => ({ start: a.start, end: a.end }));
    doc.places = geoparse(doc.text, { actorSpans, actorNames });
    return doc;
  },
};
