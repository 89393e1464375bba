package io.bkm.alarm.cmdb;

import io.bkm.alarm.model.GseRecord;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Resolves the host of each GSE record against the CMDB cache without blocking the task thread. A
 * CMDB or Redis that is down is not an unknown host: the lookup is retried with backoff for up to
 * {@link Settings#retryForMs}, after which the record leaves marked {@link #UNAVAILABLE} (a dead
 * letter downstream). The operator's own timeout does the same, so nothing here fails the job.
 */
public class GseEnrichFunction extends RichAsyncFunction<GseRecord, GseRecord> {
    public static final String UNAVAILABLE = "cmdb_unavailable";

    /** Cache sizing and how long to keep trying. */
    public record Settings(
            String keyPrefix,
            int cacheCapacity,
            long cacheTtlMs,
            long missTtlMs,
            long retryInitialMs,
            long retryMaxMs,
            long retryForMs)
            implements Serializable {}

    private final CmdbClient.Factory clients;
    private final Settings settings;
    private transient CmdbClient client;
    private transient HostResolver resolver;
    private transient ScheduledExecutorService retries;
    private transient Counter resolved;
    private transient Counter dropped;
    private transient Counter unavailable;
    private transient Counter retried;

    public GseEnrichFunction(CmdbClient.Factory clients, Settings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        client = clients.create();
        LocalCache cache =
                new LocalCache(
                        settings.cacheCapacity(), settings.cacheTtlMs(), settings.missTtlMs());
        resolver =
                new HostResolver(
                        new CmdbKeys(settings.keyPrefix()),
                        client,
                        cache,
                        System::currentTimeMillis);
        retries =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "cmdb-retry");
                            t.setDaemon(true);
                            return t;
                        });
        MetricGroup m = getRuntimeContext().getMetricGroup().addGroup("cmdb");
        resolved = m.counter("resolved");
        dropped = m.counter("dropped");
        unavailable = m.counter("unavailable");
        retried = m.counter("retries");
        m.gauge("cache_hits", cache::hits);
        m.gauge("cache_misses", cache::misses);
    }

    @Override
    public void close() {
        if (retries != null) {
            retries.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    public void asyncInvoke(GseRecord record, ResultFuture<GseRecord> out) {
        attempt(
                record,
                out,
                System.currentTimeMillis() + settings.retryForMs(),
                settings.retryInitialMs());
    }

    private void attempt(GseRecord record, ResultFuture<GseRecord> out, long giveUpAt, long delay) {
        resolver.resolve(record)
                .whenComplete(
                        (res, error) -> {
                            if (error == null) {
                                if (res.host() != null) {
                                    record.hostInfo = res.host();
                                    resolved.inc();
                                } else {
                                    record.enrichmentFailure = res.dropReason();
                                    dropped.inc();
                                }
                                out.complete(List.of(record));
                            } else if (System.currentTimeMillis() + delay < giveUpAt
                                    && !retries.isShutdown()) {
                                retried.inc();
                                retries.schedule(
                                        () ->
                                                attempt(
                                                        record,
                                                        out,
                                                        giveUpAt,
                                                        Math.min(delay * 2, settings.retryMaxMs())),
                                        delay,
                                        TimeUnit.MILLISECONDS);
                            } else {
                                giveUp(record, out);
                            }
                        });
    }

    @Override
    public void timeout(GseRecord record, ResultFuture<GseRecord> out) {
        giveUp(record, out);
    }

    private void giveUp(GseRecord record, ResultFuture<GseRecord> out) {
        record.enrichmentFailure = UNAVAILABLE;
        unavailable.inc();
        out.complete(List.of(record));
    }
}
