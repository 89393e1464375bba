package io.bkm.alarm.job.cli;

import io.bkm.alarm.common.ConfigRecords;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The compacted config topic as the job sees it: the last record of each key wins. */
final class ConfigTopic {
    private ConfigTopic() {}

    /** Id → the latest JSON of each {@code {prefix}{id}} key; null for a tombstone. */
    static Map<Long, String> latest(Services svc, String prefix) throws CliException {
        Map<Long, String> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : svc.read(svc.settings.configTopic(), 0)) {
            Long id = ConfigRecords.idOf(Services.text(r.key()), prefix);
            if (id != null && id >= 0) {
                out.put(id, Services.text(r.value()));
            }
        }
        return out;
    }
}
