/**
 * Reading evaluation files in the shape ../shared/eval/FORMAT.md describes: one JSON document per line.
 * A malformed line is reported with VIGIL_ERR_BAD_GOLD and skipped; the rest of the file is still scored.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { VigilError } from '../errors/catalogue.js';

const location = z.object({
  name: z.string().optional(),
  admin1: z.string().nullish(),
  country: z.string().nullish(),
  lat: z.number().nullish(),
  lon: z.number().nullish(),
  precision: z.number().nullish(),
  within_km: z.number().nullish(),
}).passthrough();

export const goldEventSchema = z.object({
  event_type: z.string().optional(),
  sub_event_type: z.string().optional(),
  kind: z.string().optional(),
  date: z.string().optional(),
  location: location.optional(),
  fatalities: z.number().optional(),
  civilian_fatalities: z.object({ low: z.number().optional(), high: z.number().optional() }).optional(),
  strikes: z.object({ low: z.number().optional(), high: z.number().optional() }).optional(),
  actors: z.array(z.string()).optional(),
  targets: z.array(z.string()).optional(),
  weapons: z.array(z.string()).optional(),
  attribution: z.string().optional(),
  historical: z.boolean().optional(),
}).passthrough();

export const goldToponymSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  lat: z.number().nullish(),
  lon: z.number().nullish(),
  geonameid: z.union([z.number(), z.string()]).nullish(),
  kind: z.string().nullish(),
});

export const goldDocSchema = z.object({
  id: z.string(),
  text: z.string(),
  language: z.string().nullish(),
  published: z.string().nullish(),
  origin: z.string().nullish(),
  events: z.array(goldEventSchema).optional(),
  toponyms: z.array(goldToponymSchema).optional(),
  incident: z.string().optional(),
  label: z.string().optional(),
}).passthrough();

export type GoldEvent = z.infer<typeof goldEventSchema>;
export type GoldToponym = z.infer<typeof goldToponymSchema>;
export type GoldDoc = z.infer<typeof goldDocSchema>;

export type GoldLine = { ok: true; line: number; doc: GoldDoc } | { ok: false; line: number; error: VigilError };

/** Parse one line of a gold file. */
export function parseGoldLine(text: string, line: number): GoldLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, line, error: new VigilError('VIGIL_ERR_BAD_GOLD', `line ${line}: ${(e as Error).message}`) };
  }
  const parsed = goldDocSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, line, error: new VigilError('VIGIL_ERR_BAD_GOLD', `line ${line}: ${issue?.path.join('.')}: ${issue?.message}`) };
  }
  return { ok: true, line, doc: parsed.data };
}

/** Stream a gold file line by line (blank lines are skipped). */
export async function* readGoldFile(path: string): AsyncGenerator<GoldLine> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    n++;
    if (raw.trim() === '') continue;
    yield parseGoldLine(raw, n);
  }
}
