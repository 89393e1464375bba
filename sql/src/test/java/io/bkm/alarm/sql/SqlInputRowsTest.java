package io.bkm.alarm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class SqlInputRowsTest {
    private static final String VERSION =
            "{\"id\":\"17000000001\",\"bk_biz_id\":2,\"strategy_id\":7,\"severity\":1,"
                + "\"status\":\"RECOVERED\",\"create_time\":1700000000,"
                + "\"update_time\":1700000090,\"begin_time\":1700000000,"
                + "\"end_time\":1700000090,\"version\":3,\"event_count\":2,\"is_ack\":false,"
                + "\"ack_duration\":90,\"dimensions\":[{\"key\":\"ip\",\"value\":\"10.0.0.1\"}],"
                + "\"extra\":{\"ignored\":[1,2]}}";

    private static Row version(String json) throws Exception {
        return new AlertVersionRows().parse(Json.MAPPER.readTree(json), 0).records().get(0);
    }

    private static String reason(String json) {
        try {
            version(json);
        } catch (InvalidInputException e) {
            return e.reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("parsed: " + json);
    }

    @Test
    void anAlertVersionBecomesARowOfTheAlertsTable() throws Exception {
        Row r = version(VERSION);
        assertThat(r.getArity()).isEqualTo(AlertVersionRows.COLUMNS.length);
        assertThat(r.getField(0)).isEqualTo("17000000001");
        assertThat(r.getField(1)).isEqualTo("2");
        assertThat(r.getField(2)).isEqualTo(7L);
        assertThat(r.getField(4)).isEqualTo(1);
        assertThat(r.getField(7)).isEqualTo(1700000090L);
        assertThat(r.getField(12)).isEqualTo(false);
        assertThat(r.getField(13)).isNull();
        assertThat((Row[]) r.getField(16)).containsExactly(Row.of("ip", "10.0.0.1"));
    }

    @Test
    void aVersionWithoutItsTimesOrWithAFieldOfTheWrongTypeIsADeadLetter() {
        assertThat(reason(VERSION.replace("\"update_time\":1700000090,", "")))
                .isEqualTo("missing_field");
        assertThat(reason(VERSION.replace("\"update_time\":1700000090", "\"update_time\":\"x\"")))
                .isEqualTo("wrong_type");
        assertThat(reason(VERSION.replace("\"is_ack\":false", "\"is_ack\":\"no\"")))
                .isEqualTo("wrong_type");
        assertThat(reason(VERSION.replace("[{\"key\"", "[{\"k\""))).isEqualTo("missing_field");
        assertThat(reason("[1]")).isEqualTo("wrong_shape");
    }

    @Test
    void aNoticeCountsByItsAlertsBusinessAndItsOwnTime() throws Exception {
        String notice =
                "{\"id\":\"a1\",\"alert_id\":\"17000000001\",\"signal\":\"abnormal\","
                        + "\"action_type\":\"notice\",\"create_time\":1700000100,"
                        + "\"alert\":{\"bk_biz_id\":\"2\",\"strategy_id\":7}}";
        Row r = new NoticeRows().parse(Json.MAPPER.readTree(notice), 0).records().get(0);
        assertThat(r.getField(4)).isEqualTo(1700000100L);
        assertThat(r.getField(6)).isEqualTo(Row.of("2", 7L));
        assertThatThrownBy(
                        () ->
                                new NoticeRows()
                                        .parse(
                                                Json.MAPPER.readTree(
                                                        notice.replaceAll(",\"alert\":.*}$", "}")),
                                                0))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).reason())
                .isEqualTo("missing_field");
    }

    @Test
    void theEventTimeIsTheTopLevelUpdateTimeAsTheRowHoldsIt() {
        assertThat(UpdateTimes.updateTime(bytes(VERSION))).isEqualTo(1700000090L);
        assertThat(
                        UpdateTimes.updateTime(
                                bytes("{\"a\":{\"update_time\":1},\"update_time\":\"5\"}")))
                .isEqualTo(5L);
        assertThat(UpdateTimes.updateTime(bytes("{\"update_time\":1.9e3}"))).isEqualTo(1900L);
        assertThat(UpdateTimes.updateTime(bytes("{\"update_time\":null}"))).isNull();
        assertThat(UpdateTimes.updateTime(bytes("{\"id\":1}"))).isNull();
        assertThat(UpdateTimes.updateTime(bytes("not json"))).isNull();
        assertThat(UpdateTimes.updateTime(bytes("[{\"update_time\":1}]"))).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
