package io.bkm.alarm.alert;

import static io.bkm.alarm.alert.AlertHarness.MD5;
import static io.bkm.alarm.alert.AlertHarness.T0;
import static io.bkm.alarm.alert.AlertHarness.abnormal;
import static io.bkm.alarm.alert.AlertHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.common.Json;
import io.bkm.alarm.fingerprint.Fingerprint;
import io.bkm.alarm.model.AlertLog;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link IdWatch} changes no outcome: the operator that skips lookups of ids it knows are new and
 * one that looks every id up, fed the same events, emit the same alerts and logs. The events are
 * mostly in time order with late ones, resends of earlier events, ids shared between fingerprints
 * of one key, and gaps longer than an id is remembered.
 */
class IdWatchTest {
    private static final long HOUR = 3600;
    private static final int STEPS = 1000;

    /** Two fingerprints under one operator key (its first 12 hex digits), two on keys alone. */
    private static final String[] FINGERPRINTS = {
        "aaaabbbbcccc00000000000000000000",
        "aaaabbbbcccc11111111111111111111",
        "ddddeeeeffff00000000000000000000",
        "999988887777aaaaaaaaaaaaaaaaaaaa"
    };

    private static final String[] STATUSES = {
        EventStatus.ABNORMAL, EventStatus.RECOVERED, EventStatus.CLOSED
    };

    /** What an event is made of; resent with a later record time. */
    private record Sent(String md5, String eventId, String status, int severity, long time) {
        Event at(long receivedAt) {
            Event e = AlertHarness.event(status, severity, time, receivedAt);
            e.eventId = eventId;
            // as EventCleaner makes it: the same id always carries the same time
            e.id = Fingerprint.of(List.of(e.pluginId, eventId, status, Long.toString(time)));
            e.dedupeMd5 = md5;
            return e;
        }
    }

    private static AlertHarness rocksDb(AlertStateFunction f) throws Exception {
        return new AlertHarness(f, null, AlertHarness.rocksDb());
    }

    private static AlertStateFunction operator() {
        return operator(AlertStateSettings.defaults());
    }

    private static AlertStateFunction operator(AlertStateSettings settings) {
        return new AlertStateFunction(AlertHarness.SHIPPED, settings, 1 << 20);
    }

