package io.bkm.alarm.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one input message became: records, and how many were dropped by a rule and why. Together
 * with dead letters (thrown as {@link InvalidInputException}) this accounts for every message.
 */
public final class ParseResult<T> {
    public static final String IGNORED_TYPE = "ignored_type";
    public static final String DISABLED_TYPE = "disabled_type";
    public static final String EXPIRED = "expired";
    public static final String IGNORED_FILE_SYSTEM = "ignored_file_system";
    public static final String UNKNOWN_PROCESS_EVENT = "unknown_process_event";

    /** A well-formed message that carried nothing (an empty list of hosts, events or points). */
    public static final String NO_ITEMS = "no_items";

    private final List<T> records = new ArrayList<>();
    private final Map<String, Integer> dropped = new TreeMap<>();

    public static <T> ParseResult<T> of(List<T> records) {
        ParseResult<T> r = new ParseResult<>();
        r.records.addAll(records);
        return r;
    }

    public List<T> records() {
        return records;
    }

    /** Reason → count of records a bk-monitor rule dropped. */
    public Map<String, Integer> dropped() {
        return dropped;
    }

    public boolean isEmpty() {
        return records.isEmpty() && dropped.isEmpty();
    }

    public void add(T r) {
        records.add(r);
    }

    public void drop(String reason) {
        dropped.merge(reason, 1, Integer::sum);
    }
}
