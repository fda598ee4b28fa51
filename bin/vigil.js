#!/usr/bin/env node
// Runs the compiled CLI (`npm run build` writes dist/). During development: `npx tsx src/cli/main.ts`.
import '../dist/cli/main.js';
