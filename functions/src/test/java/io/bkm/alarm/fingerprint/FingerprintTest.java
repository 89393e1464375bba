package io.bkm.alarm.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bkm.alarm.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void passesEverySharedFingerprintVector() throws Exception {
        List<String> lines = TestData.lines("fingerprint-vectors.jsonl");
        int checked = 0;
        for (String line : lines) {
            Map<?, ?> v = MAPPER.readValue(line, Map.class);
            assertThat(Fingerprint.of(v.get("value")))
                    .as("fingerprint of %s", line)
                    .isEqualTo(v.get("fingerprint"));
            checked++;
        }
        assertThat(checked).isEqualTo(lines.size()).isGreaterThan(300);
    }

    @Test
    void matchesTheWorkedExamplesOfTheSpec() {
        assertThat(Fingerprint.of(Arrays.asList(101, "HOST", "10.0.0.5|0", 2, "v2")))
                .isEqualTo("03757be931683bc28a18026138a1df97");
        assertThat(Fingerprint.of(Map.of("__NO_DATA_DIMENSION__", true)))
                .isEqualTo("3e06a0b6d0560271cafee9f08a6da2d7");
        assertThat(Fingerprint.of(Arrays.asList("CPU usage high", "HOST", "10.20.30.41|0", 5)))
                .isEqualTo("7bf1b8b2bae7e42575892b6e794a0bde");
    }

    @Test
    void hashesNumbersAndTheirStringsAlikeAndIgnoresOrder() {
        assertThat(Fingerprint.of(2)).isEqualTo(Fingerprint.of("2"));
        assertThat(Fingerprint.of(List.of("a", "b"))).isEqualTo(Fingerprint.of(List.of("b", "a")));
        assertThat(Fingerprint.of(null)).isEqualTo(Fingerprint.of("None"));
    }

    @Test
    void hashesLongListsAndTextBeyondAsciiAsPythonDoes() {
        List<Integer> forty = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            forty.add(i);
        }
        assertThat(Fingerprint.of(forty)).isEqualTo("9b7434ab1df11a5f1b9df0c02c14e6e1");
        Collections.reverse(forty);
        assertThat(Fingerprint.of(forty.toArray())).isEqualTo("9b7434ab1df11a5f1b9df0c02c14e6e1");
        Map<String, Object> dims = new LinkedHashMap<>();
        dims.put("主机", "磁盘 满");
        dims.put("n", 3);
        assertThat(Fingerprint.of(dims)).isEqualTo("fa35717a6898a06004e71e3e9a527900");
        assertThat(Fingerprint.of(Arrays.asList(1, "2", null, true)))
                .isEqualTo("8fea999d2d1725ecd7f468a0cd6165c8");
        assertThat(Fingerprint.ofScalar("磁盘")).isEqualTo(Fingerprint.of("磁盘"));
        // longer than the text a thread keeps for hashing
        assertThat(Fingerprint.of("a".repeat(100_000)))
                .isEqualTo("1af6d6f2f682f76f80e606aeaaee1680");
    }

    @Test
    void printsFloatsAsPythonRepr() {
        assertThat(PythonFloat.repr(1.0)).isEqualTo("1.0");
        assertThat(PythonFloat.repr(100.0)).isEqualTo("100.0");
        assertThat(PythonFloat.repr(0.1)).isEqualTo("0.1");
        assertThat(PythonFloat.repr(1e-5)).isEqualTo("1e-05");
        assertThat(PythonFloat.repr(0.0001)).isEqualTo("0.0001");
        assertThat(PythonFloat.repr(1e16)).isEqualTo("1e+16");
        assertThat(PythonFloat.repr(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PythonFloat.repr(2.5e-300)).isEqualTo("2.5e-300");
        assertThat(PythonFloat.repr(-0.5)).isEqualTo("-0.5");
        assertThat(PythonFloat.repr(123456789.125)).isEqualTo("123456789.125");
        assertThat(PythonFloat.repr(5e-324)).isEqualTo("5e-324");
        assertThat(PythonFloat.repr(1.7976931348623157e308)).isEqualTo("1.7976931348623157e+308");
        assertThat(PythonFloat.repr(2.0 / 3)).isEqualTo("0.6666666666666666");
    }
}
