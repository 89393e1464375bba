package io.bkm.alarm.job;

import io.bkm.alarm.bind.ItemBindFunction;
import io.bkm.alarm.bind.ItemBindOperator;
import io.bkm.alarm.common.EndOfInputKeyedProcessOperator;
import io.bkm.alarm.common.MessageParser;
import io.bkm.alarm.common.OutOfTheWatermark;
import io.bkm.alarm.common.ParseFunction;
import io.bkm.alarm.common.QuietWatermarks;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.model.Action;
import io.bkm.alarm.model.AlertInput;
import io.bkm.alarm.model.DetectSample;
import io.bkm.alarm.model.Event;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.notice.NoticeConvergeFunction;
import io.bkm.alarm.notice.NoticeTimes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;

/**
 * The small steps {@link AlarmJob} repeats for every input (parse, write events, hand events to the
 * alert state, time and bind detection samples), and notice convergence, each with its uid and
 * name.
 */
final class GraphSteps {
    private GraphSteps() {}

    /**
     * Records that leave the watermark after them to the other inputs (see {@link
     * OutOfTheWatermark}).
     */
    static <T> SingleOutputStreamOperator<T> outOfTheWatermark(
            DataStream<T> records, String uid, String name) {
        return records.transform(name, records.getType(), new OutOfTheWatermark<>())
                .uid(uid)
                .name(name);
    }

    /**
     * An operator whose network outputs carry rare records (configuration, user operations, QoS
     * releases, shield ticks): each record is sent as it is made. Under the buffer timeout every
     * such output kept a thread that woke at every timeout to flush nothing, and a record waited
     * for its next wake.
     */
    static <T> SingleOutputStreamOperator<T> rare(SingleOutputStreamOperator<T> operator) {
        return operator.setBufferTimeout(0);
    }

    static <T> SingleOutputStreamOperator<T> parse(
            DataStream<RawMessage> raw,
            MessageParser<T> parser,
            Class<T> type,
            int maxMessageBytes,
            String uid,
            String name) {
        return raw.process(new ParseFunction<>(parser, maxMessageBytes), TypeInformation.of(type))
                .uid(uid)
                .name(name);
    }

    static void writeEvents(DataStream<Event> events, Outputs outputs, String uid, String name) {
        events.sinkTo(outputs.eventIndex()).uid(uid).name(name);
    }

    static DataStream<AlertInput> toAlertState(DataStream<Event> events, String uid, String name) {
        return events.map(AlertInput::of, TypeInformation.of(AlertInput.class)).uid(uid).name(name);
    }

    static DataStream<DetectSample> timed(
            DataStream<DetectSample> samples, JobSettings s, String uid, String name) {
        return samples.assignTimestampsAndWatermarks(
                        QuietWatermarks.<DetectSample>strategy(
                                Duration.ofMillis(s.detect().outOfOrdernessMs()),
                                Duration.ofMillis(s.detect().quietMs()),
                                (sample, previous) -> sample.timeMs))
                .uid(uid)
                .name(name);
    }

    /**
     * Records bound to strategies from the broadcast config; the function runs in its own operator
     * for the timer and end-of-input it needs (same state names as a broadcast process function).
     */
    static <IN> SingleOutputStreamOperator<DetectSample> bindToStrategies(
            DataStream<IN> records,
            DataStream<RawMessage> config,
            ItemBindFunction<IN> binding,
            String uid,
            String name) {
        return records.connect(config.broadcast())
                .transform(
                        name,
                        TypeInformation.of(DetectSample.class),
                        new ItemBindOperator<>(binding))
                .uid(uid)
                .name(name);
    }

    /**
     * Notice convergence. Which notices of a window go at once follows the notices' times, not
     * their arrival, so a replay decides the same: they are stamped with their times and decided as
     * the sources' watermark passes them, and the end of a bounded input is taken when the input
     * has ended, not at its first final watermark.
     */
    static SingleOutputStreamOperator<Action> converge(DataStream<Action> notices, JobSettings s) {
        return toTheEnd(
                notices.transform(
                                "notice times", TypeInformation.of(Action.class), new NoticeTimes())
                        .uid(Uids.NOTICE_ORDER)
                        .name("notice times")
                        .keyBy(NoticeConvergeFunction::key, Types.STRING),
                new NoticeConvergeFunction(s.notice().convergence()),
                Action.class,
                Uids.NOTICE_CONVERGE,
                "notice convergence");
    }

    /** An asynchronous CMDB call per record, results in input order, within the CMDB limits. */
    static <I, O> SingleOutputStreamOperator<O> inOrderFromTheCmdb(
            DataStream<I> records,
            AsyncFunction<I, O> call,
            JobSettings s,
            String uid,
            String name) {
        return AsyncDataStream.orderedWait(
                        records,
                        call,
                        s.cmdb().asyncTimeoutMs(),
                        TimeUnit.MILLISECONDS,
                        s.cmdb().asyncCapacity())
                .uid(uid)
                .name(name);
    }

    /**
     * A keyed function on event time behind a watermark that can go idle: it takes the end of a
     * bounded input when the input has ended, not at its first final watermark.
     */
    static <K, I, O> SingleOutputStreamOperator<O> toTheEnd(
            KeyedStream<I, K> in,
            KeyedProcessFunction<K, I, O> function,
            Class<O> type,
            String uid,
            String name) {
        return in.transform(
                        name,
                        TypeInformation.of(type),
                        new EndOfInputKeyedProcessOperator<>(function))
                .uid(uid)
                .name(name);
    }
}
