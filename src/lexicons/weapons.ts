/** The weapons lexicon (weapons.json) compiled into one alias matcher, longest alias first. */
import type { WeaponValue } from '../model/document.js';
import { AliasMatcher, lexicon } from './index.js';

interface WeaponEntry {
  id: string;
  name: string;
  category: string;
  concern: boolean;
  aliases: string[];
  generic?: boolean;
  variantOf?: string;
}

/** Lexicon facts the weapon resolver needs beyond the mention value. */
export interface WeaponInfo {
  generic: boolean;
  variantOf: string | null;
}
const info = new Map<string, WeaponInfo>();
export function weaponInfo(id: string): WeaponInfo {
  compile();
  return info.get(id) ?? { generic: false, variantOf: null };
}

export interface WeaponHit {
  start: number;
  end: number;
  text: string;
  value: WeaponValue;
  rule: string;
}

let matcher: AliasMatcher<WeaponValue> | undefined;

function compile(): AliasMatcher<WeaponValue> {
  if (matcher) return matcher;
  const lex = lexicon<{ weapons: WeaponEntry[] }>('weapons');
  const items: { alias: string; entry: WeaponValue }[] = [];
  for (const w of lex.weapons) {
    const value: WeaponValue = { weaponId: w.id, name: w.name, category: w.category, concern: w.concern };
    info.set(w.id, { generic: !!w.generic, variantOf: w.variantOf ?? null });
    for (const alias of w.aliases) items.push({ alias, entry: value });
  }
  matcher = new AliasMatcher(items, { plural: true });
  return matcher;
}

export function findWeapons(text: string): WeaponHit[] {
  return compile().find(text).map((h) => ({ start: h.start, end: h.end, text: h.text, value: h.entry, rule: `weapon:${h.entry.weaponId}` }));
}

/** Cues that a named platform was brought down (weapons.json downedAfter / downedBefore / downedCategories). */
export interface DownedCues {
  after: RegExp;
  before: RegExp;
  categories: Set<string>;
}
let downed: DownedCues | undefined;
export function downedCues(): DownedCues {
  if (downed) return downed;
  const lex = lexicon<{ downedAfter: string; downedBefore: string; downedCategories: string[] }>('weapons');
  downed = { after: new RegExp(lex.downedAfter, 'iu'), before: new RegExp(lex.downedBefore, 'iu'), categories: new Set(lex.downedCategories) };
  return downed;
}
