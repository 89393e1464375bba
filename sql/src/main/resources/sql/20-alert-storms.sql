-- Alert storms: a business whose new alerts in a minute exceed the threshold is storming. Every
-- such minute is written (status "storming") once the alert times have passed it; the storm ends
-- once quiet-minutes minutes in a row had no more than the threshold, and is written once more
-- (status "ended") with its start, end, new alerts, peak and busy minutes.
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

-- One statement for both records: each sink of a table has its own transactions, and two sinks of
-- one table would share (and fence) their transactional ids.
-- A storm is a session of busy minutes: two busy minutes with fewer than quiet-minutes calm
-- minutes between them belong to one storm, which ends when the alert times have passed its last
-- busy minute by quiet-minutes (plus that minute).
INSERT INTO alert_storms
SELECT bk_biz_id, 'storming', minute_start, minute_end, new_alerts, new_alerts, CAST(1 AS BIGINT)
FROM busy_minutes
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
