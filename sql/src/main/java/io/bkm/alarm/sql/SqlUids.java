package io.bkm.alarm.sql;

/**
 * The uids of the SQL job's DataStream operators (the planner's own take hashes of the graph). A
 * savepoint finds its state by these: never rename one.
 */
final class SqlUids {
    private SqlUids() {}

    static final String SOURCE_ALERTS = "sql-source-alerts";
    static final String PARSE_ALERTS = "sql-parse-alerts";
    static final String SOURCE_ACTIONS = "sql-source-actions";
    static final String PARSE_ACTIONS = "sql-parse-actions";
    static final String SINK_DEAD_LETTERS = "sql-sink-dead-letters";
    static final String DAILY_STATS_UPSERTS = "sql-daily-stats-upserts";
    static final String SINK_DAILY_STATS = "sql-sink-daily-stats-es";
}
