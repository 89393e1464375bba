package io.bkm.alarm.gse;

import java.util.Map;
import java.util.Set;

/** GSE event type ids and what bk-monitor calls them (behaviour spec §1.1). */
public final class GseTypes {
    public static final int AGENT_LOST = 2;
    public static final int DISK_READ_ONLY = 3;
    public static final int DISK_FULL = 6;
    public static final int COREFILE = 7;
    public static final int PING_UNREACHABLE = 8;
    public static final int OOM = 9;
    public static final int CUSTOM_STRING = 100;
    public static final int PROCESS = 101;

    /** OS restart, clock unsync, port missing, process missing: not processed by access. */
    public static final Set<Integer> IGNORED = Set.of(0, 1, 4, 5);

    public static final Map<Integer, String> METRIC_IDS =
            Map.of(
                    AGENT_LOST, "bk_monitor.agent-gse",
                    DISK_READ_ONLY, "bk_monitor.disk-readonly-gse",
                    DISK_FULL, "bk_monitor.disk-full-gse",
                    COREFILE, "bk_monitor.corefile-gse",
                    PING_UNREACHABLE, "bk_monitor.ping-gse",
                    OOM, "bk_monitor.oom-gse",
                    CUSTOM_STRING, "bk_monitor.gse_custom_event",
                    PROCESS, "bk_monitor.gse_process_event");

    /** File systems whose alarms are noise (FILE_SYSTEM_TYPE_IGNORE). */
    public static final Set<String> IGNORED_FILE_SYSTEMS = Set.of("iso9660", "tmpfs", "udf");

    /** Process event names bk-monitor knows, with the name its messages use. */
    public static final Map<String, String> PROCESS_EVENT_NAMES =
            Map.of(
                    "process_restart_success", "process restarted",
                    "process_restart_failed", "process restart failed",
                    "process_cancel_restart", "process restart cancelled",
                    "process_resource_limit_exceed", "process resource limit exceeded",
                    "process_group_resource_limit_exceed", "process group resource limit exceeded");

    public static final int SYSTEM_EVENT_DATA_ID = 1000;
    public static final int CUSTOM_EVENT_DATA_ID = 1100000;
    public static final int PROCESS_EVENT_DATA_ID = 1100008;

    private GseTypes() {}
}
