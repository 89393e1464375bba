package io.bkm.alarm.sql;

import static io.bkm.alarm.common.JsonFields.get;
import static io.bkm.alarm.common.JsonFields.integer;
import static io.bkm.alarm.common.JsonFields.requiredStr;
import static io.bkm.alarm.common.JsonFields.str;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.MessageParser;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.common.Reasons;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * One version of an alert on {@code bkm_alert} as the row of the {@code alerts} table. A version
 * without its id, business, status, create or update time, or with a field of the wrong type, is a
 * dead letter: the SQL job's windows need every version's time.
 */
public final class AlertVersionRows implements MessageParser<Row> {
    static final String[] COLUMNS = {
        "id",
        "bk_biz_id",
        "strategy_id",
        "alert_name",
        "severity",
        "status",
        "create_time",
        "update_time",
        "begin_time",
        "end_time",
        "version",
        "event_count",
        "is_ack",
        "is_shielded",
        "is_blocked",
        "ack_duration",
        "dimensions"
    };

    static final TypeInformation<Row> DIMENSION =
            Types.ROW_NAMED(new String[] {"key", "value"}, Types.STRING, Types.STRING);

    public static final TypeInformation<Row> TYPE =
            Types.ROW_NAMED(
                    COLUMNS,
                    Types.STRING,
                    Types.STRING,
                    Types.LONG,
                    Types.STRING,
                    Types.INT,
                    Types.STRING,
                    Types.LONG,
                    Types.LONG,
                    Types.LONG,
                    Types.LONG,
                    Types.LONG,
                    Types.LONG,
                    Types.BOOLEAN,
                    Types.BOOLEAN,
                    Types.BOOLEAN,
                    Types.LONG,
                    Types.OBJECT_ARRAY(DIMENSION));

    @Override
    public ParseResult<Row> parse(JsonNode m, long receivedAt) throws InvalidInputException {
        JsonFields.requireObject(m, "an alert version");
        Long severity = integer(m, "severity");
        Row r =
                Row.of(
                        requiredStr(m, "id"),
                        requiredStr(m, "bk_biz_id"),
                        integer(m, "strategy_id"),
                        str(m, "alert_name"),
                        severity == null ? null : severity.intValue(),
                        requiredStr(m, "status"),
                        requiredEpoch(m, "create_time"),
                        requiredEpoch(m, "update_time"),
                        JsonFields.epoch(m, "begin_time"),
                        JsonFields.epoch(m, "end_time"),
                        integer(m, "version"),
                        integer(m, "event_count"),
                        bool(m, "is_ack"),
                        bool(m, "is_shielded"),
                        bool(m, "is_blocked"),
                        integer(m, "ack_duration"),
                        dimensions(m));
        return ParseResult.of(List.of(r));
    }

    static long requiredEpoch(JsonNode m, String field) throws InvalidInputException {
        JsonFields.required(m, field);
        return JsonFields.epoch(m, field);
    }

    static Boolean bool(JsonNode m, String field) throws InvalidInputException {
        JsonNode n = get(m, field);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, field + " must be true or false");
        }
        return n.booleanValue();
    }

    private static Row[] dimensions(JsonNode m) throws InvalidInputException {
        JsonNode n = get(m, "dimensions");
        if (n == null) {
            return new Row[0];
        }
        if (!n.isArray()) {
            throw new InvalidInputException(Reasons.WRONG_TYPE, "dimensions must be a list");
        }
        Row[] out = new Row[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode d = n.get(i);
            JsonFields.requireObject(d, "a dimension");
            out[i] = Row.of(requiredStr(d, "key"), str(d, "value"));
        }
        return out;
    }
}
