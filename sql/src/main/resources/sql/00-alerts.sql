-- The alert stream: every version of every alert the main job writes to bkm_alert, committed only.
-- Event time is the version's own update time, so a replay of the same topic range decides alike.
CREATE TABLE alerts (
  id STRING,
  bk_biz_id STRING,
  strategy_id BIGINT,
  alert_name STRING,
  severity INT,
  status STRING,
  create_time BIGINT,
  update_time BIGINT,
  begin_time BIGINT,
  end_time BIGINT,
  version BIGINT,
  event_count BIGINT,
  is_ack BOOLEAN,
  is_shielded BOOLEAN,
  is_blocked BOOLEAN,
  ack_duration BIGINT,
  dimensions ARRAY<ROW<`key` STRING, `value` STRING>>,
  ts AS TO_TIMESTAMP_LTZ(update_time * 1000, 3),
  WATERMARK FOR ts AS ts - ${sql.out-of-orderness}
) WITH (
  'connector' = 'kafka',
  'topic' = '${topics.alert}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'properties.group.id' = '${sql.group-id}',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'${kafka.source-options}
);
