// The Notifier (src/notify/types.ts) over Feishu: alert and recovery cards, de-duplicated in
// Postgres (AlertStore) and delivered by a CardBroadcaster. Nothing here throws into the
// caller: a sync must not fail because its failure could not be announced.
import type { Logger } from '../logger.js';
import type { Pool } from '../db/pool.js';
import { describeError } from '../errors.js';
import { alertCard, recoveryCard } from '../feishu/cards/alert-card.js';
import { maskSensitive } from '../feishu/cards/mask.js';
import { AlertStore } from './alert-store.js';
import type { CardBroadcaster } from './card-broadcaster.js';
import type { AlertInput, Notifier } from '../notifier.js';

export interface FeishuNotifierDeps {
  pool: Pool;
  log: Logger;
  broadcaster: CardBroadcaster;
  /** ALERT_REPEAT_MINUTES. */
  repeatMinutes: number;
  /** Injectable clock (tests move it instead of sleeping). */
  now?: () => Date;
}

export class FeishuNotifier implements Notifier {
  private readonly store: AlertStore;
  private readonly now: () => Date;
  private readonly log: Logger;

  constructor(private readonly deps: FeishuNotifierDeps) {
    this.store = new AlertStore(deps.pool, deps.repeatMinutes);
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log.child({ mod: 'notify' });
  }

  async alert(input: AlertInput): Promise<void> {
    try {
      const now = this.now();
      const claim = await this.store.claim(input.key, maskSensitive(input.title), maskSensitive(input.message), now);
      this.log.warn({ alert: input.key, count: claim.count, sending: claim.send }, `alert: ${maskSensitive(input.title)}: ${maskSensitive(input.message)}`);
      if (!claim.send) return;
      const result = await this.deps.broadcaster.broadcast(alertCard(input, { count: claim.count, since: claim.firstAt }), `alert ${input.key}`);
      // Reached nobody: forget the claim so the next occurrence tries again instead of waiting an hour.
      if (!result.logOnly && result.delivered === 0) await this.store.release(input.key, now);
    } catch (e) {
      this.log.error({ alert: input.key, error: describeError(e) }, 'alert could not be processed');
    }
  }

  async recover(key: string, message: string): Promise<void> {
    try {
      const now = this.now();
      const resolved = await this.store.resolve(key, now);
      if (!resolved) return;
      this.log.info({ alert: key }, `recovered: ${resolved.title}`);
      await this.deps.broadcaster.broadcast(recoveryCard({ title: resolved.title, message, since: resolved.firstAt, at: now, count: resolved.count }), `recovery ${key}`);
    } catch (e) {
      this.log.error({ alert: key, error: describeError(e) }, 'recovery could not be processed');
    }
  }
}
