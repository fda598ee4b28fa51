import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const codeStage: Stage = {
  name: '60-code',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
