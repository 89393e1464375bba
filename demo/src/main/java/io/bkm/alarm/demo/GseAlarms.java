package io.bkm.alarm.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** GSE basic-alarm messages (data id 1000, behaviour spec §1.1) for the demo and the tests. */
public final class GseAlarms {
    private static final DateTimeFormatter GSE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private GseAlarms() {}

    /** Disk full (type 6) on {@code ip} in cloud 0, 3 % free. */
    public static String diskFull(long epochSeconds, String ip, String disk) {
        return envelope(
                epochSeconds,
                "{\"type\":6,\"bizid\":0,\"cloudid\":0,\"host\":\""
                        + ip
                        + "\",\"disk\":\""
                        + disk
                        + "\",\"file_system\":\"/dev/vdb1\",\"fstype\":\"ext4\",\"free\":3}");
    }

    /** Agent heartbeat lost (type 2) for a 1.x agent ({@code cloud:ip} agent id) in cloud 0. */
    public static String agentLost(long epochSeconds, String ip) {
        return envelope(
                epochSeconds,
                "{\"type\":2,\"host\":[{\"ip\":\""
                        + ip
                        + "\",\"bizid\":0,\"cloudid\":0,\"agent_id\":\"0:"
                        + ip
                        + "\"}]}");
    }

    private static String envelope(long epochSeconds, String extra) {
        String time = GSE_TIME.format(Instant.ofEpochSecond(epochSeconds));
        return "{\"server\":\"10.0.0.11\",\"utctime2\":\""
                + time
                + "\",\"value\":[{\"event_time\":\""
                + time
                + "\",\"extra\":"
                + extra
                + "}]}";
    }
}
