import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT, sourceDataPath } from './data-path.js';

describe('sourceDataPath', () => {
  it('reads data beside a module under src/', () => {
    const url = pathToFileURL(join(PACKAGE_ROOT, 'src', 'lexicons', 'index.ts')).href;
    expect(sourceDataPath(url, './actors.json')).toBe(join(PACKAGE_ROOT, 'src', 'lexicons', 'actors.json'));
    expect(existsSync(sourceDataPath(url, './actors.json'))).toBe(true);
  });
  it('maps a module compiled into dist/ to the data under src/', () => {
    const url = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'extract', 'lang', 'index.js')).href;
    expect(sourceDataPath(url, './en/triggers.json')).toBe(join(PACKAGE_ROOT, 'src', 'extract', 'lang', 'en', 'triggers.json'));
  });
  it('leaves paths outside the package dist/ alone, even when they contain a folder named dist', () => {
    const url = pathToFileURL('/opt/dist/app/module.js').href;
    expect(sourceDataPath(url, './x.json')).toBe('/opt/dist/app/x.json');
  });
});
