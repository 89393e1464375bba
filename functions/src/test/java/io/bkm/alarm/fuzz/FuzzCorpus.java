package io.bkm.alarm.fuzz;

import java.util.List;

/**
 * One real message per input kind, the seeds of the fuzz tests. Report tokens are those of the
 * shipped {@code conf/datasources.json}, so the running job accepts the unmutated reports.
 */
public final class FuzzCorpus {
    public static final String EVENT_TOKEN = "9f2c61e3d0b34c8a8a1d7b7f4c6e2a10";
    public static final String TIME_SERIES_TOKEN = "5b1e0c3f9a7d4e2c8f6a1b3d5e7c9a0b";

    /** Which input topic a sample belongs to. */
    public enum Input {
        FTA_EVENT,
        GSE_SYSTEM_EVENT,
        GSE_CUSTOM_EVENT,
        GSE_PROCESS_EVENT,
        CUSTOM_EVENT,
        TIMESERIES
    }

    /** A named real message of one input. */
    public record Sample(String name, Input input, String message) {}

    private FuzzCorpus() {}

    /**
     * @param gseTime GSE time strings (UTC), so the samples are fresh for the receiver's clock
     * @param epochMs report timestamps
     */
    public static List<Sample> samples(String gseTime, long epochMs) {
        String env =
                "{\"server\":\"10.0.0.11\",\"time\":\""
                        + gseTime
                        + "\",\"timezone\":0,\"utctime2\":\""
                        + gseTime
                        + "\",\"value\":[{\"event_raw_id\":1,\"event_type\":\"gse_basic_alarm_type\",\"event_time\":\""
                        + gseTime
                        + "\","
                        + "\"event_title\":\"\",\"extra\":%s}]}";
        return List.of(
                new Sample(
                        "agent lost",
                        Input.GSE_SYSTEM_EVENT,
                        String.format(
                                env,
                                "{\"type\":2,\"count\":2,\"host\":[{\"bizid\":0,\"cloudid\":0,\"ip\":\"10.20.30.40\",\"agent_id\":\"0:10.20.30.40\"},"
                                    + "{\"bizid\":0,\"cloudid\":0,\"agent_id\":\"020000000052540071a4c31716950020e3a4\"}]}")),
                new Sample(
                        "disk full",
                        Input.GSE_SYSTEM_EVENT,
                        String.format(
                                env,
                                "{\"type\":6,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\",\"disk\":\"/data\",\"file_system\":\"/dev/vdb1\","
                                    + "\"fstype\":\"ext4\",\"free\":4,\"used_percent\":96}")),
                new Sample(
                        "disk read-only",
                        Input.GSE_SYSTEM_EVENT,
                        String.format(
                                env,
                                "{\"type\":3,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\",\"ro\":[{\"position\":\"/sys/fs/cgroup\","
                                    + "\"fs\":\"tmpfs\",\"type\":\"tmpfs\"},{\"position\":\"/data2\",\"fs\":\"/dev/vdc1\",\"type\":\"xfs\"}]}")),
                new Sample(
                        "corefile",
                        Input.GSE_SYSTEM_EVENT,
                        String.format(
                                env,
                                "{\"type\":7,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\",\"executable\":\"order-svc\","
                                    + "\"executable_path\":\"/opt/order/bin/order-svc\",\"signal\":\"SIGSEGV\",\"corefile\":\"/data/core_1\"}")),
                new Sample(
                        "ping",
                        Input.GSE_SYSTEM_EVENT,
                        String.format(
                                env,
                                "{\"type\":8,\"bizid\":0,\"cloudid\":0,\"host\":\"10.0.0.2\",\"iplist\":[\"10.0.0.7\",\"10.0.0.8\"]}")),
                new Sample(
                        "oom",
                        Input.GSE_SYSTEM_EVENT,
                        String.format(
                                env,
                                "{\"type\":9,\"bizid\":0,\"cloudid\":0,\"host\":\"10.20.30.40\",\"total\":3,\"process\":\"java\",\"message\":\"oom\"}")),
                new Sample(
                        "custom string",
                        Input.GSE_CUSTOM_EVENT,
                        "{\"_bizid_\":0,\"_cloudid_\":0,\"_server_\":\"10.20.30.40\",\"_time_\":\""
                                + gseTime
                                + "\","
                                + "\"_utctime_\":\""
                                + gseTime
                                + "\",\"_value_\":[\"payment gateway offline\",\"retry queue"
                                + " overflow\"]}"),
                new Sample(
                        "process",
                        Input.GSE_PROCESS_EVENT,
                        "{\"data_id\":1100008,\"data\":[{\"event_name\":\"process_restart_failed\",\"event\":{\"content\":\"exit"
                            + " 1\"},\"target\":\"10.20.30.40|0\",\"timestamp\":"
                                + epochMs
                                + ",\"dimension\":{\"bk_target_ip\":\"10.20.30.40\","
                                + "\"bk_target_cloud_id\":\"0\",\"bk_agent_id\":\"\",\"process_group_id\":\"web\",\"process_name\":\"nginx\"}}]}"),
                new Sample(
                        "custom event report",
                        Input.CUSTOM_EVENT,
                        "{\"data_id\":1572946,\"access_token\":\""
                                + EVENT_TOKEN
                                + "\",\"data\":[{\"event_name\":\"login_failed\",\"event\":{\"content\":\"user"
                                + " alice login failed 5 times\"},\"target\":\"10.20.30.40\","
                                + "\"dimension\":{\"module\":\"auth\",\"event_type\":\"abnormal\"},\"timestamp\":"
                                + epochMs
                                + "}]}"),
                new Sample(
                        "time series report",
                        Input.TIMESERIES,
                        "{\"data_id\":1572950,\"access_token\":\""
                                + TIME_SERIES_TOKEN
                                + "\",\"data\":[{\"metrics\":{\"cpu_load\":0.75},"
                                + "\"target\":\"10.0.0.1\",\"dimension\":{\"module\":\"db\"},\"timestamp\":"
                                + epochMs
                                + "}]}"),
                new Sample(
                        "third-party event",
                        Input.FTA_EVENT,
                        "{\"event_id\":\"zbx-99812\",\"plugin_id\":\"zabbix_prod\",\"alert_name\":\"CPU"
                            + " usage high\",\"severity\":2,"
                            + "\"status\":\"ABNORMAL\",\"target_type\":\"HOST\",\"target\":\"10.20.30.41\",\"bk_biz_id\":5,"
                            + "\"tags\":[{\"key\":\"trigger_id\",\"value\":\"18231\"}],\"time\":"
                                + (epochMs / 1000)
                                + ",\"extra_info\":{}}"));
    }
}
