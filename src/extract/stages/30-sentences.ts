import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const sentencesStage: Stage = {
  name: '30-sentences',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
