import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const actorsStage: Stage = {
  name: '41-actors',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
