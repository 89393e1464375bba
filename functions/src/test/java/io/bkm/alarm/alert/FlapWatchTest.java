package io.bkm.alarm.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bkm.alarm.model.Alert;
import io.bkm.alarm.model.EventStatus;
import org.junit.jupiter.api.Test;

/** The flap rule's thresholds and edges, on alert states made by hand. */
class FlapWatchTest {
    private static final long T0 = 1_716_950_040L;

    private static AlertState state() {
        AlertState st = new AlertState();
        st.alert = new Alert();
        return st;
    }

    /** The fingerprint's alert in {@code status} as of {@code at}; whether it started flapping. */
    private static boolean at(FlapWatch w, AlertState st, String status, long at) {
        st.alert.status = status;
        st.alert.updateTime = at;
        return w.settle(st);
    }

    @Test
    void countChangesWithinTheWindowStartItOnceAndTheRingKeepsOnlyThatMany() {
        FlapWatch w = new FlapWatch(3, 100);
        AlertState st = state();
        assertThat(at(w, st, EventStatus.ABNORMAL, T0)).isFalse();
        assertThat(at(w, st, EventStatus.RECOVERED, T0 + 50)).isFalse();
        assertThat(at(w, st, EventStatus.ABNORMAL, T0 + 100)).as("3 in 100 s").isTrue();
        assertThat(st.flapping).isTrue();
        assertThat(st.alert.isFlapping).isTrue();
        assertThat(at(w, st, EventStatus.CLOSED, T0 + 120)).as("already flapping").isFalse();
        assertThat(st.flapChanges).containsExactly(T0 + 50, T0 + 100, T0 + 120);
        assertThat(w.endsAt(st)).isEqualTo(T0 + 220);
    }

    @Test
    void theSameStateAgainIsNoChange() {
        FlapWatch w = new FlapWatch(2, 100);
        AlertState st = state();
        at(w, st, EventStatus.ABNORMAL, T0);
        assertThat(at(w, st, EventStatus.ABNORMAL, T0 + 10)).isFalse();
        assertThat(st.flapChanges).containsExactly(T0);
        // recovered and closed are both ended
        at(w, st, EventStatus.RECOVERED, T0 + 20);
        st.flapping = false;
        assertThat(at(w, st, EventStatus.CLOSED, T0 + 30)).isFalse();
        assertThat(st.flapChanges).containsExactly(T0, T0 + 20);
    }

    @Test
    void aSpanOfOneSecondMoreThanTheWindowIsNotFlapping() {
        FlapWatch w = new FlapWatch(2, 100);
        AlertState st = state();
        at(w, st, EventStatus.ABNORMAL, T0);
        assertThat(at(w, st, EventStatus.RECOVERED, T0 + 101)).isFalse();
        assertThat(at(w, st, EventStatus.ABNORMAL, T0 + 201)).as("exactly the window").isTrue();
    }

    @Test
    void changesOutOfTimeOrderAreMeasuredByTheirSpan() {
        FlapWatch w = new FlapWatch(3, 100);
        AlertState st = state();
        at(w, st, EventStatus.ABNORMAL, T0 + 90);
        at(w, st, EventStatus.RECOVERED, T0 + 150);
        // the next alert's event was received before the last check ended this one
        assertThat(at(w, st, EventStatus.ABNORMAL, T0 + 40))
                .as("110 s from first to last")
                .isFalse();
        assertThat(w.keepUntil(st)).isEqualTo(T0 + 250);
    }

    @Test
    void withACountOfZeroNothingFlapsAndAFlappingStateEndsAtOnce() {
        FlapWatch w = new FlapWatch(0, 100);
        AlertState st = state();
        for (int i = 0; i < 10; i++) {
            assertThat(at(w, st, i % 2 == 0 ? EventStatus.ABNORMAL : EventStatus.CLOSED, T0 + i))
                    .isFalse();
        }
        assertThat(st.flapChanges).isEmpty();
        assertThat(w.keepUntil(st)).isEqualTo(Long.MIN_VALUE);
        st.flapping = true; // flapping when a savepoint was taken under another rule
        assertThat(w.endsAt(st)).isZero();
    }

    @Test
    void stoppingWritesANewVersionAtTheGivenTime() {
        FlapWatch w = new FlapWatch(2, 100);
        AlertState st = state();
        st.alert.version = 7L;
        at(w, st, EventStatus.ABNORMAL, T0);
        at(w, st, EventStatus.RECOVERED, T0 + 10);
        assertThat(st.flapping).isTrue();
        w.end(st, T0 + 110);
        assertThat(st.flapping).isFalse();
        assertThat(st.alert.isFlapping).isFalse();
        assertThat(st.alert.version).isEqualTo(8L);
        assertThat(st.alert.updateTime).isEqualTo(T0 + 110);
        assertThat(w.endsAt(st)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aNegativeCountOrAnEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new FlapWatch(-1, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlapWatch(4, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
