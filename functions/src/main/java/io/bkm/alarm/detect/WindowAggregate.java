package io.bkm.alarm.detect;

import io.bkm.alarm.model.DetectSample;

/**
 * The values of one {@code agg_interval} window of one strategy item and dimension set, folded as
 * they arrive, with the first sample kept as the template of the anomaly the window may become.
 */
public class WindowAggregate {
    public static final String COUNT = "COUNT";
    public static final String SUM = "SUM";
    public static final String AVG = "AVG";
    public static final String MIN = "MIN";
    public static final String MAX = "MAX";
    public static final String LAST = "LAST";

    public DetectSample first;
    public long count;
    public double sum;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public double last;
    public long lastTimeMs = Long.MIN_VALUE;

    /** The newest Kafka time among the samples, epoch seconds: the window's "now". */
    public long receivedAt;

    public WindowAggregate() {}

    public void add(DetectSample s) {
        if (first == null) {
            first = s;
        }
        count++;
        sum += s.value;
        min = Math.min(min, s.value);
        max = Math.max(max, s.value);
        // ties by arrival: the later record of one millisecond wins, as a replay keeps it
        if (s.timeMs >= lastTimeMs) {
            last = s.value;
            lastTimeMs = s.timeMs;
        }
        receivedAt = Math.max(receivedAt, s.anomaly.receivedAt);
    }

    public double value() {
        return switch (first.aggMethod) {
            case SUM -> sum;
            case AVG -> sum / count;
            case MIN -> min;
            case MAX -> max;
            case LAST -> last;
            default -> count;
        };
    }
}