    /**
     * Seeds and backends: many runs on the heap backend for the logic, a few on RocksDB (slower in
     * a harness) for the changes of state the operator must write back.
     */
    static Stream<Arguments> runs() {
        return Stream.concat(
                LongStream.rangeClosed(1, 12).mapToObj(seed -> Arguments.of(seed, "heap")),
                LongStream.rangeClosed(1, 3).mapToObj(seed -> Arguments.of(seed, "rocksdb")));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void skippingLookupsOfKnownNewIdsChangesNothing(long seed, String backend) throws Exception {
        AlertStateFunction watching = operator(AlertStateSettings.defaults());
        AlertStateFunction lookingUp = operator(AlertStateSettings.defaults());
        lookingUp.watchIds = false;
        assertSameOutcome(seed, backend, watching, lookingUp);
        // the watch did its work; the other operator looked every id up
        assertThat(watching.idLookupsSaved()).isGreaterThan(STEPS / 5);
        assertThat(lookingUp.idLookupsSaved()).isZero();
    }

    /**
     * A key whose timer is not set holds nothing: its first event neither looks its id up nor goes
     * over the key's alert states and ids. Ids held three hours and two keys held on the heap, so
     * keys often empty out and are read back from the state backend.
     */
    @ParameterizedTest
    @MethodSource("runs")
    void knowingAKeyHoldsNothingChangesNothing(long seed, String backend) throws Exception {
        AlertStateSettings soon =
                new AlertStateSettings(
                        AlertBuilder.CLOSE_WINDOW_SECONDS,
                        7200,
                        3 * HOUR,
                        "Asia/Shanghai",
                        2,
                        AlertStateSettings.FLAP_COUNT,
                        AlertStateSettings.FLAP_WINDOW_SECONDS);
        AlertStateFunction knowing = operator(soon);
        AlertStateFunction looking = operator(soon);
        looking.knowEmptyKeys = false;
        assertSameOutcome(seed, backend, knowing, looking);
        assertThat(knowing.store().reads()).isLessThan(looking.store().reads());
    }

    @Test
    void aKeysFirstEventReadsOnlyItsOwnFingerprint() throws Exception {
        AlertStateFunction f = operator();
        try (AlertHarness h = new AlertHarness(f, null, null)) {
            h.send(abnormal(T0));
            assertThat(h.logOps()).containsExactly(AlertLog.CREATE);
            assertThat(f.store().reads()).isEqualTo(1);
        }
    }

    /**
     * Feeds both operators the same events and asserts they emit the same alerts and logs, and
     * leave no state or timer once everything has expired.
     */
    private static void assertSameOutcome(
            long seed, String backend, AlertStateFunction x, AlertStateFunction y)
            throws Exception {
        Random rnd = new Random(seed);
        List<Sent> sent = new ArrayList<>();
        boolean rocks = backend.equals("rocksdb");
        try (AlertHarness a = rocks ? rocksDb(x) : new AlertHarness(x, null, null);
                AlertHarness b = rocks ? rocksDb(y) : new AlertHarness(y, null, null)) {
            long now = T0;
            for (int i = 0; i < STEPS; i++) {
                int roll = rnd.nextInt(100);
                now += roll < 2 ? HOUR * (2 + rnd.nextInt(30)) : rnd.nextInt(240);
                Sent s;
                if (roll >= 85 && !sent.isEmpty()) {
                    // a resend, mostly of a recent event, or its id under another fingerprint
                    int back = rnd.nextInt(10) < 7 ? rnd.nextInt(Math.min(5, sent.size())) : 0;
                    s =
                            back > 0 || rnd.nextBoolean()
                                    ? sent.get(sent.size() - 1 - back)
                                    : sent.get(rnd.nextInt(sent.size()));
                    if (rnd.nextBoolean()) {
                        String md5 = FINGERPRINTS[rnd.nextInt(FINGERPRINTS.length)];
                        s = new Sent(md5, s.eventId, s.status, s.severity, s.time);
                    }
                } else {
                    s =
                            new Sent(
                                    FINGERPRINTS[rnd.nextInt(FINGERPRINTS.length)],
                                    "ev-" + rnd.nextInt(3),
                                    STATUSES[rnd.nextInt(10) < 8 ? 0 : 1 + rnd.nextInt(2)],
                                    1 + rnd.nextInt(3),
                                    rnd.nextInt(10) < 8
                                            ? now - rnd.nextInt(60)
                                            : now - rnd.nextInt(4 * (int) HOUR));
                }
                sent.add(s);
                long receivedAt = now - rnd.nextInt(30);
                a.clockAt(now);
                b.clockAt(now);
                a.send(s.at(receivedAt));
                b.send(s.at(receivedAt));
                assertThat(Json.write(a.alerts()))
                        .as("alerts at step %d", i)
                        .isEqualTo(Json.write(b.alerts()));
                assertThat(Json.write(a.logs()))
                        .as("logs at step %d", i)
                        .isEqualTo(Json.write(b.logs()));
            }
            a.clockAt(now + 30 * HOUR);
            b.clockAt(now + 30 * HOUR);
            assertThat(Json.write(a.alerts())).isEqualTo(Json.write(b.alerts()));
            assertThat(a.stateEntries()).isZero();
            assertThat(a.timers()).isZero();
        }
    }

    // Each case below is one way the watch could miss an id; each failed on a version that did.

    /** Another fingerprint under {@link AlertHarness#MD5}'s key. */
    private static final String SAME_KEY = MD5.substring(0, 12) + "ffffffffffffffffffff";

    private static Event of(String md5, String status, long time, long receivedAt) {
        Event e = event(status, 2, time, receivedAt);
        e.dedupeMd5 = md5;
        return e;
    }

    @Test
    void anIdAnIgnoredEventBroughtStaysKnownToTheNextAlert() throws Exception {
        try (AlertHarness h = rocksDb(operator())) {
            h.send(abnormal(T0));
            h.send(of(MD5, EventStatus.CLOSED, T0 + 10, T0 + 10));
            h.send(of(MD5, EventStatus.RECOVERED, T0 + 100, T0 + 100)); // nothing to recover
            h.send(of(MD5, EventStatus.ABNORMAL, T0 + 50, T0 + 110)); // a new alert
            h.alerts();
            h.logs();
            h.send(of(MD5, EventStatus.RECOVERED, T0 + 100, T0 + 120)); // resent
            assertThat(h.alerts()).isEmpty();
            assertThat(h.logs()).isEmpty();
        }
    }

    @Test
    void idsRememberedBeforeAnAlertCountUntilTheyExpire() throws Exception {
        try (AlertHarness h = rocksDb(operator())) {
            h.send(of(MD5, EventStatus.RECOVERED, T0 + 100, T0 + 100)); // no alert: ignored
            h.send(abnormal(T0)); // an alert whose events are older than that id
            h.alerts();
            h.logs();
            h.send(of(MD5, EventStatus.RECOVERED, T0 + 100, T0 + 120)); // resent
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void theWatchPassesThroughAKeyWithoutAlertAndStaysWhole() throws Exception {
        try (AlertHarness h = rocksDb(operator())) {
            h.send(abnormal(T0));
            h.send(of(MD5, EventStatus.CLOSED, T0 + 10, T0 + 10));
            h.clockAt(T0 + 3 * 3600); // the ended alert's state is dropped, its ids are not
            long t = T0 + 3 * 3600;
            h.send(of(MD5, EventStatus.ABNORMAL, t, t));
            // another fingerprint of the key, without alert, remembers an id ...
            h.send(of(SAME_KEY, EventStatus.RECOVERED, t + 100, t + 100));
            h.alerts();
            h.logs();
            // ... that the watching alert's fingerprint then receives
            h.send(of(MD5, EventStatus.RECOVERED, t + 100, t + 120));
            assertThat(h.alerts()).isEmpty();
        }
    }

    @Test
    void anIdCountsForItsHorizonOfRecordTimeEvenBeforeTheSweep() throws Exception {
        try (AlertHarness h = rocksDb(operator())) {
            // the record time an hour before the event time keeps the resend from expiring
            h.send(of(MD5, EventStatus.ABNORMAL, T0, T0 - 3600));
            h.send(of(MD5, EventStatus.ABNORMAL, T0, T0 - 3600 + 89_999));
            assertThat(h.logOps()).containsExactly(AlertLog.CREATE);
            // 25 h of record time later the id is new again, though no timer has swept it
            h.send(of(MD5, EventStatus.ABNORMAL, T0, T0 - 3600 + 90_000));
            assertThat(h.logOps()).containsExactly(AlertLog.CONVERGE);
        }
    }
}
