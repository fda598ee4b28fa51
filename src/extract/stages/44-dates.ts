import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const datesStage: Stage = {
  name: '44-dates',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
