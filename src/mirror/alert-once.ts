// The mirror's alerts: one per failure, not one per pass. A key raised stays raised until it
// recovers (the notifier then sends the recovery message).
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notifier.js';

export interface MirrorAlerts {
  alert(key: string, title: string, e: unknown, extra?: string): Promise<void>;
  recover(key: string, message: string): Promise<void>;
}

export function createMirrorAlerts(notifier: () => Notifier | undefined, log: Logger): MirrorAlerts {
  const alerting = new Set<string>();
  return {
    async alert(key, title, e, extra) {
      if (alerting.has(key)) return;
      alerting.add(key);
      const d = describeError(e);
      log.error({ key, err: d }, title);
      await notifier()
        ?.alert({ key, title, message: extra ? `${d.message} ${extra}` : d.message, action: d.action })
        .catch(() => undefined);
    },
    async recover(key, message) {
      if (!alerting.delete(key)) return;
      await notifier()
        ?.recover(key, message)
        .catch(() => undefined);
    },
  };
}
