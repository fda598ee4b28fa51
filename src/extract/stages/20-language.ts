import type { Stage } from '../stage.js';

// Placeholder until this stage is built: passes the document through unchanged.
export const languageStage: Stage = {
  name: '20-language',
  reads: [],
  adds: [],
  run: (doc) => doc,
};
