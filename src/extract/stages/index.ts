/** The extraction pipeline, in order. The number in each file name is its position. */
import type { Stage } from '../stage.js';
import { assertPipeline } from '../contract.js';
import { normalizeStage } from './10-normalize.js';
import { languageStage } from './20-language.js';
import { sentencesStage } from './30-sentences.js';
import { triggersStage } from './40-triggers.js';
import { actorsStage } from './41-actors.js';
import { weaponsStage } from './42-weapons.js';
import { numbersStage } from './43-numbers.js';
import { datesStage } from './44-dates.js';
import { attributionStage } from './45-attribution.js';
import { placesStage } from './46-places.js';
import { relevanceStage } from './48-relevance.js';
import { assembleStage } from './50-assemble.js';
import { codeStage } from './60-code.js';

export const STAGES: readonly Stage[] = [
  normalizeStage,
  languageStage,
  sentencesStage,
  triggersStage,
  actorsStage,
  weaponsStage,
  numbersStage,
  datesStage,
  attributionStage,
  placesStage,
  relevanceStage,
  assembleStage,
  codeStage,
];

// Checked when the module loads: a stage that reads what no earlier stage adds stops Vigil at start-up.
assertPipeline(STAGES);
