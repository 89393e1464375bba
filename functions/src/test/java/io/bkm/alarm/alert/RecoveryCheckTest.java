package io.bkm.alarm.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecoveryCheckTest {
    /** One-minute windows, 5 to trigger and 5 to recover: marks count for 659 s. */
    private static final RecoveryCheck.Windows W = new RecoveryCheck.Windows(60, 5, 1, 5, false);

    @Test
    void addKeepsMarksSortedWithoutRepeatsOrAnythingPastTheHorizon() {
        long[] marks = {1000, 1300, 1600};
        assertThat(RecoveryCheck.add(marks, new long[] {1960, 1300, 1200, 1960}, W))
                .containsExactly(1600, 1960);
        assertThat(RecoveryCheck.add(marks, new long[] {1959, 1300, 1200}, W))
                .containsExactly(1300, 1600, 1959);
        assertThat(RecoveryCheck.add(marks, new long[] {1659}, W))
                .containsExactly(1000, 1300, 1600, 1659);
        assertThat(RecoveryCheck.add(new long[0], new long[] {5, 5}, W)).containsExactly(5);
        assertThat(RecoveryCheck.add(new long[0], new long[0], W)).isEmpty();
        assertThat(marks).containsExactly(1000, 1300, 1600); // what was held is not changed
    }
}
