package io.bkm.alarm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fingerprint and event-identity vectors, kept in this module's test resources ({@code
 * testdata/}) so that a clone tests with nothing beside it.
 */
public final class TestData {
    private TestData() {}

    public static List<String> lines(String file) throws IOException {
        String resource = "/testdata/" + file;
        try (InputStream in = TestData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            List<String> lines =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(l -> !l.isBlank())
                            .toList();
            if (lines.isEmpty()) {
                throw new IllegalStateException("no vectors in " + resource);
            }
            return lines;
        }
    }
}
