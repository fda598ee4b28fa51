/**
 * 20-language: sets Doc.language (ISO 639-1). A language given by the caller is honoured;
 * otherwise it is detected (script, then franc with a whitelist). Later stages pick their language pack
 * with packFor(doc.language, ...), falling back to English where a pack is missing.
 */
import type { Stage } from '../stage.js';
import { detectLanguage } from '../lang/detect.js';

export const languageStage: Stage = {
  name: '20-language',
  reads: ['text', 'language'],
  adds: ['language'],
  run: (doc) => {
    if (doc.language) return { ...doc, language: doc.language.toLowerCase().slice(0, 2) };
    const g = detectLanguage(doc.text);
    const warnings = g.method === 'default' ? [...doc.warnings, 'language detection uncertain: assumed English'] : doc.warnings;
    return { ...doc, language: g.lang ?? 'en', warnings };
  },
};
