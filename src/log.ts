/** One pino root logger; stages, documents and requests get child loggers. Logs go to stderr. */
import { pino, type Logger } from 'pino';

export type { Logger };

export const rootLogger: Logger = pino(
  { name: 'vigil', level: process.env.VIGIL_LOG_LEVEL ?? 'warn' },
  pino.destination(2),
);

export function docLogger(docId: string, parent: Logger = rootLogger): Logger {
  return parent.child({ doc: docId });
}
