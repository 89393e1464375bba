package io.bkm.alarm.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.bkm.alarm.model.Event;
import org.junit.jupiter.api.Test;

class EventFactsTest {
    private static EventFacts of(String extraInfo) {
        Event e = new Event();
        e.time = 1000L;
        e.extraInfo = extraInfo;
        return EventFacts.of(e);
    }

    @Test
    void readsAccessTimeAndTheDataTimesOfAnomalyIds() {
        EventFacts f =
                of(
                        "{\"strategy\":{\"items\":[{\"x\":[1,{\"y\":2}]}]},\"origin_alarm\":{"
                                + "\"data\":{\"values\":{\"a\":[1,2]},\"access_time\":990},"
                                + "\"anomaly\":{\"2\":{\"anomaly_message\":\"m\"}},"
                                + "\"trigger\":{\"level\":\"2\",\"anomaly_ids\":["
                                + "\"md5.940.3.3.2\",\"md5.960.3.3.2\",\"md5.980\"]}},"
                                + "\"after\":[{}]}");
        assertThat(f.accessTime()).isEqualTo(990);
        assertThat(f.anomalyTimes()).containsExactly(940, 960, 980);
    }

    @Test
    void idsOfAnotherFormAreLeftOutAndNoneLeftMeansTheEventTime() {
        assertThat(
                        of("{\"origin_alarm\":{\"trigger\":{\"anomaly_ids\":"
                               + "[\"no-dots\",\"a..b\",\"a.x.1\",{\"o\":1},[2],7,\"b.30.1\"]}}}")
                                .anomalyTimes())
                .containsExactly(30);
        // a number is a number, as the tree reader had it, even one before 1970
        assertThat(of("{\"origin_alarm\":{\"trigger\":{\"anomaly_ids\":[\"m.-5.3\",\"m.0\"]}}}"))
                .satisfies(f -> assertThat(f.anomalyTimes()).containsExactly(-5, 0));
        assertThat(of("{\"origin_alarm\":{\"trigger\":{\"anomaly_ids\":[\"nodots\"]}}}"))
                .satisfies(f -> assertThat(f.anomalyTimes()).containsExactly(1000))
                .satisfies(f -> assertThat(f.accessTime()).isEqualTo(1000));
    }

    @Test
    void anythingElseGivesTheEventTime() {
        for (String extra :
                new String[] {
                    null,
                    "{}",
                    "{\"origin_alarm\":\"text\"}",
                    "{\"origin_alarm\":{\"data\":{\"access_time\":\"990\"}}}",
                    "{\"origin_alarm\":{\"data\":{\"access_time\":990},",
                    "[\"origin_alarm\"]",
                    "not json origin_alarm"
                }) {
            EventFacts f = of(extra);
            assertThat(f.accessTime()).as(extra).isEqualTo(1000);
            assertThat(f.anomalyTimes()).as(extra).containsExactly(1000);
        }
    }
}
