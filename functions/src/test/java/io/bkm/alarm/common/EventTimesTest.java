package io.bkm.alarm.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class EventTimesTest {
    private static final long RECEIVED = 1716950100L;

    @Test
    void aTimeFromNineteenSeventyToADayAfterReceiptIsTaken() throws Exception {
        assertThat(EventTimes.check(0, RECEIVED, "time")).isZero();
        assertThat(EventTimes.check(RECEIVED + 86_400, RECEIVED, "time"))
                .isEqualTo(RECEIVED + 86_400);
    }

    @Test
    void aTimeBeforeNineteenSeventyOrLaterThanADayAfterReceiptIsAnInvalidValue() {
        InvalidInputException before =
                catchThrowableOfType(
                        InvalidInputException.class, () -> EventTimes.check(-1, RECEIVED, "time"));
        assertThat(before.reason()).isEqualTo(Reasons.INVALID_VALUE);
        assertThat(before.getMessage()).isEqualTo("time is before 1970: -1");
        InvalidInputException ahead =
                catchThrowableOfType(
                        InvalidInputException.class,
                        () -> EventTimes.check(RECEIVED + 86_401, RECEIVED, "timestamp"));
        assertThat(ahead.reason()).isEqualTo(Reasons.INVALID_VALUE);
        assertThat(ahead.getMessage())
                .isEqualTo("timestamp is 86401 s after the message was received");
    }
}
