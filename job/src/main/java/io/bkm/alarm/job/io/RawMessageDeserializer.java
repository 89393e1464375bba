package io.bkm.alarm.job.io;

import io.bkm.alarm.model.RawMessage;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes records on untouched, with their coordinates: parsing happens in an operator, so that a
 * bad record becomes a dead letter instead of failing the source.
 */
public class RawMessageDeserializer implements KafkaRecordDeserializationSchema<RawMessage> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawMessage> out) {
        RawMessage m =
                new RawMessage(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.value());
        m.key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        out.collect(m);
    }

    @Override
    public TypeInformation<RawMessage> getProducedType() {
        return TypeInformation.of(RawMessage.class);
    }
}
