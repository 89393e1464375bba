package io.bkm.alarm.cmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HostResolverTest {
    private static final String HOST =
            "{\"bk_host_id\": 7, \"bk_host_innerip\": \"10.0.0.7\", \"bk_cloud_id\": 0,"
                    + " \"bk_biz_id\": 5, \"bk_state\": \"运营中[需告警]\"}";

    /** A CMDB that answers only when told, and counts what it was asked. */
    private static final class ManualCmdb implements CmdbClient {
        final List<String> asked = new ArrayList<>();
        final List<CompletableFuture<String>> answers = new ArrayList<>();

        @Override
        public CompletableFuture<String> hget(String key, String field) {
            asked.add(field);
            CompletableFuture<String> f = new CompletableFuture<>();
            answers.add(f);
            return f;
        }

        @Override
        public void close() {}
    }

    private long now = 1_000_000;
    private final ManualCmdb cmdb = new ManualCmdb();
    private final HostResolver resolver =
            new HostResolver(
                    new CmdbKeys("bkm.cache.cmdb"),
                    cmdb,
                    new LocalCache(100, 300_000, 30_000),
                    () -> now);

    @Test
    void recordsOfAHostArrivingWhileItIsLookedUpShareTheOneLookup() {
        var first = resolver.byIpCloud("10.0.0.7", 0);
        var second = resolver.byIpCloud("10.0.0.7", 0);
        var other = resolver.byIpCloud("10.0.0.8", 0);
        assertThat(cmdb.asked).containsExactly("10.0.0.7|0", "10.0.0.8|0");

        cmdb.answers.get(0).complete(HOST);
        cmdb.answers.get(1).complete(null);
        assertThat(first.join().host().hostId).isEqualTo(7);
        assertThat(second.join().host().hostId).isEqualTo(7);
        assertThat(other.join().dropReason()).isEqualTo(HostResolver.UNKNOWN_HOST);

        // answered: from the local cache, a miss too, until its time is up
        resolver.byIpCloud("10.0.0.7", 0).join();
        resolver.byIpCloud("10.0.0.8", 0).join();
        assertThat(cmdb.asked).hasSize(2);
        now += 30_001;
        resolver.byIpCloud("10.0.0.8", 0);
        resolver.byIpCloud("10.0.0.8", 0);
        assertThat(cmdb.asked).hasSize(3);
    }

    @Test
    void aFailedLookupIsNotKeptSoTheNextRecordAsksAgain() {
        var first = resolver.byIpCloud("10.0.0.7", 0);
        cmdb.answers.get(0).completeExceptionally(new IllegalStateException("redis down"));
        assertThat(first).isCompletedExceptionally();
        var retry = resolver.byIpCloud("10.0.0.7", 0);
        assertThat(cmdb.asked).hasSize(2);
        cmdb.answers.get(1).complete(HOST);
        assertThat(retry.join().host().hostId).isEqualTo(7);
    }
}
