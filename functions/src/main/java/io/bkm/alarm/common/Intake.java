package io.bkm.alarm.common;

import io.bkm.alarm.model.RawMessage;

/**
 * Raw bytes to records with a parser, such that every message is accounted for: it yields records,
 * or records dropped by a named rule, or it throws and becomes a dead letter. A message that yields
 * nothing at all is counted as dropped with {@link ParseResult#NO_ITEMS}.
 */
public final class Intake {
    private Intake() {}

    public static <T> ParseResult<T> handle(MessageParser<T> parser, RawMessage raw, int maxBytes)
            throws InvalidInputException {
        ParseResult<T> r =
                parser.parse(
                        JsonPayload.parse(raw.value, maxBytes),
                        Math.floorDiv(raw.timestamp, 1000L));
        if (r.isEmpty()) {
            r.drop(ParseResult.NO_ITEMS);
        }
        return r;
    }
}
