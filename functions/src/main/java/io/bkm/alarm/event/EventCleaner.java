package io.bkm.alarm.event;

import static io.bkm.alarm.common.JsonFields.get;
import static io.bkm.alarm.common.JsonFields.scalar;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.Reasons;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.fingerprint.PythonJson;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds a clean {@link Event} from an Event-shaped JSON object with bk-monitor's cleaning rules,
 * in their order (behaviour spec §2.2). {@code dedupe_md5} is left for after enrichment.
 */
public final class EventCleaner {
    static final Set<String> CATEGORIES =
            Set.of(
                    "os",
                    "host_process",
                    "host_device",
                    "component",
                    "service_process",
                    "service_module",
                    "application_check",
                    "uptimecheck",
                    "apm",
                    "hardware_device",
                    "other_rt",
                    "kubernetes");
    private static final Set<String> UPPERCASED_TARGET_TYPES = Set.of("TOPO", "SERVICE", "HOST");

    private EventCleaner() {}

    /**
     * @param obj the event object
     * @param receivedAt epoch seconds the record was received; stands in for bk-monitor's "now"
     */
    public static Event clean(JsonNode obj, long receivedAt) throws InvalidInputException {
        JsonFields.requireObject(obj, "an event");
        Event e = new Event();
        e.eventId = JsonFields.requiredStr(obj, "event_id");
        e.pluginId = JsonFields.requiredStr(obj, "plugin_id");
        e.alertName = JsonFields.requiredStr(obj, "alert_name");
        e.description = JsonFields.str(obj, "description");
        e.strategyId = JsonFields.integer(obj, "strategy_id");
        e.createTime = receivedAt;

        String targetType = JsonFields.str(obj, "target_type");
        if (targetType == null || targetType.isEmpty()) {
            e.targetType = "";
        } else {
            String upper = targetType.toUpperCase(Locale.ROOT);
            e.targetType = UPPERCASED_TARGET_TYPES.contains(upper) ? upper : targetType;
        }
        e.target = JsonFields.str(obj, "target");
        String[] metric = JsonFields.strList(obj, "metric");
        e.metric = metric == null ? new String[0] : metric;

        String dataType = JsonFields.str(obj, "data_type");
        dataType = dataType == null ? "" : dataType.toLowerCase(Locale.ROOT);
        e.dataType = dataType.equals("time_series") || dataType.equals("log") ? dataType : "event";

        e.bkBizId = JsonFields.str(obj, "bk_biz_id");

        JsonNode suppliedKeys = get(obj, "dedupe_keys");
        String[] supplied = null;
        if (suppliedKeys != null && suppliedKeys.isArray()) {
            supplied = JsonFields.strList(obj, "dedupe_keys");
        }
        e.dedupeKeys = DedupeKeys.keys(e.hasStrategy(), supplied);

        String status = JsonFields.str(obj, "status");
        status = status == null ? "" : status.toUpperCase(Locale.ROOT);
        e.status =
                status.equals(EventStatus.CLOSED) || status.equals(EventStatus.RECOVERED)
                        ? status
                        : EventStatus.ABNORMAL;

        e.severity = severity(get(obj, "severity"));
        e.tags = tags(get(obj, "tags"));

        e.bkIngestTime = JsonFields.epoch(obj, "bk_ingest_time");
        e.bkCleanTime = JsonFields.epoch(obj, "bk_clean_time");
        JsonNode timeNode = get(obj, "time");
        e.time = JsonFields.epoch(obj, "time");
        if (e.time == null) {
            timeNode = get(obj, "bk_ingest_time");
            e.time = e.bkIngestTime;
        }
        if (e.time == null) {
            throw new InvalidInputException(
                    Reasons.MISSING_FIELD, "time or bk_ingest_time is required");
        }
        Long anomalyTime = JsonFields.epoch(obj, "anomaly_time");
        e.anomalyTime = anomalyTime == null ? e.time : anomalyTime;

        String category = JsonFields.str(obj, "category");
        category = category == null ? "" : category.toLowerCase(Locale.ROOT);
        e.category = CATEGORIES.contains(category) ? category : "other_rt";

        // The id hashes the values as they arrived (a float time hashes as Python prints it).
        e.id =
                Fingerprint.of(
                        Arrays.asList(
                                e.pluginId,
                                scalar(get(obj, "event_id")),
                                e.status,
                                scalar(timeNode)));

        String tenant = JsonFields.str(obj, "bk_tenant_id");
        e.bkTenantId = tenant == null || tenant.isEmpty() ? "system" : tenant;

        e.assignee = JsonFields.strList(obj, "assignee");
        e.ip = JsonFields.str(obj, "ip");
        e.ipv6 = JsonFields.str(obj, "ipv6");
        e.bkCloudId = JsonFields.str(obj, "bk_cloud_id");
        e.bkHostId = JsonFields.str(obj, "bk_host_id");
        e.bkServiceInstanceId = JsonFields.str(obj, "bk_service_instance_id");
        e.bkTopoNode = JsonFields.strList(obj, "bk_topo_node");
        JsonNode extra = get(obj, "extra_info");
        if (extra != null) {
            if (!extra.isObject()) {
                throw new InvalidInputException(Reasons.WRONG_TYPE, "extra_info must be an object");
            }
            e.extraInfo = Json.write(extra);
            Integer aiopsLevel = aiopsSeverity(extra);
            if (aiopsLevel != null) {
                e.severity = aiopsLevel;
            }
        }
        JsonNode suppliedMd5 = get(obj, "dedupe_md5");
        if (suppliedMd5 != null && suppliedMd5.isTextual() && !suppliedMd5.textValue().isEmpty()) {
            e.dedupeMd5 = suppliedMd5.textValue();
        }
        return e;
    }

