import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The package version, recorded in every event's `extractor` and in provenance records. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
export const EXTRACTOR = { name: 'vigil' as const, version: VERSION };
