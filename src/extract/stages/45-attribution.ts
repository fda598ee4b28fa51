import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const attributionStage: Stage = {
  name: '45-attribution',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
