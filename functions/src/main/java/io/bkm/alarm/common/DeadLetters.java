package io.bkm.alarm.common;

import io.bkm.alarm.model.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

/** The side output every function sends unusable input to, and its per-reason counters. */
public final class DeadLetters {
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letter") {};

    private final MetricGroup group;
    private final Map<String, Counter> byReason = new HashMap<>();

    public DeadLetters(MetricGroup operatorGroup) {
        this.group = operatorGroup.addGroup("dead_letter");
    }

    public void count(String reason) {
        byReason.computeIfAbsent(reason, r -> group.addGroup("reason", r).counter("count")).inc();
    }
}
