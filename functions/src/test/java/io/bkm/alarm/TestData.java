package io.bkm.alarm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The shared vectors beside the repository ({@code ../shared/testdata}). */
public final class TestData {
    private TestData() {}

    public static List<String> lines(String file) throws IOException {
        String dir = System.getProperty("bkm.testdata.dir", "../../shared/testdata");
        Path p = Path.of(dir, file);
        List<String> lines = Files.readAllLines(p).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException("no vectors in " + p.toAbsolutePath());
        }
        return lines;
    }
}
