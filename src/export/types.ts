/**
 * Export row: one event (or one incident) flattened for ACLED-style CSV, GeoJSON and JSON Lines.
 * The store (H4) builds these from its rows (helper: `exportRowFromRecord` in ./rows.ts); the
 * writers here are pure and streaming-friendly (they take any Iterable / AsyncIterable of rows).
 * Field names are camelCase; the ACLED column each one feeds is given in the comment.
 */
export interface ExportRow {
  /** event_id_cnty: stable id (Vigil event id or incident id). */
  id: string;
  /** event_date: YYYY-MM-DD, or null when unknown (cell left empty). */
  date: string | null;
  /** time_precision: ACLED 1 = day, 2 = week / range of days, 3 = month or vaguer. Derived from datePrecision when absent. */
  timePrecision?: 1 | 2 | 3 | null;
  datePrecision?: 'day' | 'week' | 'month' | 'year' | 'range' | 'unknown';
  /** disorder_type: derived from eventType when absent ("Political violence", "Demonstrations", "Strategic developments"). */
  disorderType?: string | null;
  /** event_type / sub_event_type (ACLED taxonomy). */
  eventType: string | null;
  subEventType: string | null;
  /** Finer Vigil kind (JSONL / GeoJSON only; in CSV it goes to tags as kind=...). */
  kind?: string | null;
  /** actor1 / assoc_actor_1 / inter1 (inter derived from actor1Category when absent). */
  actor1?: string | null;
  assocActor1?: string[];
  actor1Category?: string | null;
  inter1?: number | null;
  actor2?: string | null;
  assocActor2?: string[];
  actor2Category?: string | null;
  inter2?: number | null;
  /** interaction: derived from inter1/inter2 when absent (ACLED: 10*min + max, e.g. 17 = state vs civilians). */
  interaction?: number | null;
  /** civilian_targeting: "Civilian targeting" when civilians are the target, else empty. */
  civilianTargeting?: boolean;
  /** iso: ISO 3166-1 numeric (derived from country alpha-2 when absent), region, country name. */
  iso?: number | null;
  region?: string | null;
  /** ISO alpha-2 or a country name; the CSV writes the English name. */
  country: string | null;
  admin1: string | null;
  admin2?: string | null;
  admin3?: string | null;
  /** location: place name. */
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  /** geo_precision: ACLED 1..3. */
  geoPrecision?: 1 | 2 | 3 | null;
  /** source: publishers, joined with "; " in CSV. */
  sources?: string[];
  /** source_scale: e.g. "National", "Subnational", "Other" … or Vigil's source kinds joined. */
  sourceScale?: string | null;
  notes?: string | null;
  fatalities: number | null;
  /** tags: free tags joined with "; " (weapons of concern, attribution, grade …). */
  tags?: string[];
  /** timestamp: Unix seconds of the last change. */
  timestamp?: number | null;
  /** Vigil extras (JSONL / GeoJSON properties only): incident id, grade, fatalities range, weapons, evidence … */
  extra?: Record<string, unknown>;
}

export interface CsvOptions {
  /** Neutralize spreadsheet formula injection (cells starting with = + - @ TAB CR get a leading '). Default true. */
  neutralizeFormulas?: boolean;
  /** Line ending. Default "\r\n" (RFC 4180). */
  eol?: string;
  /** Write the header row. Default true. */
  header?: boolean;
}
