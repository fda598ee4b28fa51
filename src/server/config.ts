/**
 * Fill in every config default. Works around zod 4's `.default({})` on the config sections, which
 * returns `{}` as-is (without applying the fields' own defaults) when a section is absent: with no
 * VIGIL_* variables set, `loadConfig().server` is `{}`. Parsing each section again applies them.
 */
import { configSchema, type VigilConfig } from '../config/schema.js';

type Sections = typeof configSchema.shape;

export function completeConfig(config: Partial<VigilConfig>): VigilConfig {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(configSchema.shape) as [keyof Sections, Sections[keyof Sections]][]) {
    const inner = (schema as unknown as { unwrap(): { parse(v: unknown): unknown } }).unwrap();
    out[name] = inner.parse((config as Record<string, unknown>)[name] ?? {});
  }
  return out as VigilConfig;
}
