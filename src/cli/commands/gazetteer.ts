/**
 * vigil gazetteer import FILE [--name N] [--dir D]   add a GeoNames dump or a CSV of local names
 * vigil gazetteer lookup NAME... [--format json]      what the gazetteer holds under a name (exact and transliteration keys)
 * vigil gazetteer info                                 sizes, load time, user gazetteers
 */
import type { Command } from 'commander';
import { importGazetteer } from '../../geo/import.js';
import { getGazetteer, userGazetteerDir } from '../../geo/gazetteer.js';
import { foldKey, skeletonKey } from '../../geo/normalize.js';
import { geoparse } from '../../geo/geoparse.js';
import { EXPLANATIONS } from '../../geo/resolve.js';
import { importance } from '../../geo/gazetteer-file.js';
import { isVigilError, toVigilError } from '../../errors/catalogue.js';

function fail(e: unknown): void {
  const err = toVigilError(e);
  process.stderr.write(`vigil: ${err.code}: ${err.message}\n`);
  process.exitCode = isVigilError(e) && err.status < 500 ? 2 : 1;
}

export function register(program: Command): void {
  const g = program.command('gazetteer').description('the offline gazetteer: import local names, look names up');
  g.command('import')
    .argument('<file>', 'GeoNames dump (SY.txt, allCountries.txt: 19 tab-separated columns) or CSV with name,lat,lon[,country,admin1,kind,alternate_names]')
    .option('--name <name>', 'name of the stored user gazetteer (default: the file name)')
    .option('--dir <dir>', `user gazetteer folder (default: config userGazetteerDir / VIGIL_GAZETTEER_DIR, now ${userGazetteerDir()})`)
    .description('add places to the user gazetteer; later lookups (places, extract, eval) use them')
    .action(async (file: string, opts: { name?: string; dir?: string }) => {
      try {
        const r = await importGazetteer(file, { name: opts.name, dir: opts.dir });
        process.stdout.write(`imported ${r.rows} place(s) from ${file} (${r.format}${r.skipped ? `, ${r.skipped} line(s) skipped: no name or bad coordinates` : ''}) into ${r.file}\n`);
      } catch (e) {
        fail(e);
      }
    });
  g.command('lookup')
    .argument('<names...>', 'place names to look up')
    .option('--format <f>', 'table or json', 'table')
    .description('list the gazetteer entries for names (exact, adjective and transliteration keys), and how the name read as a text resolves: candidates with scores and what chose the winner')
    .action((names: string[], opts: { format: string }) => {
      const gz = getGazetteer();
      const out = names.map((n) => {
        const k = foldKey(n);
        const hits = [
          ...gz.lookup(k).map((h) => ({ h, via: 'exact' })),
          ...gz.lookup(`@${k}`).map((h) => ({ h, via: 'adjective' })),
          ...gz.lookup(`~${skeletonKey(k)}`).map((h) => ({ h, via: 'transliteration' })),
        ];
        const seen = new Set<string>();
        // The name read as a text ("Pervomayske, Donetsk"): how resolution ranks the candidates, and why.
        const resolved = geoparse(n, { gazetteer: gz, explain: true }).map((t) => ({
          text: t.text, precision: t.precision, why: EXPLANATIONS.get(t)?.why ?? [],
          candidates: (EXPLANATIONS.get(t)?.candidates ?? []).map((c) => ({ name: c.name, country: c.country, admin1: c.admin1, featureCode: c.featureCode, id: c.id, score: c.score })),
        }));
        return {
          name: n,
          resolved,
          // Exact names first, then by importance (volumes list their own places first: a village abroad must not
          // hide the city of that name from the first 20 lines).
          entries: hits.filter(({ h }) => !seen.has(h.place.id) && seen.add(h.place.id))
            .map((x, i) => ({ ...x, i, rank: ['exact', 'adjective', 'transliteration'].indexOf(x.via) }))
            .sort((a, b) => a.rank - b.rank || importance(b.h.place) - importance(a.h.place) || a.i - b.i).slice(0, 20).map(({ h, via }) => ({
            via, id: h.place.id, name: h.place.name, lat: h.place.lat, lon: h.place.lon, country: h.place.cc,
            admin1: h.place.a1name, featureCode: h.place.fcode, population: h.place.pop, source: h.place.source,
          })),
        };
      });
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      for (const o of out) {
        process.stdout.write(`${o.name}: ${o.entries.length ? '' : 'not in the gazetteer'}\n`);
        for (const e of o.entries) {
          process.stdout.write(`  ${e.via.padEnd(15)} ${e.name} (${e.lat.toFixed(3)}, ${e.lon.toFixed(3)}) ${e.country} ${e.admin1} ${e.featureCode} pop ${e.population} [${e.id}, ${e.source}]\n`);
        }
        for (const r of o.resolved) {
          process.stdout.write(`  resolved "${r.text}" (${r.precision}):\n${r.why.map((w) => `    ${w}\n`).join('')}`);
          process.stdout.write(`    candidates: ${r.candidates.map((c) => `${c.name} ${c.country} ${c.admin1 ?? ''} ${c.featureCode} [${c.id}] ${c.score}`).join('; ')}\n`);
        }
      }
    });
  g.command('info')
    .description('gazetteer size, memory and load time')
    .action(() => {
      const gz = getGazetteer();
      process.stdout.write(`${gz.size} places in ${gz.volumes.length} volume(s) (${gz.volumes.map((v) => `${v.source}: ${v.size}`).join(', ')}); ` +
        `${(gz.bytes / 1e6).toFixed(1)} MB in memory; loaded in ${gz.loadMs.toFixed(0)} ms; user folder ${userGazetteerDir()}\n`);
    });
}
