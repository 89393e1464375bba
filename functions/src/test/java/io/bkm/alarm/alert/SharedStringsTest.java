package io.bkm.alarm.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.EventStatus;
import io.bkm.alarm.model.Tag;
import org.junit.jupiter.api.Test;

class SharedStringsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** An event whose every string is its own copy, as one deserialized from a shuffle is. */
    private static Event arrived(long time, String description) {
        Event e = AlertHarness.abnormal(time);
        e.description = description;
        e.extraInfo = "{\"origin\":\"bench\"}";
        e.ip = "10.0.0.1";
        e.sourceTopic = "bkm_fta_event";
        e.metric = new String[] {"bk_monitor.cpu"};
        for (var f : Event.class.getFields()) {
            try {
                if (f.getType() == String.class && f.get(e) != null) {
                    f.set(e, new String((String) f.get(e)));
                }
                if (f.getType() == String[].class && f.get(e) != null) {
                    String[] a = ((String[]) f.get(e)).clone();
                    for (int i = 0; i < a.length; i++) {
                        a[i] = new String(a[i]);
                    }
                    f.set(e, a);
                }
            } catch (IllegalAccessException x) {
                throw new AssertionError(x);
            }
        }
        e.tags = new Tag[] {new Tag(new String("disk"), new String("/data"))};
        return e;
    }

    @Test
    void anEventSharesWhatItsPredecessorAndOtherEventsHeldAndKeepsItsOwnIds() throws Exception {
        SharedStrings strings = new SharedStrings();
        Event first = arrived(1000, "cpu 95%");
        strings.share(first, null);
        Event next = arrived(1060, "cpu 97%");
        String json = MAPPER.writeValueAsString(next);

        strings.share(next, first);

        assertThat(MAPPER.writeValueAsString(next))
                .as("nothing changes but identity")
                .isEqualTo(json);
        assertThat(next.alertName).isSameAs(first.alertName);
        assertThat(next.target).isSameAs(first.target);
        assertThat(next.dedupeMd5).isSameAs(first.dedupeMd5);
        assertThat(next.ip).isSameAs(first.ip);
        assertThat(next.extraInfo).isSameAs(first.extraInfo);
        assertThat(next.tags[0].key).isSameAs(first.tags[0].key);
        assertThat(next.tags[0].value).isSameAs(first.tags[0].value);
        assertThat(next.status).isSameAs(first.status);
        assertThat(next.pluginId).isSameAs(first.pluginId);
        assertThat(next.sourceTopic).isSameAs(first.sourceTopic);
        assertThat(next.dedupeKeys[2]).isSameAs(first.dedupeKeys[2]);
        assertThat(next.metric[0]).isSameAs(first.metric[0]);
        assertThat(next.dedupeKeys).as("arrays stay the event's own").isNotSameAs(first.dedupeKeys);
        assertThat(next.tags[0]).isNotSameAs(first.tags[0]);
        assertThat(next.description).isEqualTo("cpu 97%");
        assertThat(next.id).isNotSameAs(first.id);
        assertThat(next.eventId).isNotSameAs(first.eventId);
    }

    @Test
    void eventsOfOtherAlertsShareOnlyThePooledStrings() {
        SharedStrings strings = new SharedStrings();
        Event one = arrived(1000, "cpu 95%");
        Event other = arrived(1000, "cpu 95%");
        strings.share(one, null);
        strings.share(other, null);

        assertThat(other.bkBizId).isSameAs(one.bkBizId);
        assertThat(other.targetType).isSameAs(one.targetType);
        assertThat(other.tags[0].key).isSameAs(one.tags[0].key);
        assertThat(other.target).isNotSameAs(one.target);
        assertThat(other.tags[0].value).isNotSameAs(one.tags[0].value);
    }

    @Test
    void aTagInAnotherPlaceOrAChangedValueKeepsItsOwnValue() {
        SharedStrings strings = new SharedStrings();
        Event first = arrived(1000, "cpu 95%");
        Event next = arrived(1060, "cpu 95%");
        next.tags = new Tag[] {new Tag("mount", new String("/data")), new Tag("disk", "/var")};
        next.status = EventStatus.RECOVERED;

        strings.share(next, first);

        assertThat(next.tags[0].value).isNotSameAs(first.tags[0].value).isEqualTo("/data");
        assertThat(next.tags[1].value).isEqualTo("/var");
        assertThat(next.status).isEqualTo(EventStatus.RECOVERED);
        assertThat(next.description).isSameAs(first.description);
    }

    @Test
    void thePoolStopsGrowingAtItsLimit() {
        SharedStrings strings = new SharedStrings();
        for (int i = 0; i < SharedStrings.POOL_LIMIT + 100; i++) {
            Event e = arrived(1000, "d");
            e.pluginId = "plugin-" + i;
            strings.share(e, null);
            assertThat(e.pluginId).isEqualTo("plugin-" + i);
        }
        assertThat(strings.pooledCount()).isEqualTo(SharedStrings.POOL_LIMIT);
        String late = new String("plugin-" + (SharedStrings.POOL_LIMIT + 50));
        assertThat(strings.pooled(late)).isSameAs(late);
    }
}
