package io.bkm.alarm.job.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchVerdictTest {
    @Test
    void aBenchmarkPassesOnlyWhenEveryCheckDid() {
        BenchVerdict passed = new BenchVerdict("[t] ");
        passed.expect("documents", 3, 3);
        assertThat(passed.report()).isZero();

        BenchVerdict failed = new BenchVerdict();
        failed.expect("documents", 3, 3);
        failed.expect("dead letters", 1, 0);
        assertThat(failed.report()).isEqualTo(1);

        BenchVerdict told = new BenchVerdict();
        told.fail("outputs stopped short");
        assertThat(told.report()).isEqualTo(1);
    }
}
