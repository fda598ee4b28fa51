import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const placesStage: Stage = {
  name: '46-places',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
