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
        // dedupe_md5 comes after CMDB enrichment (EventEnrichFunction)
        return ParseResult.of(List.of(EventCleaner.clean(message, receivedAt)));
    }
}
