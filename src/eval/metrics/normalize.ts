/** Comparison keys for names in gold and predictions: case-, accent- and punctuation-insensitive. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'`ʿʾ‘]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Weapon names compared without plural s and case ("Cluster munitions" ~ "cluster munition"). */
export function foldWeapon(s: string): string {
  return foldName(s).replace(/(?<=\w)s\b/g, '');
}

/** An actor matches when the folded names are equal or one contains the other as whole words
 *  ("Military Forces of Russia (2000-)" ~ "Military Forces of Russia"). */
export function actorMatches(gold: string, predicted: string): boolean {
  const g = foldName(gold);
  const p = foldName(predicted);
  if (!g || !p) return false;
  return g === p || ` ${p} `.includes(` ${g} `) || ` ${g} `.includes(` ${p} `);
}

/** admin1 match: case- and accent-insensitive prefix match either way ("Idlib" ~ "Idlib Governorate"). */
export function admin1Matches(gold: string, predicted: string | null | undefined): boolean {
  if (!predicted) return false;
  const g = foldName(gold).replace(/\b(governorate|province|muhafazat|oblast|region|state)\b/g, '').trim();
  const p = foldName(predicted).replace(/\b(governorate|province|muhafazat|oblast|region|state)\b/g, '').trim();
  if (!g || !p) return false;
  return g.startsWith(p) || p.startsWith(g);
}
