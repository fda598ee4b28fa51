import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const normalizeStage: Stage = {
  name: '10-normalize',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
