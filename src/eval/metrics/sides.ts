/**
 * Perpetrator match (FORMAT.md): the side a named party belongs to (Russia, Turkey, the US-led coalition, the
 * Kurdish-led forces, Israel, Iran, the Syrian government ...), from the actor registry (src/lexicons/actors.json):
 * a registry name's own side, a state's forces by their country ("Military Forces of United Kingdom" -> US-led
 * coalition), else what the registry recognizes in a gold name ("Russian Military", "U.S.-led Coalition", "YPG").
 */
import { actorSide, findActors, type ActorRegistry } from '../../lexicons/actors.js';
import { lexicon } from '../../lexicons/index.js';

let byName: Map<string, string> | undefined;
function names(): Map<string, string> {
  if (byName) return byName;
  const reg = lexicon<ActorRegistry>('actors');
  const m = new Map<string, string>();
  for (const c of reg.countries) {
    const side = reg.countrySides[c.code] ?? c.name;
    for (const t of [reg.stateTemplate.military, reg.stateTemplate.police]) m.set(t.replace('{country}', c.name), side);
  }
  for (const a of [...reg.actors, ...reg.generic]) m.set(a.name, a.side ?? (a.country ? reg.countrySides[a.country] ?? a.name : a.name));
  return (byName = m);
}

const memo = new Map<string, string | null>();
/** The side of a party named in gold or in a prediction; null when the registry knows no such party. */
export function sideOfName(name: string | null | undefined): string | null {
  if (!name) return null;
  const hit = memo.get(name);
  if (hit !== undefined) return hit;
  let side = names().get(name) ?? null;
  if (side === null) {
    const found = findActors(name)[0];
    side = found ? actorSide(found.value) : null;
  }
  if (memo.size > 10_000) memo.clear();
  memo.set(name, side);
  return side;
}
