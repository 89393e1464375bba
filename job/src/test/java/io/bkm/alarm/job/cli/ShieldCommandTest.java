package io.bkm.alarm.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ShieldCommandTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static JsonNode shield(String... args) throws CliException {
        return ShieldCommand.shield(CliArgs.parse(args), 31, SHANGHAI);
    }

    @Test
    void aDailyShieldOfAStrategyAndADimensionInBkMonitorsShape() throws Exception {
        JsonNode s =
                shield(
                        "--biz",
                        "2",
                        "--strategy",
                        "3",
                        "--dimension",
                        "target=10.0.0.1",
                        "--from",
                        "2026-12-04 00:00",
                        "--to",
                        "2027-01-01 00:00",
                        "--daily",
                        "22:00-02:00");
        assertThat(s.path("id").asLong()).isEqualTo(31);
        assertThat(s.path("bk_biz_id").asLong()).isEqualTo(2);
        assertThat(s.path("category").asText()).isEqualTo("strategy");
        assertThat(s.path("begin_time").asLong()).isEqualTo(1796313600L);
        assertThat(s.path("cycle_config").toString())
                .isEqualTo("{\"type\":2,\"begin_time\":\"22:00:00\",\"end_time\":\"02:00:00\"}");
        assertThat(s.path("dimension_config").toString())
                .isEqualTo("{\"strategy_id\":[3],\"target\":[\"10.0.0.1\"]}");
    }

    @Test
    void whatTheJobWouldRefuseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> shield("--to", "+1h")).hasMessage("--biz is required");
        assertThatThrownBy(() -> shield("--biz", "2")).hasMessage("--to is required");
        assertThatThrownBy(() -> shield("--biz", "2", "--to", "+1h", "--daily", "22-02"))
                .hasMessage("--daily must be HH:MM-HH:MM, not 22-02");
        assertThatThrownBy(() -> shield("--biz", "2", "--to", "+1h", "--dimension", "target"))
                .hasMessage("--dimension must be key=value, not target");
        assertThatThrownBy(() -> shield("--biz", "2", "--from", "+2h", "--to", "+1h"))
                .hasMessageStartingWith("the shield is refused: ")
                .hasMessageContaining("end_time is before begin_time");
    }
}
