/**
 * Where the package's files are. JSON data (language packs, lexicons, coding rules) ships under src/ beside the code
 * that applies it and is read from there both when the code runs from src/ (tsx) and from dist/ (after `tsc`, which
 * compiles code only), so every module finds its data through `sourceDataPath`, not a path fix of its own.
 */
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository / package root (this file is src/data-path.ts or dist/data-path.js). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(PACKAGE_ROOT, 'dist');
const SRC = join(PACKAGE_ROOT, 'src');

/**
 * The path of a data file named relative to a module, under src/ even when the module runs from dist/.
 *   sourceDataPath(import.meta.url, './rules.json')  ->  <root>/src/extract/classify/rules.json
 */
export function sourceDataPath(moduleUrl: string, file: string): string {
  const path = fileURLToPath(new URL(file, moduleUrl));
  if (path === DIST || path.startsWith(DIST + sep)) return join(SRC, relative(DIST, path));
  return path;
}
