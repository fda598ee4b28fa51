/**
 * 20-language: sets Doc.language (ISO 639-1) from the text. A language given by the caller is honoured unless the
 * text's script contradicts it (an "ar" hint on a post written in English, "en" on an Arabic one): then the detected
 * language wins and a warning records the overruled hint. Without a hint it is detected (script, then franc with a
 * whitelist). Where scripts mix, Doc.languages gives the language of each paragraph (an Arabic post with an English
 * translation). Later stages pick their language pack with packFor(doc.language, ...), falling back to English.
 */
import type { Stage } from '../stage.js';
import { detectLanguage, overruleHint, paragraphLanguages } from '../lang/detect.js';

export const languageStage: Stage = {
  name: '20-language',
  reads: ['text', 'language'],
  adds: ['language', 'languages', 'warnings'],
  run: (doc) => {
    const languages = paragraphLanguages(doc.text);
    const withSpans = languages ? { languages } : {};
    if (doc.language) {
      const hint = doc.language.toLowerCase().slice(0, 2);
      const g = overruleHint(hint, doc.text);
      if (g?.lang) return { ...doc, ...withSpans, language: g.lang, warnings: [...doc.warnings, `language hint '${hint}' overruled: the text is written in ${g.lang} (${g.method})`] };
      return { ...doc, ...withSpans, language: hint };
    }
    const g = detectLanguage(doc.text);
    const warnings = g.method === 'default' ? [...doc.warnings, 'language detection uncertain: assumed English'] : doc.warnings;
    return { ...doc, ...withSpans, language: g.lang ?? 'en', warnings };
  },
};
