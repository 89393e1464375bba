package io.bkm.alarm.alert;

import static io.bkm.alarm.alert.AlertHarness.T0;
import static io.bkm.alarm.alert.AlertHarness.abnormal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.Alert;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shields set is_shielded, shield_id and shield_left_time on open alerts, on time. */
class AlertShieldTest {
    private AlertHarness h;

    @BeforeEach
    void open() throws Exception {
        h = new AlertHarness();
        h.clockAt(T0);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** A shield of business 5 for disk /data from {@code begin} to {@code end} (epoch s). */
    static ObjectNode shield(long begin, long end) throws Exception {
        ObjectNode s = Json.MAPPER.createObjectNode().put("bk_biz_id", 5);
        s.put("begin_time", begin).put("end_time", end);
        s.set("dimension_config", Json.MAPPER.readTree("{\"tags.disk\": [\"/data\"]}"));
        return s;
    }

    @Test
    void anAlertCoveredWhenCreatedIsShieldedUntilTheShieldEnds() throws Exception {
        h.shieldRecord(11, shield(T0 - 100, T0 + 1000), T0 - 100);
        h.send(abnormal(T0));
        Alert created = h.alerts().get(0);
        assertThat(created.isShielded).isTrue();
        assertThat(created.shieldId).containsExactly("11");
        assertThat(created.shieldLeftTime).isEqualTo(1001);
        // a later event's version carries the left time as of then
        h.send(abnormal(T0 + 60));
        assertThat(h.alerts().get(0).shieldLeftTime).isEqualTo(941);

        h.shieldTick(11, T0 + 1001, false);
        List<Alert> end = h.alerts();
        assertThat(end).hasSize(1);
        assertThat(end.get(0).isShielded).isFalse();
        assertThat(end.get(0).shieldId).isEmpty();
        assertThat(end.get(0).updateTime).isEqualTo(T0 + 1001);
        assertThat(end.get(0).version).isEqualTo(created.version + 2);
        assertThat(h.logs()).extracting(l -> l.opType).containsExactly("CREATE", "CONVERGE");
        // a tick changing nothing writes nothing
        h.shieldTick(11, T0 + 1100, true);
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void aShieldAddedOrDeletedChangesOpenAlertsAtOnce() throws Exception {
        h.send(abnormal(T0));
        assertThat(h.alerts().get(0).isShielded).isFalse();
        h.shieldRecord(12, shield(T0, T0 + 3600), T0 + 50);
        Alert shielded = h.alerts().get(0);
        assertThat(shielded.isShielded).isTrue();
        assertThat(shielded.updateTime).isEqualTo(T0 + 50);
        assertThat(shielded.shieldLeftTime).isEqualTo(3551);
        h.shieldRecord(12, null, T0 + 70);
        assertThat(h.alerts()).singleElement().satisfies(a -> assertThat(a.isShielded).isFalse());
    }

    @Test
    void shieldsOfOtherBusinessesOrDimensionsLeaveAlertsAlone() throws Exception {
        h.send(abnormal(T0));
        h.alerts();
        h.shieldRecord(13, shield(T0, T0 + 3600).put("bk_biz_id", 6), T0 + 10);
        ObjectNode otherDisk = shield(T0, T0 + 3600);
        otherDisk.set("dimension_config", Json.MAPPER.readTree("{\"tags.disk\": [\"/home\"]}"));
        h.shieldRecord(14, otherDisk, T0 + 20);
        h.shieldRecord(15, shield(T0 + 600, T0 + 3600), T0 + 30); // not yet
        assertThat(h.alerts()).isEmpty();
        h.shieldTick(15, T0 + 600, false);
        assertThat(h.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.shieldId).containsExactly("15"));
    }

    @Test
    void aLastTickOvertakenByAnExtensionKeepsTheShield() throws Exception {
        h.shieldRecord(17, shield(T0, T0 + 100), T0);
        h.shieldRecord(17, shield(T0, T0 + 3600), T0 + 90); // extended before it ended
        h.shieldTick(17, T0 + 101, true); // the old schedule's last tick, arriving after
        h.send(abnormal(T0 + 200));
        assertThat(h.alerts().get(0).shieldId).containsExactly("17");
        h.shieldTick(17, T0 + 3601, true);
        h.send(abnormal(T0 + 3700));
        assertThat(h.alerts().get(0).isShielded).isFalse();
    }

    @Test
    void anInvalidShieldRecordChangesNothing() throws Exception {
        h.shieldRecord(16, shield(T0, T0 + 3600), T0);
        ObjectNode bad = shield(T0, T0 + 3600);
        bad.putObject("cycle_config").put("type", 9);
        h.shieldRecord(16, bad, T0 + 10);
        h.send(abnormal(T0 + 20));
        assertThat(h.alerts().get(0).shieldId).containsExactly("16");
    }
}
