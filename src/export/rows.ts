import type { EventRecord } from '../model/event.js';
import type { ExportRow } from './types.js';
export interface RowMeta { incidentId?: string | null; grade?: string | null; sources?: string[]; sourceKinds?: string[]; updatedAt?: string | Date | null; notes?: string | null }
/** ACLED inter code for an actor category (1 state forces … 8 external/other). */
export function interCode(category: string | null | undefined): number | null { void category; throw new Error('not implemented'); }
/** ISO numeric, English name and ACLED region for an ISO alpha-2 code or a country name. */
export function countryInfo(country: string | null | undefined): { alpha2: string; numeric: number; name: string; region: string } | null { void country; throw new Error('not implemented'); }
export function exportRowFromRecord(record: EventRecord, meta: RowMeta = {}): ExportRow { void record; void meta; throw new Error('not implemented'); }
