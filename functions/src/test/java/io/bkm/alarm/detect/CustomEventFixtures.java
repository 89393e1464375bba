package io.bkm.alarm.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.CustomEventRecord;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.Tag;
import java.nio.charset.StandardCharsets;

/** A custom-event strategy of business 5 over data id 1572946, and events to feed it. */
public final class CustomEventFixtures {
    /** A minute boundary: windows of 60 s start here. */
    public static final long T0 = 1_716_951_240L;

    public static final long DATA_ID = 1572946;
    public static final long STRATEGY = 7001;

    private CustomEventFixtures() {}

    /**
     * "Login failures": events named login_failed counted per minute by target and module; one is a
     * reminder (level 3), five or more fatal (level 1); each triggers at once.
     */
    public static ObjectNode strategy() throws Exception {
        return (ObjectNode)
                Json.MAPPER.readTree(
                        """
                        {"id": 7001, "bk_biz_id": 5, "name": "Login failures",
                         "scenario": "custom_event",
                         "items": [{"id": 8001, "name": "login_failed",
                           "metric_ids": ["custom.event.5_bkmonitor_event_1572946.login_failed"],
                           "data_type": "event", "agg_interval": 60,
                           "agg_dimension": ["target", "module"],
                           "algorithms": [
                             {"level": 3, "type": "Threshold",
                              "config": [[{"method": "gte", "threshold": 1}]]},
                             {"level": 1, "type": "Threshold",
                              "config": [[{"method": "gte", "threshold": 5}]]}]}],
                         "detects": [
                           {"level": 1, "trigger_config": {"count": 1, "check_window": 1},
                            "recovery_config": {"check_window": 5}},
                           {"level": 3, "trigger_config": {"count": 1, "check_window": 1},
                            "recovery_config": {"check_window": 5}}]}
                        """);
    }

    public static CustomEventRecord event(String name, long timeMs, String target, String module) {
        CustomEventRecord r = new CustomEventRecord();
        r.dataId = DATA_ID;
        r.bkBizId = "5";
        r.eventName = name;
        r.content = name + " on " + target;
        r.target = target;
        r.dimensions = new Tag[] {new Tag("module", module), new Tag("location", "shenzhen")};
        r.timestampMs = timeMs;
        r.receivedAt = timeMs / 1000 + 2;
        r.setSource("bkm_custom_event", 0, timeMs % 1000);
        return r;
    }

    public static CustomEventRecord recoveryEvent(long timeMs, String target, String module) {
        CustomEventRecord r = event("login_failed", timeMs, target, module);
        r.dimensions = new Tag[] {new Tag("module", module), new Tag("event_type", "recovery")};
        r.recovery = true;
        return r;
    }

    public static RawMessage config(ObjectNode strategy) {
        RawMessage m =
                new RawMessage(
                        "bkm_config",
                        0,
                        0,
                        T0 * 1000,
                        Json.write(strategy).getBytes(StandardCharsets.UTF_8));
        m.key = "strategy:" + strategy.path("id").asText();
        return m;
    }
}
