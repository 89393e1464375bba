package io.bkm.alarm.common;

import java.time.Duration;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The one time-to-live the job's counting state uses: an entry lives {@code ttl} after it was last
 * written and is never read once expired. Keep it identical where it is used: a savepoint restores
 * only with the TTL setting it was taken with.
 */
public final class StateTtl {
    private StateTtl() {}

    public static <D extends StateDescriptor<?, ?>> D afterWrite(D descriptor, Duration ttl) {
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(ttl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        return descriptor;
    }
}
