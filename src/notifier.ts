// What any part of Tongbu uses to tell people something went wrong (or is fine again): the
// engine, token refresh and the mirror raise alerts through it. It sits with the base (errors,
// logger) so that any layer may import it; src/notify/ implements it (Feishu cards, or the log
// when Feishu is not configured).

export interface AlertInput {
  /** Same key = same failure: repeated at most once an hour; `recover(key)` ends it. */
  key: string;
  /** What failed, e.g. "抖音来客 sync (account 123)". */
  title: string;
  /** The error in plain words. */
  message: string;
  /** What to do. */
  action: string;
  /** A retry button queues this run again. */
  retry?: { connector: string; account?: string; from?: string; to?: string };
  /** Extra link, e.g. the re-authorisation URL. */
  link?: { text: string; url: string };
}

export interface Notifier {
  alert(input: AlertInput): Promise<void>;
  /** Sends a recovery message if `key` was alerting; otherwise nothing. */
  recover(key: string, message: string): Promise<void>;
}
