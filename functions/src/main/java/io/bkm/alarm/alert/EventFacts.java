package io.bkm.alarm.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Event;

/**
 * What the alert state reads from an event's {@code extra_info.origin_alarm}: the access time the
 * expiry rule uses (§2.5) and the anomaly times behind a triggered event, which the recovery check
 * counts (§5.3).
 */
record EventFacts(long accessTime, long[] anomalyTimes) {

    static EventFacts of(Event e) {
        long time = e.time;
        if (e.extraInfo == null || !e.extraInfo.contains("origin_alarm")) {
            return new EventFacts(time, new long[] {time});
        }
        JsonNode origin;
        try {
            origin = Json.MAPPER.readTree(e.extraInfo).path("origin_alarm");
        } catch (Exception ex) {
            return new EventFacts(time, new long[] {time});
        }
        JsonNode access = origin.path("data").path("access_time");
        long accessTime = access.isNumber() ? access.asLong() : time;
        JsonNode ids = origin.path("trigger").path("anomaly_ids");
        long[] times = new long[ids.size()];
        int n = 0;
        for (JsonNode id : ids) {
            // {dimensions md5}.{data time}.{strategy}.{item}.{level}
            String[] parts = id.asText().split("\\.");
            if (parts.length >= 2) {
                try {
                    times[n++] = Long.parseLong(parts[1]);
                } catch (NumberFormatException ignored) {
                    // not an anomaly id of bk-monitor's form: the event time stands for it
                }
            }
        }
        return new EventFacts(
                accessTime, n == 0 ? new long[] {time} : java.util.Arrays.copyOf(times, n));
    }
}
