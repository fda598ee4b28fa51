import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const weaponsStage: Stage = {
  name: '42-weapons',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
