/**
 * Alerts (saved searches) and their deliveries (migration 6), on either backend.
 * alert_deliveries has UNIQUE (alert_id, incident_id, change_key): a change is recorded once however
 * often the alert step runs, and only the worker holding a delivery's lease sends it.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Dialect, SqlConn } from '../store/dialect.js';
import type { Store } from '../store/types.js';
import { GRADES } from '../store/types.js';
import { VigilError } from '../errors/catalogue.js';
import { dialectOf } from '../watch/repo.js';
import type { AlertConditions, AlertFilters, AlertPayload, AlertRow, ChangeKind, DeliveryRow } from './types.js';

type Row = Record<string, unknown>;

const HOST = hostname();
/** This process, as a delivery lease holder. */
const OWNER = `${HOST}:${process.pid}:${randomBytes(4).toString('hex')}`;

function deadLocalOwner(owner: string | null): boolean {
  if (!owner) return false;
  const [host, pid] = owner.split(':');
  if (host !== HOST || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

function toAlert(r: Row): AlertRow {
  return {
    id: Number(r.id), name: String(r.name), filters: JSON.parse(String(r.filters)) as AlertFilters,
    conditions: JSON.parse(String(r.conditions)) as AlertConditions, webhookUrl: (r.webhook_url as string | null) ?? null,
    webhookSecret: (r.webhook_secret as string | null) ?? null, email: (r.email as string | null) ?? null,
    enabled: Number(r.enabled) === 1, createdAt: String(r.created_at),
  };
}

function toDelivery(r: Row): DeliveryRow {
  return {
    id: Number(r.id), alertId: Number(r.alert_id), incidentId: Number(r.incident_id), changeKey: String(r.change_key),
    changeKind: r.change_kind as ChangeKind, payload: JSON.parse(String(r.payload)) as AlertPayload, createdAt: String(r.created_at),
    webhookState: r.webhook_state as DeliveryRow['webhookState'], emailState: r.email_state as DeliveryRow['emailState'],
    attempts: Number(r.attempts), lastError: (r.last_error as string | null) ?? null, deliveredAt: (r.delivered_at as string | null) ?? null,
  };
}

const NAME = /^[\p{L}\p{N}._-]{1,64}$/u;
const EMAIL = /^[^\s@<>()\[\],;:"]{1,64}@[A-Za-z0-9.-]{1,253}$/;

export function validateAlert(a: { name: string; filters: AlertFilters; conditions: AlertConditions; webhookUrl?: string | null; email?: string | null }): void {
  if (!NAME.test(a.name)) throw new VigilError('VIGIL_ERR_VALIDATION', 'alert name: 1-64 letters, digits, . _ -', { field: 'name' });
  if (!a.webhookUrl && !a.email) throw new VigilError('VIGIL_ERR_VALIDATION', 'an alert needs --webhook URL or --email ADDRESS (its Atom feed and live stream come with either)', { field: 'webhook' });
  if (a.webhookUrl) {
    let u: URL;
    try {
      u = new URL(a.webhookUrl);
    } catch {
      throw new VigilError('VIGIL_ERR_VALIDATION', `--webhook ${a.webhookUrl} is not a URL`, { field: 'webhook' });
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new VigilError('VIGIL_ERR_UNSUPPORTED_URL', a.webhookUrl);
    if (u.username || u.password) throw new VigilError('VIGIL_ERR_UNSUPPORTED_URL', 'credentials in webhook URLs are not accepted');
  }
  if (a.email && !EMAIL.test(a.email)) throw new VigilError('VIGIL_ERR_VALIDATION', `--email ${a.email} is not an address`, { field: 'email' });
  const g = a.filters.grade;
  for (const x of Array.isArray(g) ? g : g ? [g] : []) if (!GRADES.includes(x)) throw new VigilError('VIGIL_ERR_VALIDATION', `grade must be one of ${GRADES.join(', ')}`, { field: 'grade' });
  const m = a.conditions.minFatalities;
  if (m !== undefined && (!Number.isInteger(m) || m < 0)) throw new VigilError('VIGIL_ERR_VALIDATION', '--min-fatalities must be a whole number >= 0', { field: 'minFatalities' });
}

export class AlertRepo {
  constructor(readonly db: Dialect) {}

  async add(a: { name: string; filters: AlertFilters; conditions: AlertConditions; webhookUrl?: string | null; webhookSecret?: string | null; email?: string | null }): Promise<AlertRow> {
    validateAlert(a);
    if (await this.db.get('SELECT id FROM alerts WHERE name = ?', [a.name])) throw new VigilError('VIGIL_ERR_CONFLICT', `alert ${a.name} exists; remove it first`);
    const secret = a.webhookUrl ? (a.webhookSecret || randomBytes(24).toString('base64url')) : null;
    const r = await this.db.get<Row>(
      `INSERT INTO alerts (name, filters, conditions, webhook_url, webhook_secret, email, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING *`,
      [a.name, JSON.stringify(a.filters), JSON.stringify(a.conditions), a.webhookUrl ?? null, secret, a.email ?? null, new Date().toISOString()]);
    return toAlert(r!);
  }

  async list(): Promise<AlertRow[]> {
    return (await this.db.all<Row>('SELECT * FROM alerts ORDER BY id')).map(toAlert);
  }

  async get(name: string): Promise<AlertRow | null> {
    const r = await this.db.get<Row>('SELECT * FROM alerts WHERE name = ?', [name]);
    return r ? toAlert(r) : null;
  }

  /** Remove an alert with its delivery log (deliveries are notifications, not evidence). */
  async remove(name: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const a = await tx.get<{ id: number }>('SELECT id FROM alerts WHERE name = ?', [name]);
      if (!a) return false;
      await tx.run('DELETE FROM alert_deliveries WHERE alert_id = ?', [a.id]);
      await tx.run('DELETE FROM alert_seen WHERE alert_id = ?', [a.id]);
      await tx.run('DELETE FROM alerts WHERE id = ?', [a.id]);
      return true;
    });
  }

  /** The grade this alert last saw of this incident, and record the current one. */
  async swapSeenGrade(tx: SqlConn, alertId: number, incidentId: number, grade: string | null): Promise<{ seen: boolean; grade: string | null }> {
    const prev = await tx.get<{ grade: string | null }>('SELECT grade FROM alert_seen WHERE alert_id = ? AND incident_id = ?', [alertId, incidentId]);
    await tx.run(`INSERT INTO alert_seen (alert_id, incident_id, grade, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (alert_id, incident_id) DO UPDATE SET grade = excluded.grade, updated_at = excluded.updated_at`, [alertId, incidentId, grade, new Date().toISOString()]);
    return prev ? { seen: true, grade: prev.grade ?? null } : { seen: false, grade: null };
  }

  /** Record a change for delivery; null when this (alert, incident, change) was recorded before. */
  async insertDelivery(tx: SqlConn, d: { alert: AlertRow; incidentId: number; changeKey: string; changeKind: ChangeKind; payload: Omit<AlertPayload, 'deliveryId'> }): Promise<number | null> {
    const r = await tx.get<{ id: number }>(
      `INSERT INTO alert_deliveries (alert_id, incident_id, change_key, change_kind, payload, created_at, webhook_state, email_state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id, incident_id, change_key) DO NOTHING RETURNING id`,
      [d.alert.id, d.incidentId, d.changeKey, d.changeKind, JSON.stringify(d.payload), d.payload.at,
        d.alert.webhookUrl ? 'pending' : 'none', d.alert.email ? 'pending' : 'none']);
    return r ? Number(r.id) : null;
  }

  async deliveriesForChange(changeKey: string): Promise<number[]> {
    return (await this.db.all<{ id: number }>(
      `SELECT id FROM alert_deliveries WHERE change_key = ? AND (webhook_state = 'pending' OR email_state = 'pending')`, [changeKey])).map((r) => Number(r.id));
  }

  async pendingDeliveries(limit = 10_000): Promise<number[]> {
    return (await this.db.all<{ id: number }>(
      `SELECT id FROM alert_deliveries WHERE webhook_state = 'pending' OR email_state = 'pending' ORDER BY id LIMIT ${Math.min(limit, 100_000)}`)).map((r) => Number(r.id));
  }

  /**
   * Take the lease on a delivery for `leaseMs`: only one worker sends it at a time, and a worker that
   * died mid-send is replaced once its lease ran out. Null when another worker holds it or nothing is pending.
   */
  async lease(id: number, leaseMs: number): Promise<{ delivery: DeliveryRow; alert: AlertRow | null } | 'held' | null> {
    const now = Date.now();
    const r = await this.db.get<Row>(
      `UPDATE alert_deliveries SET lease_until_ms = ?, lease_owner = ?, attempts = attempts + 1
       WHERE id = ? AND (webhook_state = 'pending' OR email_state = 'pending') AND (lease_until_ms IS NULL OR lease_until_ms < ?) RETURNING *`,
      [now + leaseMs, OWNER, id, now]);
    if (!r) {
      const cur = await this.db.get<{ lease_owner: string | null }>(
        `SELECT lease_owner FROM alert_deliveries WHERE id = ? AND (webhook_state = 'pending' OR email_state = 'pending')`, [id]);
      if (!cur) return null;
      // Held by a process of this host that no longer runs (kill -9): free it and try again.
      if (deadLocalOwner(cur.lease_owner)) {
        await this.db.run('UPDATE alert_deliveries SET lease_until_ms = NULL, lease_owner = NULL WHERE id = ? AND lease_owner = ?', [id, cur.lease_owner]);
        return this.lease(id, leaseMs);
      }
      return 'held';
    }
    const a = await this.db.get<Row>('SELECT * FROM alerts WHERE id = ?', [Number(r.alert_id)]);
    return { delivery: toDelivery(r), alert: a ? toAlert(a) : null };
  }

  async markChannel(id: number, channel: 'webhook' | 'email', state: 'sent' | 'failed', error?: string): Promise<void> {
    const col = channel === 'webhook' ? 'webhook_state' : 'email_state';
    await this.db.run(`UPDATE alert_deliveries SET ${col} = ?, last_error = coalesce(?, last_error) WHERE id = ?`, [state, error?.slice(0, 2000) ?? null, id]);
  }

  async release(id: number, error: string | null): Promise<void> {
    await this.db.run(`UPDATE alert_deliveries SET lease_until_ms = NULL, lease_owner = NULL, last_error = coalesce(?, last_error),
      delivered_at = CASE WHEN webhook_state <> 'pending' AND email_state <> 'pending' THEN ? ELSE delivered_at END WHERE id = ?`,
      [error?.slice(0, 2000) ?? null, new Date().toISOString(), id]);
  }

  /** Deliveries of one alert, newest first (Atom feed, API). */
  async deliveries(alertId: number, opts: { limit?: number; afterId?: number } = {}): Promise<DeliveryRow[]> {
    const limit = Math.min(Math.max(1, opts.limit ?? 50), 1000);
    if (opts.afterId !== undefined) {
      return (await this.db.all<Row>(`SELECT * FROM alert_deliveries WHERE alert_id = ? AND id > ? ORDER BY id LIMIT ${limit}`, [alertId, opts.afterId])).map(toDelivery);
    }
    return (await this.db.all<Row>(`SELECT * FROM alert_deliveries WHERE alert_id = ? ORDER BY id DESC LIMIT ${limit}`, [alertId])).map(toDelivery);
  }

  /** Every alert's deliveries after `afterId`, oldest first (the live stream). */
  async deliveriesAfter(afterId: number, limit = 200): Promise<(DeliveryRow & { alertName: string })[]> {
    const rows = await this.db.all<Row>(
      `SELECT d.*, a.name AS alert_name FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE d.id > ? ORDER BY d.id LIMIT ${Math.min(limit, 1000)}`, [afterId]);
    return rows.map((r) => ({ ...toDelivery(r), alertName: String(r.alert_name) }));
  }

  async lastDeliveryId(): Promise<number> {
    return Number((await this.db.get<{ m: number | null }>('SELECT max(id) AS m FROM alert_deliveries'))?.m ?? 0);
  }
}

export function alertRepo(store: Store): AlertRepo {
  return new AlertRepo(dialectOf(store));
}
