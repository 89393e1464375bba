-- Converged alerts: per business, strategy and 5-minute window of alert times, the alerts that
-- changed in it: opened in it, still open at its end, ended in it, the most severe level (1 is
-- fatal), the five commonest dimensions and the first 100 alert ids. An upsert per window: written
-- as versions come (a few seconds apart at most), and again whenever a later or late version
-- changes it, for as long as the window is kept (sql.allowed-lateness-seconds after its end).
CREATE TABLE converged_alerts (
  bk_biz_id STRING,
  strategy_id BIGINT,
  window_start TIMESTAMP_LTZ(3),
  window_end TIMESTAMP_LTZ(3),
  alerts BIGINT,
  opened BIGINT,
  still_open BIGINT,
  ended BIGINT,
  max_severity INT,
  top_dimensions ARRAY<STRING>,
  alert_ids ARRAY<STRING>,
  PRIMARY KEY (bk_biz_id, strategy_id, window_start) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = '${sql.converged-alert-topic}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'key.format' = 'json',
  'value.format' = 'json',
  'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = '${sql.transactional-id-prefix}-converged',
  'properties.transaction.timeout.ms' = '${kafka.transaction-timeout-ms}'${kafka.options}
);

INSERT INTO converged_alerts
SELECT /*+ STATE_TTL('alerts' = '${sql.converged-ttl}') */
  bk_biz_id,
  COALESCE(strategy_id, 0),
  TO_TIMESTAMP_LTZ(FLOOR(update_time / 300) * 300 * 1000, 3),
  TO_TIMESTAMP_LTZ((FLOOR(update_time / 300) * 300 + 300) * 1000, 3),
  COUNT(DISTINCT id),
  COUNT(DISTINCT CASE WHEN update_time = create_time THEN id END),
  COUNT(DISTINCT id) - COUNT(DISTINCT CASE WHEN status <> 'ABNORMAL' THEN id END),
  COUNT(DISTINCT CASE WHEN status <> 'ABNORMAL' THEN id END),
  MIN(severity),
  TOP_DIMENSIONS(id, dimensions, 5),
  FIRST_IDS(id, 100)
FROM alerts
GROUP BY
  bk_biz_id,
  COALESCE(strategy_id, 0),
  TO_TIMESTAMP_LTZ(FLOOR(update_time / 300) * 300 * 1000, 3),
  TO_TIMESTAMP_LTZ((FLOOR(update_time / 300) * 300 + 300) * 1000, 3);
