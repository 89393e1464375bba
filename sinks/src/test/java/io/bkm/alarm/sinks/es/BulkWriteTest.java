package io.bkm.alarm.sinks.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BulkWriteTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String[] NAMES = {
        "bkfta_alert_20261204",
        "17648000001",
        "a.b-c_d:e",
        "quote\"",
        "back\\slash",
        "tab\t",
        "中文",
        "emoji \uD83D\uDE00",
        "",
        "space and / slash",
        "\u007f del",
    };

    @Test
    void anActionLineNamesTheOpIndexIdAndVersionWhateverTheyHold() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            BulkWrite w = write(random);
            String line = w.actionLine();
            assertThat(line).doesNotContain("\n");
            JsonNode action = MAPPER.readTree(line);
            String op = w.isDelete() ? "delete" : w.createOnly() ? "create" : "index";
            assertThat(action.fieldNames()).toIterable().containsExactly(op);
            JsonNode target = action.get(op);
            assertThat(target.get("_index").asText()).isEqualTo(w.index());
            assertThat(target.get("_id").asText()).isEqualTo(w.id());
            if (op.equals("index") && w.version() > 0) {
                assertThat(target.get("version").asLong()).isEqualTo(w.version());
                assertThat(target.get("version_type").asText()).isEqualTo("external");
            } else {
                assertThat(target.has("version")).isFalse();
            }
        }
    }

    @Test
    void aBodyIsEachWritesActionLineAndDocumentOnLinesOfTheirOwn() {
        Random random = new Random(11);
        List<BulkWrite> writes = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            BulkWrite w = write(random);
            writes.add(w);
            expected.append(w.actionLine()).append('\n');
            if (!w.isDelete()) {
                expected.append(w.sourceLine()).append('\n');
            }
        }
        assertThat(new String(BulkWrite.body(writes), StandardCharsets.UTF_8))
                .isEqualTo(expected.toString());
        assertThat(BulkWrite.body(List.of())).isEmpty();
    }

    private static BulkWrite write(Random random) {
        String index = name(random);
        String id = name(random);
        return switch (random.nextInt(3)) {
            case 0 -> BulkWrite.delete(index, id);
            case 1 -> new BulkWrite(index, id, doc(random), 0, true);
            default ->
                    new BulkWrite(
                            index,
                            id,
                            doc(random),
                            random.nextBoolean() ? random.nextInt(1000) : Long.MAX_VALUE,
                            false);
        };
    }

    private static String name(Random random) {
        return NAMES[random.nextInt(NAMES.length)] + (random.nextBoolean() ? random.nextInt() : "");
    }

    private static byte[] doc(Random random) {
        return ("{\"n\":" + random.nextInt() + ",\"t\":\"中\"}").getBytes(StandardCharsets.UTF_8);
    }
}
