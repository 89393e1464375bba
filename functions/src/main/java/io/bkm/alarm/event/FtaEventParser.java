package io.bkm.alarm.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.MessageParser;
import io.bkm.alarm.common.ParseResult;
import io.bkm.alarm.model.Event;
import java.util.List;

/** Third-party events ({@code bkm_fta_event}): one Event-shaped object per message. */
public final class FtaEventParser implements MessageParser<Event> {
    @Override
    public ParseResult<Event> parse(JsonNode message, long receivedAt)
            throws InvalidInputException {
        Event e = EventCleaner.clean(message, receivedAt);
        // No enrichment for third-party events yet, so the fingerprint is final here.
        if (e.dedupeMd5 == null) {
            e.dedupeMd5 = DedupeKeys.md5(e);
        }
        return ParseResult.of(List.of(e));
    }
}
