package io.bkm.alarm.detect;

import io.bkm.alarm.cmdb.CmdbClient;
import io.bkm.alarm.cmdb.CmdbKeys;
import io.bkm.alarm.cmdb.ScopeHosts;
import io.bkm.alarm.common.Json;
import io.bkm.alarm.model.RawMessage;
import io.bkm.alarm.model.StrategyHosts;
import io.bkm.alarm.strategy.Strategies;
import io.bkm.alarm.strategy.Strategy;
import io.bkm.alarm.strategy.StrategyParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Looks up, for a strategy record with no-data detection on the host's dimensions and a target of
 * topology nodes, the hosts that target holds in the CMDB cache (behaviour spec §5.4), so no-data
 * detection can call the ones that never report missing. Other config records pass with no hosts. A
 * CMDB that cannot answer in time leaves the strategy with the hosts seen in data, as bk-monitor
 * would with an empty target list; it never fails the job.
 */
public class NoDataTargetsFunction extends RichAsyncFunction<RawMessage, StrategyHosts> {
    private final CmdbClient.Factory clientFactory;
    private final String keyPrefix;
    private transient CmdbClient client;
    private transient CmdbKeys keys;
    // metrics only: rich async functions cannot have accumulators
    private transient Counter resolved;
    private transient Counter unavailable;

    public NoDataTargetsFunction(CmdbClient.Factory clientFactory, String keyPrefix) {
        this.clientFactory = clientFactory;
        this.keyPrefix = keyPrefix;
    }

    @Override
    public void open(OpenContext openContext) {
        client = clientFactory.create();
        keys = new CmdbKeys(keyPrefix);
        resolved = getRuntimeContext().getMetricGroup().counter("nodata_targets_resolved");
        unavailable = getRuntimeContext().getMetricGroup().counter("nodata_targets_unavailable");
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    /** The strategy of a record whose target the CMDB must expand for no-data; else null. */
    static Strategy needingHosts(RawMessage m) {
        if (m.key == null
                || !m.key.startsWith(Strategies.CONFIG_KEY_PREFIX)
                || m.value == null
                || m.value.length == 0) {
            return null;
        }
        try {
            Strategy s =
                    StrategyParser.parse(
                            Json.MAPPER.readTree(new String(m.value, StandardCharsets.UTF_8)),
                            Long.parseLong(m.key.substring(Strategies.CONFIG_KEY_PREFIX.length())));
            Strategy.Item item = s.firstItem();
            List<String> d = item.noDataConfig.aggDimension;
            return s.enabled
                            && item.noDataConfig.isEnabled
                            && d.contains("bk_target_ip")
                            && ScopeHosts.needsCmdb(item)
                    ? s
                    : null;
        } catch (Exception invalid) {
            return null; // reported by the GSE bind operator; no-data ignores it too
        }
    }

    @Override
    public void asyncInvoke(RawMessage m, ResultFuture<StrategyHosts> out) {
        Strategy s = needingHosts(m);
        if (s == null) {
            out.complete(List.of(StrategyHosts.of(m, null)));
            return;
        }
        client.hgetAll(keys.host())
                .whenComplete(
                        (hash, error) -> {
                            if (error != null || hash == null) {
                                unavailable.inc();
                                out.complete(List.of(StrategyHosts.of(m, null)));
                            } else {
                                resolved.inc();
                                out.complete(
                                        List.of(
                                                StrategyHosts.of(
                                                        m,
                                                        ScopeHosts.of(
                                                                s.firstItem(), s.bkBizId, hash))));
                            }
                        });
    }

    @Override
    public void timeout(RawMessage m, ResultFuture<StrategyHosts> out) {
        unavailable.inc();
        out.complete(List.of(StrategyHosts.of(m, null)));
    }
}
