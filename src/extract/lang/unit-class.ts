/**
 * A one-character regex test as a lookup: unitClass(/[\p{Lu}\p{N}]/u)(code) === /[\p{Lu}\p{N}]/u.test(String.fromCharCode(code)),
 * remembered per UTF-16 code unit. Loops that test text[i] against a Unicode class for every character (the sentence
 * splitter) then neither build a one-character string nor run the regex for each one. Exact by construction: the
 * answer for a code unit is the regex's own answer for the one-unit string the loop would have tested.
 */
export function unitClass(re: RegExp): (code: number) => boolean {
  if (re.global || re.sticky) throw new Error('unitClass: a global or sticky regex keeps state between tests');
  // 0 = not asked yet, 1 = matches, 2 = does not
  const known = new Uint8Array(0x10000);
  return (code) => {
    let k = known[code];
    if (k === 0) known[code] = k = re.test(String.fromCharCode(code)) ? 1 : 2;
    return k === 1;
  };
}
