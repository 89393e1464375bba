package io.bkm.alarm.cmdb;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Async CMDB lookups that never block the task thread and never fail the job. A CMDB or Redis that
 * is down is not "not found": the lookup is retried with backoff for up to {@link
 * Settings#retryForMs}, then the record leaves marked unavailable (a dead letter downstream). The
 * operator's own timeout ends the same way.
 */
public abstract class RetryingCmdbFunction<T> extends RichAsyncFunction<T, T> {
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
    protected final Settings settings;
    private transient CmdbClient client;
    private transient ScheduledExecutorService retries;
    protected transient HostResolver resolver;
    private transient Counter unavailable;
    private transient Counter retried;

    protected RetryingCmdbFunction(CmdbClient.Factory clients, Settings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    /**
     * Looks the record up and fills it in; the future fails only when the CMDB could not answer.
     */
    protected abstract CompletableFuture<Void> enrich(T record);

    /** Marks the record as not enriched because the CMDB did not answer. */
    protected abstract void markUnavailable(T record);

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
        unavailable = m.counter("unavailable");
        retried = m.counter("retries");
        m.gauge("cache_hits", cache::hits);
        m.gauge("cache_misses", cache::misses);
        if (client instanceof FallbackCmdbClient api) {
            m.gauge("api_lookups", api::fallbacks);
            m.gauge("api_write_back_failures", api::writeBackFailures);
        }
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
    public void asyncInvoke(T record, ResultFuture<T> out) {
        attempt(
                record,
                out,
                System.currentTimeMillis() + settings.retryForMs(),
                settings.retryInitialMs());
    }

    private void attempt(T record, ResultFuture<T> out, long giveUpAt, long delay) {
        enrich(record)
                .whenComplete(
                        (ok, error) -> {
                            if (error == null) {
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
                                timeout(record, out);
                            }
                        });
    }

    @Override
    public void timeout(T record, ResultFuture<T> out) {
        markUnavailable(record);
        unavailable.inc();
        out.complete(List.of(record));
    }
}
