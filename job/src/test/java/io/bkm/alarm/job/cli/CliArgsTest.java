package io.bkm.alarm.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CliArgsTest {
    @Test
    void wordsFlagsAndConfigOverridesAreToldApart() throws Exception {
        CliArgs a =
                CliArgs.parse(
                        new String[] {
                            "shield",
                            "add",
                            "--biz",
                            "2",
                            "--json",
                            "--dimension",
                            "a=1",
                            "--dimension",
                            "b=2",
                            "--config",
                            "c.yaml",
                            "--kafka.group-id",
                            "g"
                        });
        assertThat(a.words).containsExactly("shield", "add");
        assertThat(a.longFlag("biz")).isEqualTo(2);
        assertThat(a.has("json")).isTrue();
        assertThat(a.all("dimension")).containsExactly("a=1", "b=2");
        assertThat(a.configArgs).containsExactly("--config", "c.yaml", "--kafka.group-id", "g");
    }

    @Test
    void durationsAndNumbersAreCheckedWithAMessageThatNamesTheFlag() throws Exception {
        CliArgs a = CliArgs.parse(new String[] {"--since", "90m", "--limit", "x"});
        assertThat(a.duration("since", null)).isEqualTo(Duration.ofMinutes(90));
        assertThat(a.duration("timeout", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> a.longFlag("limit")).hasMessage("--limit must be a number, not x");
        assertThatThrownBy(
                        () -> CliArgs.parse(new String[] {"--since", "1w"}).duration("since", null))
                .hasMessageContaining("--since must be like 90s");
        assertThatThrownBy(() -> CliArgs.parse(new String[] {"alerts", "--status"}))
                .hasMessage("--status needs a value");
    }

    @Test
    void shieldTimesAreNowOffsetsEpochSecondsOrLocalDateTimes() throws Exception {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        long now = Instant.now().getEpochSecond();
        assertThat(ShieldCommand.time("now", shanghai, "--from")).isBetween(now, now + 5);
        assertThat(ShieldCommand.time("+2h", shanghai, "--to")).isBetween(now + 7200, now + 7205);
        assertThat(ShieldCommand.time("-10m", shanghai, "--to")).isBetween(now - 600, now - 595);
        assertThat(ShieldCommand.time("1716950100", shanghai, "--to")).isEqualTo(1716950100L);
        assertThat(ShieldCommand.time("2024-05-29 10:35", shanghai, "--to")).isEqualTo(1716950100L);
        assertThatThrownBy(() -> ShieldCommand.time("tomorrow", shanghai, "--to"))
                .hasMessageStartingWith("--to must be now, +2h, -10m");
    }
}
