package io.bkm.alarm.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.EventTimes;
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
        Event e = EventCleaner.clean(message, receivedAt);
        EventTimes.check(e.time, receivedAt, "time");
        EventTimes.check(e.anomalyTime, receivedAt, "anomaly_time");
        return ParseResult.of(List.of(e));
    }
}
