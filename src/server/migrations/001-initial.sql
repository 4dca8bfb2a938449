-- 001-initial.sql: the contributions, what is published, and who decided.
-- Applied once, in a transaction, by the first moisson-server to start
-- (see moisson-server-db.c); never edited after release: a change is a new
-- file with the next number.

-- Every revision of every contribution, as it was sent. A row is never
-- changed but for its review state, which only leaves 'pending' once.
CREATE TABLE contributions (
  number      bigserial PRIMARY KEY,
  initiative  text NOT NULL,
  revision    integer NOT NULL CHECK (revision >= 1),
  client      text,
  address     text NOT NULL,
  body        jsonb NOT NULL,
  state       text NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'accepted', 'refused')),
  reason      text,
  received    timestamptz NOT NULL DEFAULT now(),
  decided     timestamptz,
  UNIQUE (initiative, revision)
);
CREATE INDEX contributions_pending ON contributions (number) WHERE state = 'pending';

-- The published feed: one entry an initiative, the version a moderator
-- accepted (edited or not).
CREATE TABLE entries (
  initiative   text PRIMARY KEY,
  contribution bigint NOT NULL REFERENCES contributions (number),
  revision     integer NOT NULL,
  body         jsonb NOT NULL,
  published    timestamptz NOT NULL DEFAULT now()
);

-- Every decision, with who took it (the name of the moderator's token),
-- when, and the published entry before and after it.
CREATE TABLE decisions (
  id           bigserial PRIMARY KEY,
  contribution bigint NOT NULL REFERENCES contributions (number),
  action       text NOT NULL CHECK (action IN ('accept', 'edit-accept', 'refuse')),
  moderator    text NOT NULL,
  reason       text,
  before       jsonb,
  after        jsonb,
  decided      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX decisions_contribution ON decisions (contribution);

-- One row: bumped in the transaction that changes the entries, so that
-- every server process sees at once that its copy of the feed is old.
CREATE TABLE feed_state (
  id       integer PRIMARY KEY CHECK (id = 1),
  version  bigint NOT NULL,
  changed  timestamptz NOT NULL
);
INSERT INTO feed_state VALUES (1, 0, date_trunc('second', now()));

-- Requests a client address made in a minute, shared by all the processes.
CREATE TABLE rate_limits (
  address  text NOT NULL,
  minute   timestamptz NOT NULL,
  count    integer NOT NULL,
  PRIMARY KEY (address, minute)
);
