/**
 * Idle workers of a queue wait here until a job is sent to their queue or the poll interval passes, whichever comes
 * first (the poll catches jobs sent by other processes). Shared by every JobQueue implementation.
 */
import type { QueueName } from './types.js';

export class Wakeups {
  private readonly waiting = new Map<QueueName, Set<() => void>>();

  /** Resolves when `wake(queue)` or `wakeAll()` is called, or after `ms`. */
  wait(queue: QueueName, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiting.get(queue) ?? new Set();
      this.waiting.set(queue, set);
      const done = () => {
        clearTimeout(t);
        set.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      set.add(done);
    });
  }

  wake(queue: QueueName): void {
    for (const w of [...(this.waiting.get(queue) ?? [])]) w();
  }

  wakeAll(): void {
    for (const set of this.waiting.values()) for (const w of [...set]) w();
  }
}