    /** Python's {@code int()} then a clamp to 1..3; anything unparsable is 3 (remind). */
    static int severity(JsonNode n) {
        long v;
        if (n == null) {
            return 3;
        } else if (n.isBoolean()) {
            v = n.booleanValue() ? 1 : 0;
        } else if (n.isNumber()) {
            v = n.longValue();
        } else if (n.isTextual()) {
            try {
                v = Long.parseLong(n.textValue().strip());
            } catch (NumberFormatException ex) {
                return 3;
            }
        } else {
            return 3;
        }
        return (int) Math.max(1, Math.min(3, v));
    }

    static Tag[] tags(JsonNode n) throws InvalidInputException {
        if (n == null) {
            return new Tag[0];
        }
        if (!n.isArray()) {
            throw new InvalidInputException(
                    Reasons.WRONG_TYPE, "tags must be a list of {key, value}");
        }
        List<Tag> out = new ArrayList<>(n.size());
        for (JsonNode t : n) {
            if (!t.isObject() || get(t, "key") == null) {
                throw new InvalidInputException(
                        Reasons.WRONG_TYPE, "every tag must be an object with a key");
            }
            Tag tag = new Tag();
            JsonNode key = t.get("key");
            tag.key = key.isValueNode() ? Fingerprint.pythonStr(scalar(key)) : Json.write(key);
            JsonNode value = get(t, "value");
            if (value != null && value.isArray()) {
                List<String> members = new ArrayList<>(value.size());
                for (JsonNode m : value) {
                    members.add(
                            m.isContainerNode()
                                    ? PythonJson.dumps(m)
                                    : Fingerprint.pythonStr(scalar(m)));
                }
                tag.values = members.toArray(new String[0]);
            } else if (value != null && value.isObject()) {
                tag.value = PythonJson.dumps(value);
            } else {
                tag.value = value == null ? null : Fingerprint.pythonStr(scalar(value));
            }
            JsonNode dk = get(t, "display_key");
            JsonNode dv = get(t, "display_value");
            tag.displayKey = dk == null ? null : dk.isValueNode() ? dk.asText() : Json.write(dk);
            tag.displayValue = dv == null ? null : dv.isValueNode() ? dv.asText() : Json.write(dv);
            out.add(tag);
        }
        return out.toArray(new Tag[0]);
    }

    /** AIOps dynamic level: {@code origin_alarm.data.values.extra_info} is a JSON string. */
    private static Integer aiopsSeverity(JsonNode extra) {
        JsonNode inner = extra.at("/origin_alarm/data/values/extra_info");
        if (!inner.isTextual()) {
            return null;
        }
        try {
            JsonNode level =
                    Json.MAPPER.readTree(inner.textValue()).at("/alert_level_msg/alert_level");
            return level.isMissingNode() || level.isNull() ? null : severity(level);
        } catch (Exception ex) {
            return null;
        }
    }
}
