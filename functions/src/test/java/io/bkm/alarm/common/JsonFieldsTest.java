package io.bkm.alarm.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {
    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void aRequiredListIsThereNotNullAndAList() throws Exception {
        assertThat(JsonFields.requiredList(json("{\"ro\":[\"/a\"]}"), "ro", "extra.ro")).hasSize(1);
        assertThatThrownBy(() -> JsonFields.requiredList(json("{\"ro\":null}"), "ro", "extra.ro"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ro is required")
                .extracting(e -> ((InvalidInputException) e).reason())
                .isEqualTo(Reasons.MISSING_FIELD);
        assertThatThrownBy(() -> JsonFields.requiredList(json("{\"ro\":\"/a\"}"), "ro", "extra.ro"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("extra.ro must be a list")
                .extracting(e -> ((InvalidInputException) e).reason())
                .isEqualTo(Reasons.WRONG_TYPE);
    }

    @Test
    void anObjectIsNeitherNullNorAScalar() throws Exception {
        JsonFields.requireObject(json("{}"), "an event");
        assertThatThrownBy(() -> JsonFields.requireObject(json("1"), "an event"))
                .hasMessageContaining("an event must be a JSON object")
                .extracting(e -> ((InvalidInputException) e).reason())
                .isEqualTo(Reasons.WRONG_SHAPE);
        assertThatThrownBy(() -> JsonFields.requireObject(null, "an event"))
                .isInstanceOf(InvalidInputException.class);
    }
}
