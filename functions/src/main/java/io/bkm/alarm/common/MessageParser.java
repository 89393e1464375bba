package io.bkm.alarm.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;

/** Turns one parsed input message into records of one kind. */
@FunctionalInterface
public interface MessageParser<T> extends Serializable {
    /**
     * @param receivedAt epoch seconds of the Kafka record: the job's "now" for this message
     * @throws InvalidInputException when the message cannot be used; it becomes a dead letter
     */
    ParseResult<T> parse(JsonNode message, long receivedAt) throws InvalidInputException;
}
