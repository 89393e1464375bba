package io.bkm.alarm.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.AlertDimension;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.NumericStringSerializer;
import io.bkm.alarm.model.Tag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The documents written for every event (event, alert, alert log) rendered field by field, with the
 * bytes {@link Json#writeBytes} gives for them: the same names, order, escaping and omitted nulls,
 * which {@code DocumentJsonTest} holds it to for every field. Data binding reads each field by
 * reflection and looks its serializer up, and every call sets up a generator and its buffers; here
 * one generator and buffer serve every document of the thread that owns the instance. Not
 * thread-safe: one per operator instance.
 */
public final class DocumentJson {
    private final Output out = new Output();
    private JsonGenerator gen;

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
        void write(JsonGenerator g, T value) throws IOException;
    }

    private <T> byte[] render(T value, Body<T> body) {
        try {
            JsonGenerator g = generator();
            body.write(g, value);
            g.flush();
            return out.take();
        } catch (IOException | RuntimeException e) {
            // a generator left inside a document cannot start the next one
            gen = null;
            out.reset();
            throw new IllegalStateException(
                    "cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private JsonGenerator generator() throws IOException {
        if (gen == null) {
            gen = Json.MAPPER.getFactory().createGenerator(out);
            gen.setRootValueSeparator(null);
        }
        return gen;
    }

    static void writeEvent(JsonGenerator g, Event e) throws IOException {
        g.writeStartObject();
        string(g, ID, e.id);
        string(g, EVENT_ID, e.eventId);
        string(g, PLUGIN_ID, e.pluginId);
        number(g, STRATEGY_ID, e.strategyId);
        string(g, ALERT_NAME, e.alertName);
        string(g, DESCRIPTION, e.description);
        number(g, SEVERITY, e.severity);
        string(g, DATA_TYPE, e.dataType);
        if (e.tags != null) {
            g.writeFieldName(TAGS);
            g.writeStartArray();
            for (Tag t : e.tags) {
                writeTag(g, t);
            }
            g.writeEndArray();
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
        g.writeEndObject();
    }

    private static void writeTag(JsonGenerator g, Tag t) throws IOException {
        if (t == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, KEY, t.key);
        string(g, DISPLAY_KEY, t.displayKey);
        string(g, DISPLAY_VALUE, t.displayValue);
        // Tag.jsonValue(), a getter: data binding writes it after the fields
        if (t.values != null) {
            strings(g, VALUE, t.values);
        } else {
            string(g, VALUE, t.value);
        }
        g.writeEndObject();
    }

    static void writeAlert(JsonGenerator g, Alert a) throws IOException {
        g.writeStartObject();
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
            g.writeFieldName(EVENT);
            writeEvent(g, a.event);
        }
        if (a.dimensions != null) {
            g.writeFieldName(DIMENSIONS);
            g.writeStartArray();
            for (AlertDimension d : a.dimensions) {
                writeDimension(g, d);
            }
            g.writeEndArray();
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
        g.writeEndObject();
    }

    private static void writeDimension(JsonGenerator g, AlertDimension d) throws IOException {
        if (d == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, KEY, d.key);
        string(g, VALUE, d.value);
        string(g, DISPLAY_KEY, d.displayKey);
        string(g, DISPLAY_VALUE, d.displayValue);
        g.writeEndObject();
    }

    static void writeAlertLog(JsonGenerator g, AlertLog l) throws IOException {
        g.writeStartObject();
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
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, SerializableString name, String v)
            throws IOException {
        if (v != null) {
            g.writeFieldName(name);
            g.writeString(v);
        }
    }

    private static void strings(JsonGenerator g, SerializableString name, String[] v)
            throws IOException {
        if (v != null) {
            g.writeFieldName(name);
            g.writeStartArray();
            for (String s : v) {
                if (s == null) {
                    g.writeNull();
                } else {
                    g.writeString(s);
                }
            }
            g.writeEndArray();
        }
    }

    private static void number(JsonGenerator g, SerializableString name, Long v)
            throws IOException {
        if (v != null) {
            g.writeFieldName(name);
            g.writeNumber(v.longValue());
        }
    }

    private static void number(JsonGenerator g, SerializableString name, Integer v)
            throws IOException {
        if (v != null) {
            g.writeFieldName(name);
            g.writeNumber(v.intValue());
        }
    }

    private static void bool(JsonGenerator g, SerializableString name, Boolean v)
            throws IOException {
        if (v != null) {
            g.writeFieldName(name);
            g.writeBoolean(v);
        }
    }

    /** As {@link NumericStringSerializer}: an integer-looking string as a number. */
    private static void numeric(JsonGenerator g, SerializableString name, String v)
            throws IOException {
        if (v != null) {
            g.writeFieldName(name);
            NumericStringSerializer.write(v, g);
        }
    }

    /** A {@code @JsonRawValue} field: its text as it is. */
    private static void raw(JsonGenerator g, SerializableString name, String v) throws IOException {
        if (v != null) {
            g.writeFieldName(name);
            g.writeRawValue(v);
        }
    }

    private static SerializableString name(String n) {
        return new SerializedString(n);
    }

    /** The buffer every document of the instance is written to, then copied out of. */
    private static final class Output extends ByteArrayOutputStream {
        Output() {
            super(2048);
        }

        byte[] take() {
            byte[] b = Arrays.copyOf(buf, count);
            count = 0;
            return b;
        }
    }

    private static final SerializableString ID = name("id");
    private static final SerializableString EVENT_ID = name("event_id");
    private static final SerializableString PLUGIN_ID = name("plugin_id");
    private static final SerializableString STRATEGY_ID = name("strategy_id");
    private static final SerializableString ALERT_NAME = name("alert_name");
    private static final SerializableString DESCRIPTION = name("description");
    private static final SerializableString SEVERITY = name("severity");
    private static final SerializableString DATA_TYPE = name("data_type");
    private static final SerializableString TAGS = name("tags");
    private static final SerializableString TARGET_TYPE = name("target_type");
    private static final SerializableString TARGET = name("target");
    private static final SerializableString ASSIGNEE = name("assignee");
    private static final SerializableString STATUS = name("status");
    private static final SerializableString METRIC = name("metric");
    private static final SerializableString CATEGORY = name("category");
    private static final SerializableString DEDUPE_KEYS = name("dedupe_keys");
    private static final SerializableString DEDUPE_MD5 = name("dedupe_md5");
    private static final SerializableString TIME = name("time");
    private static final SerializableString ANOMALY_TIME = name("anomaly_time");
    private static final SerializableString BK_INGEST_TIME = name("bk_ingest_time");
    private static final SerializableString BK_CLEAN_TIME = name("bk_clean_time");
    private static final SerializableString CREATE_TIME = name("create_time");
    private static final SerializableString BK_BIZ_ID = name("bk_biz_id");
    private static final SerializableString IP = name("ip");
    private static final SerializableString BK_CLOUD_ID = name("bk_cloud_id");
    private static final SerializableString BK_SERVICE_INSTANCE_ID = name("bk_service_instance_id");
    private static final SerializableString BK_HOST_ID = name("bk_host_id");
    private static final SerializableString IPV6 = name("ipv6");
    private static final SerializableString BK_TOPO_NODE = name("bk_topo_node");
    private static final SerializableString EXTRA_INFO = name("extra_info");
    private static final SerializableString BK_TENANT_ID = name("bk_tenant_id");
    private static final SerializableString KEY = name("key");
    private static final SerializableString VALUE = name("value");
    private static final SerializableString DISPLAY_KEY = name("display_key");
    private static final SerializableString DISPLAY_VALUE = name("display_value");
    private static final SerializableString SEQ_ID = name("seq_id");
    private static final SerializableString UPDATE_TIME = name("update_time");
    private static final SerializableString BEGIN_TIME = name("begin_time");
    private static final SerializableString LATEST_TIME = name("latest_time");
    private static final SerializableString FIRST_ANOMALY_TIME = name("first_anomaly_time");
    private static final SerializableString END_TIME = name("end_time");
    private static final SerializableString DURATION = name("duration");
    private static final SerializableString ACK_DURATION = name("ack_duration");
    private static final SerializableString EVENT = name("event");
    private static final SerializableString DIMENSIONS = name("dimensions");
    private static final SerializableString LABELS = name("labels");
    private static final SerializableString EVENT_COUNT = name("event_count");
    private static final SerializableString IS_BLOCKED = name("is_blocked");
    private static final SerializableString IS_HANDLED = name("is_handled");
    private static final SerializableString IS_ACK = name("is_ack");
    private static final SerializableString ACK_OPERATOR = name("ack_operator");
    private static final SerializableString IS_SHIELDED = name("is_shielded");
    private static final SerializableString SHIELD_ID = name("shield_id");
    private static final SerializableString IS_FLAPPING = name("is_flapping");
    private static final SerializableString SHIELD_LEFT_TIME = name("shield_left_time");
    private static final SerializableString NEXT_STATUS = name("next_status");
    private static final SerializableString NEXT_STATUS_TIME = name("next_status_time");
    private static final SerializableString VERSION = name("version");
    private static final SerializableString ALERT_ID = name("alert_id");
    private static final SerializableString OP_TYPE = name("op_type");
    private static final SerializableString OPERATOR = name("operator");
}
