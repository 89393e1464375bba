package io.bkm.alarm.sql;

import static io.bkm.alarm.common.JsonFields.integer;
import static io.bkm.alarm.common.JsonFields.requiredStr;
import static io.bkm.alarm.common.JsonFields.str;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.JsonFields;
import io.bkm.alarm.common.MessageParser;
import io.bkm.alarm.common.ParseResult;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * One notice or summary on {@code bkm_action} as the row of the {@code actions} table. The daily
 * statistics count it by its alert's business and its create time: without them it is a dead
 * letter.
 */
public final class NoticeRows implements MessageParser<Row> {
    static final TypeInformation<Row> ALERT =
            Types.ROW_NAMED(new String[] {"bk_biz_id", "strategy_id"}, Types.STRING, Types.LONG);

    public static final TypeInformation<Row> TYPE =
            Types.ROW_NAMED(
                    new String[] {
                        "id",
                        "alert_id",
                        "signal",
                        "action_type",
                        "create_time",
                        "converged_count",
                        "alert"
                    },
                    Types.STRING,
                    Types.STRING,
                    Types.STRING,
                    Types.STRING,
                    Types.LONG,
                    Types.LONG,
                    ALERT);

    @Override
    public ParseResult<Row> parse(JsonNode m, long receivedAt) throws InvalidInputException {
        JsonFields.requireObject(m, "a notice");
        JsonNode alert = JsonFields.required(m, "alert");
        JsonFields.requireObject(alert, "alert");
        return ParseResult.of(
                List.of(
                        Row.of(
                                str(m, "id"),
                                str(m, "alert_id"),
                                str(m, "signal"),
                                str(m, "action_type"),
                                AlertVersionRows.requiredEpoch(m, "create_time"),
                                integer(m, "converged_count"),
                                Row.of(
                                        requiredStr(alert, "bk_biz_id"),
                                        integer(alert, "strategy_id")))));
    }
}
