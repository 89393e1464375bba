package io.bkm.alarm.model.json;

import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertDimension;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.NumericStringSerializer;
import io.bkm.alarm.model.Tag;

/**
 * The documents written for every event (event, alert, alert log) rendered field by field, with the
 * bytes {@link Json#writeBytes} gives for them: the same names, order, escaping and omitted nulls,
 * which {@code DocumentJsonTest} holds it to for every field. Data binding reads each field by
 * reflection and looks its serializer up; Jackson's generator checks its context for every value
 * and escapes through tables meant for any settings. Here one {@link JsonBytes} buffer serves every
 * document of the thread that owns the instance. Not thread-safe: one per operator instance.
 */
public final class DocumentJson {
    private final JsonBytes out = new JsonBytes();

    public byte[] event(Event e) {
        return render(e, DocumentJson::writeEvent);
    }

    public byte[] alert(Alert a) {
        return render(a, DocumentJson::writeAlert);
    }

    public byte[] alertLog(AlertLog l) {
        return render(l, DocumentJson::writeAlertLog);
    }

    @FunctionalInterface
    private interface Body<T> {
        void write(JsonBytes g, T value);
    }

    private <T> byte[] render(T value, Body<T> body) {
        try {
            body.write(out, value);
            return out.take();
        } catch (RuntimeException e) {
            out.reset();
            throw new IllegalStateException(
                    "cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    static void writeEvent(JsonBytes g, Event e) {
        g.startObject();
        string(g, ID, e.id);
        string(g, EVENT_ID, e.eventId);
        string(g, PLUGIN_ID, e.pluginId);
        number(g, STRATEGY_ID, e.strategyId);
        string(g, ALERT_NAME, e.alertName);
        string(g, DESCRIPTION, e.description);
        number(g, SEVERITY, e.severity);
        string(g, DATA_TYPE, e.dataType);
        if (e.tags != null) {
            g.field(TAGS);
            g.startArray();
            for (Tag t : e.tags) {
                writeTag(g, t);
            }
            g.endArray();
        }
        string(g, TARGET_TYPE, e.targetType);
        string(g, TARGET, e.target);
        strings(g, ASSIGNEE, e.assignee);
        string(g, STATUS, e.status);
        strings(g, METRIC, e.metric);
        string(g, CATEGORY, e.category);
        strings(g, DEDUPE_KEYS, e.dedupeKeys);
        string(g, DEDUPE_MD5, e.dedupeMd5);
        number(g, TIME, e.time);
        number(g, ANOMALY_TIME, e.anomalyTime);
        number(g, BK_INGEST_TIME, e.bkIngestTime);
        number(g, BK_CLEAN_TIME, e.bkCleanTime);
        number(g, CREATE_TIME, e.createTime);
        numeric(g, BK_BIZ_ID, e.bkBizId);
        string(g, IP, e.ip);
        numeric(g, BK_CLOUD_ID, e.bkCloudId);
        string(g, BK_SERVICE_INSTANCE_ID, e.bkServiceInstanceId);
        numeric(g, BK_HOST_ID, e.bkHostId);
        string(g, IPV6, e.ipv6);
        strings(g, BK_TOPO_NODE, e.bkTopoNode);
        raw(g, EXTRA_INFO, e.extraInfo);
        string(g, BK_TENANT_ID, e.bkTenantId);
        g.endObject();
    }

    private static void writeTag(JsonBytes g, Tag t) {
        if (t == null) {
            g.nul();
            return;
        }
        g.startObject();
        string(g, KEY, t.key);
        string(g, DISPLAY_KEY, t.displayKey);
        string(g, DISPLAY_VALUE, t.displayValue);
        // Tag.jsonValue(), a getter: data binding writes it after the fields
        if (t.values != null) {
            strings(g, VALUE, t.values);
        } else {
            string(g, VALUE, t.value);
        }
        g.endObject();
    }

    static void writeAlert(JsonBytes g, Alert a) {
        g.startObject();
        string(g, ID, a.id);
        number(g, SEQ_ID, a.seqId);
        string(g, BK_TENANT_ID, a.bkTenantId);
        string(g, DEDUPE_MD5, a.dedupeMd5);
        number(g, STRATEGY_ID, a.strategyId);
        string(g, ALERT_NAME, a.alertName);
        numeric(g, BK_BIZ_ID, a.bkBizId);
        number(g, SEVERITY, a.severity);
        string(g, STATUS, a.status);
        number(g, CREATE_TIME, a.createTime);
        number(g, UPDATE_TIME, a.updateTime);
        number(g, BEGIN_TIME, a.beginTime);
        number(g, LATEST_TIME, a.latestTime);
        number(g, FIRST_ANOMALY_TIME, a.firstAnomalyTime);
        number(g, END_TIME, a.endTime);
        number(g, DURATION, a.duration);
        number(g, ACK_DURATION, a.ackDuration);
        if (a.event != null) {
            g.field(EVENT);
            writeEvent(g, a.event);
        }
        if (a.dimensions != null) {
            g.field(DIMENSIONS);
            g.startArray();
            for (AlertDimension d : a.dimensions) {
                writeDimension(g, d);
            }
            g.endArray();
        }
        strings(g, LABELS, a.labels);
        number(g, EVENT_COUNT, a.eventCount);
        bool(g, IS_BLOCKED, a.isBlocked);
        bool(g, IS_HANDLED, a.isHandled);
        bool(g, IS_ACK, a.isAck);
        string(g, ACK_OPERATOR, a.ackOperator);
        bool(g, IS_SHIELDED, a.isShielded);
        strings(g, SHIELD_ID, a.shieldId);
        bool(g, IS_FLAPPING, a.isFlapping);
        number(g, SHIELD_LEFT_TIME, a.shieldLeftTime);
        strings(g, ASSIGNEE, a.assignee);
        string(g, NEXT_STATUS, a.nextStatus);
        number(g, NEXT_STATUS_TIME, a.nextStatusTime);
        raw(g, EXTRA_INFO, a.extraInfo);
        number(g, VERSION, a.version);
        g.endObject();
    }

    private static void writeDimension(JsonBytes g, AlertDimension d) {
        if (d == null) {
            g.nul();
            return;
        }
        g.startObject();
        string(g, KEY, d.key);
        string(g, VALUE, d.value);
        string(g, DISPLAY_KEY, d.displayKey);
        string(g, DISPLAY_VALUE, d.displayValue);
        g.endObject();
    }

    static void writeAlertLog(JsonBytes g, AlertLog l) {
        g.startObject();
        string(g, ID, l.id);
        string(g, ALERT_ID, l.alertId);
        number(g, CREATE_TIME, l.createTime);
        string(g, OP_TYPE, l.opType);
        string(g, OPERATOR, l.operator);
        number(g, TIME, l.time);
        string(g, EVENT_ID, l.eventId);
        string(g, DESCRIPTION, l.description);
        string(g, STATUS, l.status);
        number(g, SEVERITY, l.severity);
        string(g, NEXT_STATUS, l.nextStatus);
        number(g, NEXT_STATUS_TIME, l.nextStatusTime);
        g.endObject();
    }

    private static void string(JsonBytes g, byte[] name, String v) {
        if (v != null) {
            g.field(name);
            g.string(v);
        }
    }

    private static void strings(JsonBytes g, byte[] name, String[] v) {
        if (v != null) {
            g.field(name);
            g.startArray();
            for (String s : v) {
                if (s == null) {
                    g.nul();
                } else {
                    g.string(s);
                }
            }
            g.endArray();
        }
    }

    private static void number(JsonBytes g, byte[] name, Long v) {
        if (v != null) {
            g.field(name);
            g.number(v.longValue());
        }
    }

    private static void number(JsonBytes g, byte[] name, Integer v) {
        if (v != null) {
            g.field(name);
            g.number(v.intValue());
        }
    }

    private static void bool(JsonBytes g, byte[] name, Boolean v) {
        if (v != null) {
            g.field(name);
            g.bool(v);
        }
    }

    /** As {@link NumericStringSerializer}: an integer-looking string as a number. */
    private static void numeric(JsonBytes g, byte[] name, String v) {
        if (v != null) {
            g.field(name);
            if (NumericStringSerializer.isInteger(v)) {
                g.numberText(v);
            } else {
                g.string(v);
            }
        }
    }

    /** A {@code @JsonRawValue} field: its text as it is. */
    private static void raw(JsonBytes g, byte[] name, String v) {
        if (v != null) {
            g.field(name);
            g.raw(v);
        }
    }

    private static byte[] name(String n) {
        return JsonBytes.name(n);
    }

    private static final byte[] ID = name("id");
    private static final byte[] EVENT_ID = name("event_id");
    private static final byte[] PLUGIN_ID = name("plugin_id");
    private static final byte[] STRATEGY_ID = name("strategy_id");
    private static final byte[] ALERT_NAME = name("alert_name");
    private static final byte[] DESCRIPTION = name("description");
    private static final byte[] SEVERITY = name("severity");
    private static final byte[] DATA_TYPE = name("data_type");
    private static final byte[] TAGS = name("tags");
    private static final byte[] TARGET_TYPE = name("target_type");
    private static final byte[] TARGET = name("target");
    private static final byte[] ASSIGNEE = name("assignee");
    private static final byte[] STATUS = name("status");
    private static final byte[] METRIC = name("metric");
    private static final byte[] CATEGORY = name("category");
    private static final byte[] DEDUPE_KEYS = name("dedupe_keys");
    private static final byte[] DEDUPE_MD5 = name("dedupe_md5");
    private static final byte[] TIME = name("time");
    private static final byte[] ANOMALY_TIME = name("anomaly_time");
    private static final byte[] BK_INGEST_TIME = name("bk_ingest_time");
    private static final byte[] BK_CLEAN_TIME = name("bk_clean_time");
    private static final byte[] CREATE_TIME = name("create_time");
    private static final byte[] BK_BIZ_ID = name("bk_biz_id");
    private static final byte[] IP = name("ip");
    private static final byte[] BK_CLOUD_ID = name("bk_cloud_id");
    private static final byte[] BK_SERVICE_INSTANCE_ID = name("bk_service_instance_id");
    private static final byte[] BK_HOST_ID = name("bk_host_id");
    private static final byte[] IPV6 = name("ipv6");
    private static final byte[] BK_TOPO_NODE = name("bk_topo_node");
    private static final byte[] EXTRA_INFO = name("extra_info");
    private static final byte[] BK_TENANT_ID = name("bk_tenant_id");
    private static final byte[] KEY = name("key");
    private static final byte[] VALUE = name("value");
    private static final byte[] DISPLAY_KEY = name("display_key");
    private static final byte[] DISPLAY_VALUE = name("display_value");
    private static final byte[] SEQ_ID = name("seq_id");
    private static final byte[] UPDATE_TIME = name("update_time");
    private static final byte[] BEGIN_TIME = name("begin_time");
    private static final byte[] LATEST_TIME = name("latest_time");
    private static final byte[] FIRST_ANOMALY_TIME = name("first_anomaly_time");
    private static final byte[] END_TIME = name("end_time");
    private static final byte[] DURATION = name("duration");
    private static final byte[] ACK_DURATION = name("ack_duration");
    private static final byte[] EVENT = name("event");
    private static final byte[] DIMENSIONS = name("dimensions");
    private static final byte[] LABELS = name("labels");
    private static final byte[] EVENT_COUNT = name("event_count");
    private static final byte[] IS_BLOCKED = name("is_blocked");
    private static final byte[] IS_HANDLED = name("is_handled");
    private static final byte[] IS_ACK = name("is_ack");
    private static final byte[] ACK_OPERATOR = name("ack_operator");
    private static final byte[] IS_SHIELDED = name("is_shielded");
    private static final byte[] SHIELD_ID = name("shield_id");
    private static final byte[] IS_FLAPPING = name("is_flapping");
    private static final byte[] SHIELD_LEFT_TIME = name("shield_left_time");
    private static final byte[] NEXT_STATUS = name("next_status");
    private static final byte[] NEXT_STATUS_TIME = name("next_status_time");
    private static final byte[] VERSION = name("version");
    private static final byte[] ALERT_ID = name("alert_id");
    private static final byte[] OP_TYPE = name("op_type");
    private static final byte[] OPERATOR = name("operator");
}
