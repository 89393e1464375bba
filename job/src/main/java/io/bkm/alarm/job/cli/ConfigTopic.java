package io.bkm.alarm.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.ConfigRecords;
import io.bkm.alarm.common.Json;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The compacted config topic as the job sees it: the last record of each key wins. */
final class ConfigTopic {
    private ConfigTopic() {}

    /** Id → the latest JSON of each {@code {prefix}{id}} key; null for a tombstone. */
    static Map<Long, String> latest(Services svc, String prefix) throws CliException {
        Map<Long, String> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : svc.read(svc.settings.topics().config(), 0)) {
            Long id = ConfigRecords.idOf(Services.text(r.key()), prefix);
            if (id != null && id >= 0) {
                out.put(id, Services.text(r.value()));
            }
        }
        return out;
    }

    /** A record's JSON as stored on the topic. */
    static JsonNode json(String record) throws CliException {
        try {
            return Json.MAPPER.readTree(record);
        } catch (IOException e) {
            throw new CliException("a record on the config topic is not JSON: " + e.getMessage());
        }
    }
}
