-- Alert storms: a business whose new alerts in a minute exceed the threshold is storming. A storm
-- is written once its first busy minute has passed (status "opened"), after each further busy
-- minute ("updated"), and once quiet-minutes minutes in a row had no more than the threshold
-- ("ended"); every record holds the storm so far: its start, the end of its last busy minute, its
-- new alerts in busy minutes, its peak minute and its busy minutes.
CREATE TABLE alert_storms (
  bk_biz_id STRING,
  status STRING,
  storm_start TIMESTAMP_LTZ(3),
  storm_end TIMESTAMP_LTZ(3),
  new_alerts BIGINT,
  peak BIGINT,
  busy_minutes BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = '${sql.alert-storm-topic}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'key.format' = 'raw',
  'key.fields' = 'bk_biz_id',
  'value.format' = 'json',
  'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = '${sql.transactional-id-prefix}-storms',
  'properties.transaction.timeout.ms' = '${kafka.transaction-timeout-ms}'${kafka.options}
);

-- New alerts per business and minute: an alert's first version is the one made at its creation.
CREATE TEMPORARY VIEW new_alerts_per_minute AS
SELECT
  bk_biz_id,
  window_start AS minute_start,
  window_end AS minute_end,
  window_time AS minute_time,
  COUNT(DISTINCT id) AS new_alerts
FROM TABLE(TUMBLE(TABLE alerts, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE update_time = create_time
GROUP BY bk_biz_id, window_start, window_end, window_time;

CREATE TEMPORARY VIEW busy_minutes AS
SELECT * FROM new_alerts_per_minute WHERE new_alerts > ${sql.storm.threshold};

-- A busy minute opens a storm unless the business's previous one was at most quiet-minutes before.
CREATE TEMPORARY VIEW busy_minutes_opening AS
SELECT
  *,
  CASE
    WHEN previous_busy_start IS NULL
      OR TIMESTAMPDIFF(MINUTE, previous_busy_start, minute_start) > ${sql.storm.quiet-minutes}
    THEN 1 ELSE 0
  END AS opens
FROM (
  SELECT
    *,
    LAG(minute_start) OVER (PARTITION BY bk_biz_id ORDER BY minute_time) AS previous_busy_start
  FROM busy_minutes);

-- The storms a business has had so far number its busy minutes' storms. (The cast keeps the
-- planner from passing the sum's generated name on to the next OVER, which then refuses it.)
CREATE TEMPORARY VIEW storm_minutes AS
SELECT
  *,
  CAST(SUM(opens) OVER (PARTITION BY bk_biz_id ORDER BY minute_time) AS BIGINT) AS storm
FROM busy_minutes_opening;

-- One statement for both kinds of record: each sink of a table has its own transactions, and two
-- sinks of one table would share (and fence) their transactional ids.
-- The end is a session of busy minutes: two busy minutes with fewer than quiet-minutes calm
-- minutes between them belong to one storm, which ends when the alert times have passed its last
-- busy minute by quiet-minutes (plus that minute).
INSERT INTO alert_storms
SELECT
  bk_biz_id,
  CASE WHEN opens = 1 THEN 'opened' ELSE 'updated' END,
  MIN(minute_start) OVER so_far,
  minute_end,
  SUM(new_alerts) OVER so_far,
  MAX(new_alerts) OVER so_far,
  COUNT(*) OVER so_far
FROM storm_minutes
WINDOW so_far AS (PARTITION BY bk_biz_id, storm ORDER BY minute_time)
UNION ALL
SELECT
  bk_biz_id,
  'ended',
  MIN(minute_start),
  MAX(minute_end),
  SUM(new_alerts),
  MAX(new_alerts),
  COUNT(*)
FROM TABLE(
  SESSION(TABLE busy_minutes PARTITION BY bk_biz_id, DESCRIPTOR(minute_time), ${sql.storm.session-gap}))
GROUP BY bk_biz_id, window_start, window_end;
