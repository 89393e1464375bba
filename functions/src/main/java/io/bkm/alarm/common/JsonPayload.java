package io.bkm.alarm.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns raw message bytes into a JSON tree, or says precisely why it cannot. */
public final class JsonPayload {
    private JsonPayload() {}

    public static JsonNode parse(byte[] bytes, int maxBytes) throws InvalidInputException {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInputException(Reasons.EMPTY_MESSAGE, "the message has no bytes");
        }
        if (bytes.length > maxBytes) {
            throw new InvalidInputException(
                    Reasons.TOO_LARGE, bytes.length + " bytes is over the limit of " + maxBytes);
        }
        checkUtf8(bytes);
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(Reasons.EMPTY_MESSAGE, "the message is blank");
            }
            JsonValues.check(node);
            return node;
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException(
                    Reasons.TOO_DEEP, "nesting deeper than " + Json.MAX_NESTING_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(Reasons.MALFORMED_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException(Reasons.MALFORMED_JSON, String.valueOf(e.getMessage()));
        }
    }

    private static void checkUtf8(byte[] bytes) throws InvalidInputException {
        if (isAscii(bytes)) {
            return; // most messages: nothing to decode, and no copy of them made
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(Reasons.INVALID_UTF8, "the message is not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
