/** An Atom feed per alert: its latest deliveries as entries (every text escaped). */
import { alertText } from './email.js';
import type { AlertRow, DeliveryRow } from './types.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

export function alertAtom(alert: AlertRow, deliveries: DeliveryRow[], selfUrl: string): string {
  const updated = deliveries[0]?.createdAt ?? alert.createdAt;
  const entries = deliveries.map((d) => {
    const { subject, text } = alertText({ ...d.payload, deliveryId: d.id });
    return `  <entry>
    <id>urn:vigil:alert:${alert.id}:delivery:${d.id}</id>
    <title>${esc(subject)}</title>
    <updated>${esc(d.createdAt)}</updated>
    <category term="${esc(d.changeKind)}"/>
    <content type="text">${esc(text)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:vigil:alert:${alert.id}</id>
  <title>${esc(`Vigil alert ${alert.name}`)}</title>
  <updated>${esc(updated)}</updated>
  <link rel="self" href="${esc(selfUrl)}"/>
  <generator>Vigil</generator>
${entries.join('\n')}
</feed>
`;
}
