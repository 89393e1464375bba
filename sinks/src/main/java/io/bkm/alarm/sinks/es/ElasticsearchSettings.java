package io.bkm.alarm.sinks.es;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.sinks.common.BatchSettings;
import io.bkm.alarm.sinks.common.SendLane;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection, batching, template and index-name settings for Elasticsearch.
 *
 * @param batch how alerts and actions, what pages people, are sent
 * @param historyBatch how events and alert logs, the history behind alerts, are sent: in larger,
 *     rarer bulks, which cost Elasticsearch less per document
 * @param historyBulksInFlight how many history bulks a task manager has in flight at once, so that
 *     alert and action bulks find a write thread of Elasticsearch free (see {@link SendLane}); 0:
 *     no limit
 * @param apmIndex the prefix of the APM discovery indices, one per entity type ({@code
 *     apmIndex_endpoint}, …)
 * @param historyRefreshInterval how soon events and alert logs can be searched once written (empty:
 *     Elasticsearch's default, a second)
 * @param alertRefreshInterval how soon alerts can be searched once written (empty: the default);
 *     actions keep the default
 */
public record ElasticsearchSettings(
        ElasticsearchConnection connection,
        BatchSettings batch,
        BatchSettings historyBatch,
        int historyBulksInFlight,
        int shards,
        int replicas,
        String historyRefreshInterval,
        String alertRefreshInterval,
        String eventIndex,
        String alertIndex,
        String logAlertIndex,
        String actionIndex,
        String apmIndex)
        implements Serializable {

    public List<String> hosts() {
        return connection.hosts();
    }

    /** The lane the history writers share; null when their bulks are not limited. */
    public SendLane.Spec historyLane() {
        return historyBulksInFlight == 0
                ? null
                : new SendLane.Spec(
                        "elasticsearch history " + String.join(",", hosts()), historyBulksInFlight);
    }

    /**
     * Creates the templates when missing.
     *
     * @return every difference found in templates that exist, prefixed by the template name
     */
    public List<String> installTemplates() throws IOException, InterruptedException {
        ElasticsearchHttp http = new ElasticsearchHttp(connection, Duration.ofSeconds(30));
        List<String> diffs = new ArrayList<>();
        install(http, IndexTemplates.Family.EVENT, eventIndex, historyRefreshInterval, diffs);
        install(http, IndexTemplates.Family.ALERT, alertIndex, alertRefreshInterval, diffs);
        install(
                http,
                IndexTemplates.Family.LOG_ALERT,
                logAlertIndex,
                historyRefreshInterval,
                diffs);
        install(http, IndexTemplates.Family.ACTION, actionIndex, "", diffs);
        install(http, IndexTemplates.Family.APM, apmIndex, "", diffs);
        return diffs;
    }

    private void install(
            ElasticsearchHttp http,
            IndexTemplates.Family family,
            String base,
            String refreshInterval,
            List<String> diffs)
            throws IOException, InterruptedException {
        ObjectNode wanted =
                IndexTemplates.template(family, base, shards, replicas, refreshInterval);
        for (String d : IndexTemplates.ensure(http, base, wanted)) {
            diffs.add(base + ": " + d);
        }
    }
}
