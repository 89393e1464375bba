package io.bkm.alarm.shield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Json;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shield time ranges and recurring cycles, at their boundaries (2026-11-20 is a Friday). */
class ShieldTimesTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static long at(String localDateTime) {
        return LocalDateTime.parse(localDateTime.replace(' ', 'T')).atZone(ZONE).toEpochSecond();
    }

    static ObjectNode shield(String begin, String end, int type, String from, String to) {
        ObjectNode s = Json.MAPPER.createObjectNode().put("id", 1).put("bk_biz_id", 2);
        if (begin != null) {
            s.put("begin_time", begin);
        }
        if (end != null) {
            s.put("end_time", end);
        }
        ObjectNode c = s.putObject("cycle_config").put("type", type);
        if (from != null) {
            c.put("begin_time", from).put("end_time", to);
        }
        return s;
    }

    static ShieldTimes times(ObjectNode s) throws InvalidInputException {
        return ShieldTimes.parse(s, ZONE);
    }

    @Test
    void aSingleRangeHoldsFromItsBeginToItsEndInclusive() throws Exception {
        ShieldTimes t = times(shield("2026-11-21 10:00:00", "2026-11-21 12:00:00", 1, null, null));
        long begin = at("2026-11-21 10:00:00");
        long end = at("2026-11-21 12:00:00");
        assertThat(t.activeAt(begin - 1)).isFalse();
        assertThat(t.activeAt(begin)).isTrue();
        assertThat(t.activeAt(end)).isTrue();
        assertThat(t.activeAt(end + 1)).isFalse();
        assertThat(t.nextChange(begin - 3600)).isEqualTo(begin);
        assertThat(t.nextChange(begin)).isEqualTo(end + 1);
        assertThat(t.nextChange(end + 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(t.activeUntil(begin + 600) - (begin + 600)).isEqualTo(7200 - 600 + 1);
    }

    @Test
    void aDailyWindowRunsPastMidnightIntoTheNextDay() throws Exception {
        ShieldTimes t = times(shield(null, null, 2, "22:00:00", "02:00:00"));
        assertThat(t.activeAt(at("2026-11-20 21:59:59"))).isFalse();
        assertThat(t.activeAt(at("2026-11-20 22:00:00"))).isTrue();
        assertThat(t.activeAt(at("2026-11-20 23:59:59"))).isTrue();
        assertThat(t.activeAt(at("2026-11-21 00:00:00"))).isTrue();
        assertThat(t.activeAt(at("2026-11-21 02:00:00"))).isTrue();
        assertThat(t.activeAt(at("2026-11-21 02:00:01"))).isFalse();
        assertThat(t.nextChange(at("2026-11-20 12:00:00"))).isEqualTo(at("2026-11-20 22:00:00"));
        assertThat(t.nextChange(at("2026-11-20 23:00:00"))).isEqualTo(at("2026-11-21 02:00:01"));
        assertThat(t.nextChange(at("2026-11-21 02:00:01"))).isEqualTo(at("2026-11-21 22:00:00"));
        assertThat(t.activeUntil(at("2026-11-21 01:00:00"))).isEqualTo(at("2026-11-21 02:00:01"));
    }

    @Test
    void aWeeklyWindowBelongsToTheDayItStartsOnAcrossTheWeekEnd() throws Exception {
        // Sundays 23:00 to 01:00: into Monday morning, and not early on Sunday
        ObjectNode s = shield(null, null, 3, "23:00:00", "01:00:00");
        s.with("cycle_config").set("week_list", Json.MAPPER.valueToTree(List.of(7)));
        ShieldTimes t = times(s);
        assertThat(t.activeAt(at("2026-11-22 00:30:00"))).as("Sunday early").isFalse();
        assertThat(t.activeAt(at("2026-11-22 23:00:00"))).as("Sunday late").isTrue();
        assertThat(t.activeAt(at("2026-11-23 00:30:00"))).as("Monday early").isTrue();
        assertThat(t.activeAt(at("2026-11-23 01:00:01"))).isFalse();
        assertThat(t.activeAt(at("2026-11-23 23:30:00"))).as("Monday late").isFalse();
        assertThat(t.nextChange(at("2026-11-23 01:00:01"))).isEqualTo(at("2026-11-29 23:00:00"));
        // Fridays and Saturdays 20:00–08:00 make one stretch from Friday evening
        ObjectNode weekend = shield(null, null, 3, "20:00:00", "08:00:00");
        weekend.with("cycle_config").set("week_list", Json.MAPPER.valueToTree(List.of(5, 6)));
        ShieldTimes w = times(weekend);
        assertThat(w.activeUntil(at("2026-11-20 21:00:00")))
                .isEqualTo(at("2026-11-21 08:00:01"))
                .as("the Saturday window begins at 20:00, after a gap");
        assertThat(w.activeAt(at("2026-11-22 07:59:59"))).as("Sunday morning").isTrue();
        assertThat(w.activeAt(at("2026-11-22 20:00:00"))).as("Sunday evening").isFalse();
    }

    @Test
    void aMonthlyWindowSkipsMonthsWithoutTheDate() throws Exception {
        ObjectNode s = shield(null, null, 4, "00:00:00", "23:59:59");
        s.with("cycle_config").set("day_list", Json.MAPPER.valueToTree(List.of(31)));
        ShieldTimes t = times(s);
        assertThat(t.activeAt(at("2026-11-30 12:00:00"))).isFalse();
        assertThat(t.nextChange(at("2026-11-01 00:00:00"))).isEqualTo(at("2026-12-31 00:00:00"));
        assertThat(t.activeUntil(at("2026-12-31 05:00:00"))).isEqualTo(at("2027-01-01 00:00:00"));
    }

    @Test
    void backToBackDailyWindowsAreOneStretchUntilTheRangeEnds() throws Exception {
        ShieldTimes t =
                times(
                        shield(
                                "2026-11-20 00:00:00",
                                "2026-11-23 12:00:00",
                                2,
                                "00:00:00",
                                "23:59:59"));
        assertThat(t.activeUntil(at("2026-11-20 08:00:00"))).isEqualTo(at("2026-11-23 12:00:01"));
        assertThat(t.nextChange(at("2026-11-23 12:00:01"))).isEqualTo(Long.MAX_VALUE);
        assertThat(t.nextChange(at("2026-11-19 08:00:00"))).isEqualTo(at("2026-11-20 00:00:00"));
    }

    @Test
    void aRecurringShieldStartsNoEarlierThanItsRange() throws Exception {
        // created at 23:00 with the nightly window already running: it holds from its begin_time
        ShieldTimes t = times(shield("2026-11-20 23:30:00", null, 2, "22:00:00", "02:00:00"));
        assertThat(t.activeAt(at("2026-11-20 23:00:00"))).isFalse();
        assertThat(t.nextChange(at("2026-11-20 23:00:00"))).isEqualTo(at("2026-11-20 23:30:00"));
        assertThat(t.activeAt(at("2026-11-21 01:00:00"))).isTrue();
    }

    @Test
    void epochSecondsAreAcceptedForTheRange() throws Exception {
        ObjectNode s = Json.MAPPER.createObjectNode().put("begin_time", 100).put("end_time", 200);
        ShieldTimes t = ShieldTimes.parse(s, ZoneOffset.UTC);
        assertThat(t.activeAt(150)).isTrue();
        assertThat(t.activeAt(201)).isFalse();
    }

    @Test
    void badTimesAreRefused() {
        assertThatThrownBy(() -> times(shield(null, null, 5, null, null)))
                .hasMessageContaining("cycle_config.type");
        assertThatThrownBy(() -> times(shield(null, null, 3, "01:00:00", "02:00:00")))
                .hasMessageContaining("week_list");
        assertThatThrownBy(() -> times(shield(null, null, 2, "25:00:00", "02:00:00")))
                .hasMessageContaining("HH:MM:SS");
        assertThatThrownBy(() -> times(shield("2026-11-21", null, 1, null, null)))
                .hasMessageContaining("begin_time");
        assertThatThrownBy(
                        () ->
                                times(
                                        shield(
                                                "2026-11-21 10:00:00",
                                                "2026-11-21 09:00:00",
                                                1,
                                                null,
                                                null)))
                .hasMessageContaining("before");
        ObjectNode weekly = shield(null, null, 3, "01:00:00", "02:00:00");
        weekly.with("cycle_config").set("week_list", Json.MAPPER.valueToTree(List.of(8)));
        assertThatThrownBy(() -> times(weekly)).hasMessageContaining("week_list");
    }
}
