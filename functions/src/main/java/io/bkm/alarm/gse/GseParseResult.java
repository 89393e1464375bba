package io.bkm.alarm.gse;

import io.bkm.alarm.model.GseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one GSE message became: records, and how many were dropped by a rule and why. */
public final class GseParseResult {
    public static final String IGNORED_TYPE = "ignored_type";
    public static final String DISABLED_TYPE = "disabled_type";
    public static final String EXPIRED = "expired";
    public static final String IGNORED_FILE_SYSTEM = "ignored_file_system";
    public static final String UNKNOWN_PROCESS_EVENT = "unknown_process_event";

    private final List<GseRecord> records = new ArrayList<>();
    private final Map<String, Integer> dropped = new TreeMap<>();

    public List<GseRecord> records() {
        return records;
    }

    /** Reason → count of records a bk-monitor rule dropped. */
    public Map<String, Integer> dropped() {
        return dropped;
    }

    void add(GseRecord r) {
        records.add(r);
    }

    void drop(String reason) {
        dropped.merge(reason, 1, Integer::sum);
    }
}
