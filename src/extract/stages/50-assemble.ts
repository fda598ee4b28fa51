import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const assembleStage: Stage = {
  name: '50-assemble',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
