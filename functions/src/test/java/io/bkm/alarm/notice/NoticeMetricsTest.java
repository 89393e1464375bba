package io.bkm.alarm.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The notice metrics' labels: bk-monitor's, with the strategy ids bounded. */
class NoticeMetricsTest {
    /** Records the key-value groups each counter is registered under. */
    private static final class Recording extends UnregisteredMetricsGroup {
        final List<String> registered;
        final String path;

        Recording(List<String> registered, String path) {
            this.registered = registered;
            this.path = path;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new Recording(registered, path + key + "=" + value + ",");
        }

        @Override
        public Counter counter(String name) {
            registered.add(path + name);
            return super.counter(name);
        }
    }

    @Test
    void countersAreLabelledByStrategyAndSignalAndRegisteredOnce() {
        List<String> registered = new ArrayList<>();
        NoticeMetrics m = new NoticeMetrics(new Recording(registered, ""));
        m.pushed(901L, "abnormal");
        m.pushed(901L, "abnormal");
        m.created(null, "flapping");
        assertThat(registered)
                .containsExactly(
                        "strategy_id=901,signal=abnormal,bkmonitor_alert_manage_push_data_count",
                        "strategy_id=0,signal=flapping,bkmonitor_action_create_process_count");
    }

    @Test
    void strategiesPastTheBoundShareOneLabel() {
        List<String> registered = new ArrayList<>();
        NoticeMetrics m = new NoticeMetrics(new Recording(registered, ""));
        for (long id = 1; id <= NoticeMetrics.MAX_STRATEGIES + 5; id++) {
            m.pushed(id, "abnormal");
        }
        m.pushed(1L, "abnormal"); // known before the bound: keeps its own
        assertThat(registered).hasSize(NoticeMetrics.MAX_STRATEGIES + 1);
        assertThat(registered)
                .last()
                .isEqualTo(
                        "strategy_id=__other__,signal=abnormal,bkmonitor_alert_manage_push_data_count");
    }
}
