package io.bkm.alarm.common;

import io.bkm.alarm.model.RawMessage;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;

/**
 * A keyed input and the broadcast config through an operator of the job's own: what {@code
 * connect(broadcast).process(function)} builds, with that operator in place of Flink's.
 */
public final class KeyedWithConfig {
    private KeyedWithConfig() {}

    public static <I, O> SingleOutputStreamOperator<O> transform(
            KeyedStream<I, String> input,
            DataStream<RawMessage> config,
            TwoInputStreamOperator<I, RawMessage, O> operator,
            Class<O> type,
            String name) {
        SingleOutputStreamOperator<O> out =
                input.connect(config.broadcast())
                        .transform(name, TypeInformation.of(type), operator);
        // connect() keys a two-input operator only when both inputs are keyed
        var transformation = (TwoInputTransformation<I, RawMessage, O>) out.getTransformation();
        transformation.setStateKeySelectors(input.getKeySelector(), null);
        transformation.setStateKeyType(Types.STRING);
        return out;
    }
}
