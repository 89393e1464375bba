package io.bkm.alarm.alert;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** What the alert lifecycle counts; the names are what dashboards and tests read. */
final class AlertCounters {
    final Counter created;
    final Counter updated;
    final Counter ended;
    final Counter ignored;
    final Counter dropped;
    final Counter expired;
    final Counter duplicates;
    final Counter idLookupsSaved;
    final Counter opsApplied;
    final Counter opsRefused;
    final Counter opsRedundant;
    final Counter releases;
    final Counter releasesLate;

    AlertCounters(MetricGroup metrics) {
        created = metrics.counter("alerts_created");
        updated = metrics.counter("alerts_updated");
        ended = metrics.counter("alerts_ended");
        ignored = metrics.counter("events_ignored");
        dropped = metrics.counter("events_dropped");
        expired = metrics.counter("events_expired");
        duplicates = metrics.counter("events_duplicate");
        idLookupsSaved = metrics.counter("event_id_lookups_saved");
        opsApplied = metrics.counter("ops_applied");
        opsRefused = metrics.counter("ops_refused");
        opsRedundant = metrics.counter("ops_redundant");
        releases = metrics.counter("qos_releases");
        releasesLate = metrics.counter("qos_releases_after_end");
    }
}
