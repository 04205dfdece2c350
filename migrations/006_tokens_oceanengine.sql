-- Platform OAuth tokens (encrypted at rest) and the 巨量本地推 daily report.

-- One row per authorised grant. Tokens are AES-256-GCM ciphertext (src/tokens/cipher.ts), never
-- plaintext. Refreshes take `SELECT … FOR UPDATE` on the row so two replicas or two jobs never
-- both spend the same (single-use, rotating) refresh token.
CREATE TABLE platform_tokens (
  platform            text        NOT NULL,
  -- The grant's name (oceanengine: 'default' unless `tongbu auth oceanengine --grant NAME`).
  account             text        NOT NULL,
  access_token_enc    text        NOT NULL,
  refresh_token_enc   text        NOT NULL,
  access_expires_at   timestamptz NOT NULL,
  refresh_expires_at  timestamptz NOT NULL,
  -- Accounts the grant covers, as the platform reported them (oceanengine: advertiser_ids).
  granted_accounts    text[]      NOT NULL DEFAULT '{}',
  authorised_at       timestamptz NOT NULL DEFAULT now(),
  last_refresh_at     timestamptz,
  last_refresh_ok     boolean,
  last_refresh_error  text,
  refresh_count       integer     NOT NULL DEFAULT 0,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, account)
);

-- OAuth `state` values we handed out; the callback accepts only one of these, once.
CREATE TABLE oauth_states (
  state       text        PRIMARY KEY,
  platform    text        NOT NULL,
  account     text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);

-- 巨量本地推 daily report, one row per (day, local-push account, unit). "Unit" (单元) is a
-- promotion in the v3.0 local API. Money in 元. A day is replaced as a whole on every pull.
CREATE TABLE oceanengine_local_daily (
  stat_date            date           NOT NULL,
  account_id           text           NOT NULL,
  unit_id              text           NOT NULL,
  unit_name            text,
  project_id           text,
  project_name         text,
  spend                numeric(14, 2) NOT NULL,
  conversions          integer        NOT NULL,
  -- spend / conversions, 2 dp; NULL when there were no conversions.
  cost_per_conversion  numeric(14, 2),
  -- 团购线索数 (clue_pay_order_cnt)
  group_buy_leads      integer        NOT NULL,
  show_cnt             bigint,
  click_cnt            bigint,
  raw_data             jsonb          NOT NULL,
  synced_at            timestamptz    NOT NULL DEFAULT now(),
  PRIMARY KEY (stat_date, account_id, unit_id)
);
