package io.bkm.alarm.job.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmark found wrong, said as it is found and again at the end: a benchmark that checks
 * its outputs exits non-zero on any of them, so a fast wrong run cannot pass.
 */
final class BenchVerdict {
    private final List<String> failures = new ArrayList<>();
    private final String prefix;

    BenchVerdict() {
        this("");
    }

    /** A verdict whose lines start with {@code prefix}, as the benchmark's other lines do. */
    BenchVerdict(String prefix) {
        this.prefix = prefix;
    }

    void expect(String what, long actual, long expected) {
        if (actual == expected) {
            say(prefix + "  ok   %-50s %,d", what, actual);
        } else {
            fail("%s: %,d, expected %,d", what, actual, expected);
        }
    }

    void fail(String format, Object... args) {
        String m = String.format(format, args);
        failures.add(m);
        say(prefix + "  FAIL %s", m);
    }

    /** Says the verdict and returns the process's exit code. */
    int report() {
        say(prefix);
        if (failures.isEmpty()) {
            say(prefix + "every output complete and as expected");
            return 0;
        }
        say(prefix + "%d check(s) failed:", failures.size());
        failures.forEach(f -> say(prefix + "  %s", f));
        return 1;
    }

    static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
        System.out.flush();
    }
}
