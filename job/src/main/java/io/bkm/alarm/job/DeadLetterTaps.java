package io.bkm.alarm.job;

import io.bkm.alarm.common.DeadLetters;
import io.bkm.alarm.model.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The dead letters of every operator that makes them, sunk once. An operator is tapped where the
 * graph makes it, so a new one cannot be left out of a list further down and lose its dead letters
 * without anyone noticing.
 */
final class DeadLetterTaps {
    private final List<DataStream<DeadLetter>> taps = new ArrayList<>();

    /** The operator, with its dead letters tapped. */
    <T> SingleOutputStreamOperator<T> tap(SingleOutputStreamOperator<T> operator) {
        taps.add(operator.getSideOutput(DeadLetters.TAG));
        return operator;
    }

    @SuppressWarnings("unchecked")
    void sinkTo(Sink<DeadLetter> sink) {
        taps.get(0)
                .union(taps.subList(1, taps.size()).toArray(DataStream[]::new))
                .sinkTo(sink)
                .uid(Uids.SINK_DEAD_LETTER_KAFKA)
                .name("dead letters to Kafka");
    }
}
