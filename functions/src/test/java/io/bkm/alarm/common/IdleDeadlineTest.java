package io.bkm.alarm.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdleDeadlineTest {
    private static final long MINUTE = 60_000;

    @Test
    void theHorizonIsRoundedUpToTheNextMinuteSoABusyKeyReusesOneTimer() {
        long minute = 1_000 * MINUTE;
        // every input within one minute asks for the same deadline
        assertThat(IdleDeadline.after(minute + 1, 600))
                .isEqualTo(IdleDeadline.after(minute + MINUTE - 1, 600))
                .isEqualTo(minute + 11 * MINUTE);
        // on the minute itself, still after the horizon, never at it
        assertThat(IdleDeadline.after(minute, 600)).isEqualTo(minute + 11 * MINUTE);
    }

    @Test
    void theDeadlineIsNeverBeforeTheHorizon() {
        for (long now = 0; now < 3 * MINUTE; now += 997) {
            assertThat(IdleDeadline.after(now, 30)).isGreaterThan(now + 30_000);
        }
    }
}
