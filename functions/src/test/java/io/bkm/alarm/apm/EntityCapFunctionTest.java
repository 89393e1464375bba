package io.bkm.alarm.apm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EntityCapFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, DiscoveryChange, DiscoveryChange> h;

    @BeforeEach
    void open() throws Exception {
        h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EntityCapFunction(3)),
                        EntityCapFunction::key,
                        Types.STRING);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private List<String> send(String app, String op, String key, long lastSeen) throws Exception {
        DiscoveryChange c = new DiscoveryChange();
        c.op = op;
        c.type = "endpoint";
        c.bkBizId = "2";
        c.appName = app;
        c.key = key;
        c.lastSeen = lastSeen;
        h.processElement(new StreamRecord<>(c, lastSeen * 1000));
        List<String> out = new ArrayList<>();
        for (DiscoveryChange x : h.extractOutputValues()) {
            out.add(
                    x.op
                            + " "
                            + x.appName
                            + " "
                            + x.key
                            + (x.reason == null ? "" : " (" + x.reason + ")"));
        }
        h.getOutput().clear();
        return out;
    }

    @Test
    void pastTheCapTheLeastRecentlySeenOfThatApplicationGo() throws Exception {
        assertThat(send("shop", "created", "a", 10)).containsExactly("created shop a");
        assertThat(send("shop", "created", "b", 20)).containsExactly("created shop b");
        assertThat(send("shop", "created", "c", 30)).containsExactly("created shop c");
        assertThat(send("blog", "created", "x", 1)).containsExactly("created blog x");
        assertThat(send("shop", "updated", "a", 40)).containsExactly("updated shop a");
        // b is now the least recently seen of shop; blog's older x stays
        assertThat(send("shop", "created", "d", 50))
                .containsExactly("created shop d", "expired shop b (cap)");
        // the heartbeat of b runs on: its changes are dropped, until it is seen again
        assertThat(send("shop", "expired", "b", 20)).isEmpty();
        assertThat(send("shop", "updated", "b", 60))
                .containsExactly("created shop b", "expired shop c (cap)");
        assertThat(send("shop", "expired", "a", 40)).containsExactly("expired shop a");
        for (String k : List.of("b", "d")) {
            send("shop", "expired", k, 99);
        }
        send("blog", "expired", "x", 99);
        assertThat(h.numKeyedStateEntries()).isZero();
    }
}
