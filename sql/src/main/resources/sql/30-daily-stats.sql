-- Daily statistics: per business, strategy and day (UTC, of the alert's create time), from each
-- alert's latest version: alerts, events, mean and p90 time to acknowledge (ack_duration, which an
-- alert's end sets when nobody acknowledged it, as in bk-monitor) and to recover (begin to end, of
-- ended alerts), shielded and blocked alerts; and from the notices on bkm_action (by their own day):
-- notices sent (notices and summaries) and notices converged into summaries. The job writes the
-- view daily_stats to Elasticsearch, bkfta_alert_stats_YYYYMMDD, one document per key, upserted.

-- Each alert's latest version.
CREATE TEMPORARY VIEW latest_alerts AS
SELECT id, bk_biz_id, strategy_id, status, create_time, begin_time, end_time, event_count,
  ack_duration, is_shielded, is_blocked
FROM (
  SELECT id, bk_biz_id, strategy_id, status, create_time, begin_time, end_time, event_count,
    ack_duration, is_shielded, is_blocked,
    ROW_NUMBER() OVER (PARTITION BY id ORDER BY version DESC) AS rn
  FROM alerts)
WHERE rn = 1;

CREATE TEMPORARY VIEW alert_day_stats AS
SELECT
  bk_biz_id,
  COALESCE(strategy_id, 0) AS strategy_id,
  DATE_FORMAT(TO_TIMESTAMP_LTZ(create_time * 1000, 3), 'yyyyMMdd') AS `day`,
  COUNT(*) AS alerts,
  SUM(COALESCE(event_count, 0)) AS events,
  AVG(CAST(ack_duration AS DOUBLE)) AS mtta_seconds,
  P90(ack_duration) AS mtta_p90_seconds,
  AVG(CAST(CASE WHEN status <> 'ABNORMAL' THEN end_time - begin_time END AS DOUBLE))
    AS mttr_seconds,
  P90(CASE WHEN status <> 'ABNORMAL' THEN end_time - begin_time END) AS mttr_p90_seconds,
  COUNT(CASE WHEN is_shielded THEN 1 END) AS shielded,
  COUNT(CASE WHEN is_blocked THEN 1 END) AS blocked
FROM latest_alerts
GROUP BY bk_biz_id, COALESCE(strategy_id, 0),
  DATE_FORMAT(TO_TIMESTAMP_LTZ(create_time * 1000, 3), 'yyyyMMdd');

CREATE TEMPORARY VIEW notice_day_stats AS
SELECT
  alert.bk_biz_id AS bk_biz_id,
  COALESCE(alert.strategy_id, 0) AS strategy_id,
  DATE_FORMAT(TO_TIMESTAMP_LTZ(create_time * 1000, 3), 'yyyyMMdd') AS `day`,
  COUNT(*) AS notices_sent,
  SUM(COALESCE(converged_count, 0)) AS notices_converged
FROM actions
GROUP BY alert.bk_biz_id, COALESCE(alert.strategy_id, 0),
  DATE_FORMAT(TO_TIMESTAMP_LTZ(create_time * 1000, 3), 'yyyyMMdd');

CREATE TEMPORARY VIEW daily_stats AS
SELECT
  COALESCE(a.bk_biz_id, n.bk_biz_id) AS bk_biz_id,
  COALESCE(a.strategy_id, n.strategy_id) AS strategy_id,
  COALESCE(a.`day`, n.`day`) AS `day`,
  COALESCE(a.alerts, 0) AS alerts,
  COALESCE(a.events, 0) AS events,
  a.mtta_seconds,
  a.mtta_p90_seconds,
  a.mttr_seconds,
  a.mttr_p90_seconds,
  COALESCE(a.shielded, 0) AS shielded,
  COALESCE(a.blocked, 0) AS blocked,
  COALESCE(n.notices_sent, 0) AS notices_sent,
  COALESCE(n.notices_converged, 0) AS notices_converged
FROM alert_day_stats a
FULL OUTER JOIN notice_day_stats n
  ON a.bk_biz_id = n.bk_biz_id AND a.strategy_id = n.strategy_id AND a.`day` = n.`day`;
