package io.bkm.alarm.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * Savepoints map state to operators by uid: the job graph's uids are frozen in {@code
 * job-uids.txt}. A renamed or dropped uid orphans its state in every savepoint taken before; a new
 * one is fine but must be added to the file on purpose.
 */
class OperatorUidsTest {
    @Test
    void theJobGraphHasExactlyTheFrozenUids() throws IOException {
        StreamExecutionEnvironment env = ShippedJobGraph.defined();
        TreeSet<String> uids = new TreeSet<>();
        for (Transformation<?> t : env.getTransformations()) {
            collect(t, uids);
        }
        TreeSet<String> graph = new TreeSet<>();
        for (StreamNode n : env.getStreamGraph(false).getStreamNodes()) {
            if (n.getTransformationUID() != null) {
                graph.add(n.getTransformationUID());
            }
        }
        assertThat(graph).as("uids in the stream graph").isNotEmpty();
        uids.addAll(graph);

        List<String> frozen;
        try (InputStream in =
                Objects.requireNonNull(getClass().getResourceAsStream("/job-uids.txt"))) {
            frozen =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .map(String::trim)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .toList();
        }
        assertThat(uids)
                .as(
                        "the job graph's uids (job/src/test/resources/job-uids.txt freezes them:"
                                + " never rename or drop one; add a new one there)")
                .containsExactlyInAnyOrderElementsOf(frozen);
    }

    private static void collect(Transformation<?> t, TreeSet<String> out) {
        if (t.getUid() != null) {
            out.add(t.getUid());
        }
        for (Transformation<?> in : t.getInputs()) {
            collect(in, out);
        }
    }
}
