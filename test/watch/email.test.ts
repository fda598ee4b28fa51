/** Email alerts over SMTP, against a tiny real SMTP listener on 127.0.0.1 written here (no mock transport). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/schema.js';
import { openSqlStore, type SqlStore } from '../../src/store/sql-store.js';
import { openQueue } from '../../src/queue/index.js';
import { deliverJob, makeRuntime } from '../../src/watch/pipeline.js';

interface Mail { from: string; to: string[]; data: string }

/** Enough of RFC 5321 for one client: greeting, EHLO/HELO, MAIL, RCPT, DATA (dot-terminated), RSET, NOOP, QUIT. */
async function smtpServer(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = net.createServer((sock) => {
    let buf = '';
    let inData = false;
    let cur: Mail = { from: '', to: [], data: '' };
    sock.write('220 test.local ESMTP\r\n');
    sock.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          cur.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          mails.push(cur);
          cur = { from: '', to: [], data: '' };
          sock.write('250 2.0.0 queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO') sock.write('250-test.local\r\n250 8BITMIME\r\n');
        else if (cmd === 'HELO') sock.write('250 test.local\r\n');
        else if (cmd === 'MAIL') { cur.from = line; sock.write('250 2.1.0 ok\r\n'); }
        else if (cmd === 'RCPT') { cur.to.push(line); sock.write('250 2.1.5 ok\r\n'); }
        else if (cmd === 'DATA') { inData = true; sock.write('354 end with .\r\n'); }
        else if (cmd === 'QUIT') { sock.end('221 bye\r\n'); return; }
        else sock.write('250 ok\r\n');
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, mails, close: () => new Promise((r) => server.close(() => r())) };
}

describe('email alerts', () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let dir: string;
  beforeAll(async () => {
    smtp = await smtpServer();
    dir = mkdtempSync(join(tmpdir(), 'vigil-email-'));
  });
  afterAll(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a delivery by email once, and marks it sent', async () => {
    const store: SqlStore = await openSqlStore(join(dir, 'e.db'));
    const config = loadConfig({}, { alerts: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smtpFrom: 'vigil@test.local', webhookTimeoutMs: 5000 } });
    const queue = await openQueue(store);
    const rt = makeRuntime(store, queue, config);
    const a = await rt.alerts.add({ name: 'mail', filters: {}, conditions: {}, email: 'analyst@example.org' });
    const id = await store.dialect.transaction((tx) => rt.alerts.insertDelivery(tx, {
      alert: a, incidentId: 7, changeKey: 'doc:9', changeKind: 'grade-changed',
      payload: {
        alert: 'mail', change: 'grade-changed', documentId: 9, possibleDuplicateOf: null, note: null, at: new Date().toISOString(),
        incident: { id: 7, eventType: 'Battles', subEventType: 'Armed clash', dateStart: '2024-05-02', dateEnd: '2024-05-02', place: 'Rastan', admin1: 'Homs', country: 'Syria', lat: 34.92, lon: 36.73, fatalities: { low: 4, best: 5, high: 6 }, grade: 'fair', previousGrade: 'weak', eventCount: 2, sourceCount: 2, weapons: [] },
      },
    }));
    await deliverJob(rt, id!, false);
    await deliverJob(rt, id!, false); // a second run (retry, second worker) sends nothing more
    expect(smtp.mails.length).toBe(1);
    const m = smtp.mails[0];
    expect(m.to[0]).toContain('analyst@example.org');
    expect(m.data).toContain('Subject: [vigil mail] Grade weak -> fair: Armed clash in Rastan (#7)');
    expect(m.data).toContain(`X-Vigil-Delivery: ${id}`);
    expect(m.data).toContain('Fatalities: 5 (4-6)');
    const row = await store.dialect.get<{ email_state: string; webhook_state: string }>('SELECT email_state, webhook_state FROM alert_deliveries WHERE id = ?', [id!]);
    expect(row).toEqual({ email_state: 'sent', webhook_state: 'none' });
    await queue.stop();
    await store.close();
  });
});
