import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const triggersStage: Stage = {
  name: '40-triggers',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
