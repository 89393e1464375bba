package io.bkm.alarm.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A small demo stream of third-party events (a few hosts with high CPU, a disk that fills and
 * recovers, and two broken messages that end up as dead letters) and of GSE alarms on hosts of the
 * demo CMDB, which the shipped disk-full strategy turns into alerts.
 *
 * <p>Usage: {@code DemoFeed <bootstrap> <fta-topic> <gse-system-topic>}. Prints what it sent.
 */
public final class DemoFeed {
    /** Third-party events of the demo that become part of alerts; the rest are dead letters. */
    public static final int ALERT_EVENTS = 21;

    /** Demo CMDB hosts with a full disk: one strategy alert each. */
    private static final String[] FULL_DISK_HOSTS = {"10.20.30.44", "10.20.30.45"};

    /**
     * Each demo run tags its events and dedupes on the tag, so its alerts are its own even when the
     * topic still holds earlier demo runs.
     */
    private static final long RUN = System.currentTimeMillis() / 1000;

    private DemoFeed() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println(
                    "usage: DemoFeed <bootstrap-servers> <fta-topic> <gse-system-topic>");
            System.exit(2);
        }
        long now = System.currentTimeMillis() / 1000;
        List<String> events = new ArrayList<>();
        String[] hosts = {"10.20.30.41", "10.20.30.42", "10.20.30.43"};
        for (int round = 0; round < 5; round++) {
            for (String host : hosts) {
                events.add(
                        event(
                                "zbx-" + host + "-" + round + "-" + RUN,
                                "zabbix_prod",
                                "CPU usage high",
                                "CPU " + (90 + round) + "% for 5m",
                                2,
                                "ABNORMAL",
                                host + "|0",
                                now - 300 + round * 60L));
            }
        }
        for (int i = 0; i < 3; i++) {
            events.add(
                    event(
                            "prom-disk-" + i + "-" + RUN,
                            "prometheus",
                            "Disk /data almost full",
                            "free " + (5 - i) + "%",
                            1,
                            "ABNORMAL",
                            "10.20.30.50|0",
                            now - 200 + i * 60L));
        }
        events.add(
                event(
                        "prom-disk-ok-" + RUN,
                        "prometheus",
                        "Disk /data almost full",
                        "free 40%",
                        1,
                        "RECOVERED",
                        "10.20.30.50|0",
                        now - 10));
        events.add(
                event(
                        "http-5xx-0-" + RUN,
                        "bk_apm",
                        "HTTP 5xx rate above 5%",
                        "checkout 7.5% 5xx",
                        2,
                        "ABNORMAL",
                        "10.20.30.60|0",
                        now - 30));
        events.add(
                event(
                        "http-5xx-1-" + RUN,
                        "bk_apm",
                        "HTTP 5xx rate above 5%",
                        "checkout 9.1% 5xx",
                        2,
                        "ABNORMAL",
                        "10.20.30.60|0",
                        now - 5));
        events.add("{\"event_id\": \"half a message");
        events.add(
                "{\"event_id\":\"x\",\"plugin_id\":\"p\",\"alert_name\":\"a\",\"time\":\"soon\"}");

        Properties p = new Properties();
        p.put("bootstrap.servers", args[0]);
        p.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String e : events) {
                producer.send(new ProducerRecord<>(args[1], e.getBytes(StandardCharsets.UTF_8)));
            }
            // a disk per run, so each run's alerts are its own (the disk is part of the dedupe)
            for (String host : FULL_DISK_HOSTS) {
                String alarm = GseAlarms.diskFull(now - 30, host, "/data-" + RUN);
                producer.send(
                        new ProducerRecord<>(args[2], alarm.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        System.out.printf(
                "sent %d demo messages to %s (%d events, %d malformed) and %d GSE disk-full alarms"
                        + " to %s%n",
                events.size(),
                args[1],
                ALERT_EVENTS,
                events.size() - ALERT_EVENTS,
                FULL_DISK_HOSTS.length,
                args[2]);
    }

    private static String event(
            String id,
            String plugin,
            String name,
            String description,
            int severity,
            String status,
            String target,
            long time) {
        return String.format(
                "{\"event_id\":\"%s\",\"plugin_id\":\"%s\",\"alert_name\":\"%s\",\"description\":\"%s\","
                    + "\"severity\":%d,\"status\":\"%s\",\"target_type\":\"HOST\",\"target\":\"%s\","
                    + "\"bk_biz_id\":2,\"category\":\"os\",\"time\":%d,"
                    + "\"tags\":[{\"key\":\"source\",\"value\":\"demo\"},"
                    + "{\"key\":\"demo_run\",\"value\":\"%d\"}],\"dedupe_keys\":[\"tags.demo_run\"]}",
                id, plugin, name, description, severity, status, target, time, RUN);
    }
}
