/**
 * Email delivery over SMTP (nodemailer). The server comes from config `alerts.smtpUrl`
 * (VIGIL_SMTP_URL, e.g. smtp://user:pass@mail.example.org:587); the operator sets it, not alert
 * authors, so it is not subject to the private-address rule.
 */
import nodemailer from 'nodemailer';
import { VigilError } from '../errors/catalogue.js';
import type { AlertPayload } from './types.js';

export function alertText(p: AlertPayload): { subject: string; text: string } {
  const i = p.incident;
  const what = [i.subEventType ?? i.eventType ?? 'incident', i.place ?? i.admin1 ?? i.country].filter(Boolean).join(' in ');
  const change = p.change === 'new-incident' ? 'New incident' : p.change === 'grade-changed' ? `Grade ${i.previousGrade ?? 'none'} -> ${i.grade ?? 'none'}` : 'Incident updated';
  const fat = i.fatalities ? `${i.fatalities.best} (${i.fatalities.low}-${i.fatalities.high})` : 'unknown';
  const subject = `[vigil ${p.alert}] ${change}: ${what} (#${i.id})`;
  const text = [
    `${change}: incident ${i.id}, ${what}`,
    `Dates: ${i.dateStart ?? 'undated'}${i.dateEnd && i.dateEnd !== i.dateStart ? ` to ${i.dateEnd}` : ''}`,
    `Fatalities: ${fat}`, `Grade: ${i.grade ?? 'none'}`, `Reports: ${i.eventCount} event(s) from ${i.sourceCount} source(s)`,
    ...(i.weapons.length ? [`Weapons: ${i.weapons.join(', ')}`] : []),
    ...(p.note ? [`Note: ${p.note}`] : []),
    p.documentId !== null ? `Report: document ${p.documentId}` : 'Change: a reviewer edited the incident', `Delivery: ${p.deliveryId}`,
  ].join('\n');
  return { subject, text };
}

const transports = new Map<string, nodemailer.Transporter>();

export async function sendEmail(smtpUrl: string, from: string, to: string, p: AlertPayload, timeoutMs: number): Promise<void> {
  if (!smtpUrl) throw new VigilError('VIGIL_ERR_EMAIL_FAILED', 'no SMTP server configured (VIGIL_SMTP_URL)');
  let t = transports.get(smtpUrl);
  if (!t) {
    t = nodemailer.createTransport(smtpUrl, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
    transports.set(smtpUrl, t);
  }
  const { subject, text } = alertText(p);
  try {
    await t.sendMail({ from, to, subject, text, headers: { 'X-Vigil-Delivery': String(p.deliveryId) } });
  } catch (e) {
    throw new VigilError('VIGIL_ERR_EMAIL_FAILED', (e as Error).message);
  }
}
