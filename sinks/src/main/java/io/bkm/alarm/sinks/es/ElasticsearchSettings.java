package io.bkm.alarm.sinks.es;

import io.bkm.alarm.sinks.common.BatchSettings;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Connection, batching, template and index-name settings for Elasticsearch. */
public record ElasticsearchSettings(
        List<String> hosts,
        BatchSettings batch,
        int shards,
        int replicas,
        String eventIndex,
        String alertIndex,
        String logAlertIndex,
        String actionIndex)
        implements Serializable {

    /**
     * Creates the four templates when missing.
     *
     * @return every difference found in templates that exist, prefixed by the template name
     */
    public List<String> installTemplates() throws IOException, InterruptedException {
        ElasticsearchHttp http = new ElasticsearchHttp(hosts, Duration.ofSeconds(30));
        List<String> diffs = new ArrayList<>();
        install(http, IndexTemplates.Family.EVENT, eventIndex, diffs);
        install(http, IndexTemplates.Family.ALERT, alertIndex, diffs);
        install(http, IndexTemplates.Family.LOG_ALERT, logAlertIndex, diffs);
        install(http, IndexTemplates.Family.ACTION, actionIndex, diffs);
        return diffs;
    }

    private void install(
            ElasticsearchHttp http, IndexTemplates.Family family, String base, List<String> diffs)
            throws IOException, InterruptedException {
        for (String d :
                IndexTemplates.ensure(
                        http, base, IndexTemplates.template(family, base, shards, replicas))) {
            diffs.add(base + ": " + d);
        }
    }
}
