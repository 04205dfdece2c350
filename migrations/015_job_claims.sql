-- Scheduled jobs that are not sync runs (a connector's credentials check) fire on every replica's
-- node-cron at the same minute. The first replica to insert (job, scheduled minute) runs it; the
-- others find the row and skip. A plain row with ON CONFLICT DO NOTHING is enough here: the job is
-- short, and a claimed-but-crashed check is simply redone by the next day's tick.
CREATE TABLE job_claims (
  job          text        NOT NULL,
  scheduled_at timestamptz NOT NULL,
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job, scheduled_at)
);
