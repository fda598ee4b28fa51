import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const numbersStage: Stage = {
  name: '43-numbers',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
