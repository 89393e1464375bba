package io.bkm.alarm.shield;

import com.fasterxml.jackson.databind.JsonNode;
import io.bkm.alarm.common.InvalidInputException;
import io.bkm.alarm.common.Reasons;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a shield holds: bk-monitor's {@code begin_time}/{@code end_time} (local date-times, both
 * inclusive to the second) and {@code cycle_config} ({@code type} 1 once, 2 daily, 3 weekly on
 * {@code week_list} days 1 = Monday … 7 = Sunday, 4 monthly on {@code day_list} dates; each
 * recurring one with a {@code begin_time}–{@code end_time} time-of-day window, inclusive).
 *
 * <p>A window whose end is before its start runs past midnight, and belongs to the day it starts
 * on: "Fridays 22:00–02:00" holds from Friday 22:00 to Saturday 02:00. bk-monitor instead checks
 * the time of day and the weekday separately, so its Friday window also holds early on Friday
 * morning and not on Saturday's; that is not what anyone setting it up means.
 *
 * <p>Times are epoch seconds; intervals are half-open, {@code [start, end + 1)}.
 */
public final class ShieldTimes {
    static final int SINGLE = 1;
    static final int DAILY = 2;
    static final int WEEKLY = 3;
    static final int MONTHLY = 4;

    /** How far ahead the next window is looked for: a year covers every monthly date. */
    private static final int DAYS_AHEAD = 400;

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final long begin;
    private final long end;
    private final int type;
    private final LocalTime from;
    private final LocalTime to;
    private final Set<Integer> weekDays;
    private final Set<Integer> monthDays;
    private final ZoneId zone;

    private ShieldTimes(
            long begin,
            long end,
            int type,
            LocalTime from,
            LocalTime to,
            Set<Integer> weekDays,
            Set<Integer> monthDays,
            ZoneId zone) {
        this.begin = begin;
        this.end = end;
        this.type = type;
        this.from = from;
        this.to = to;
        this.weekDays = weekDays;
        this.monthDays = monthDays;
        this.zone = zone;
    }

    /** The times of a shield config; local times are read in {@code zone}. */
    public static ShieldTimes parse(JsonNode shield, ZoneId zone) throws InvalidInputException {
        long begin = instant(shield.path("begin_time"), zone, "begin_time", Long.MIN_VALUE);
        long end = instant(shield.path("end_time"), zone, "end_time", Long.MAX_VALUE - 1);
        if (end < begin) {
            throw invalid("end_time is before begin_time");
        }
        JsonNode cycle = shield.path("cycle_config");
        int type = cycle.path("type").asInt(SINGLE);
        if (type < SINGLE || type > MONTHLY) {
            throw invalid("cycle_config.type must be 1 (once) to 4 (monthly), not " + type);
        }
        LocalTime from = timeOfDay(cycle.path("begin_time"), LocalTime.MIN);
        LocalTime to = timeOfDay(cycle.path("end_time"), LocalTime.of(23, 59, 59));
        Set<Integer> weekDays = days(cycle.path("week_list"), 7, "week_list");
        Set<Integer> monthDays = days(cycle.path("day_list"), 31, "day_list");
        if (type == WEEKLY && weekDays.isEmpty()) {
            throw invalid("a weekly shield needs cycle_config.week_list");
        }
        if (type == MONTHLY && monthDays.isEmpty()) {
            throw invalid("a monthly shield needs cycle_config.day_list");
        }
        return new ShieldTimes(begin, end + 1, type, from, to, weekDays, monthDays, zone);
    }

    /** Whether the shield holds at {@code t}. */
    public boolean activeAt(long t) {
        return windowEnd(t) > t;
    }

    /** When the stretch of shielded time around {@code t} ends; {@code t} if not shielded. */
    public long activeUntil(long t) {
        long u = windowEnd(t);
        if (u <= t) {
            return t;
        }
        // back-to-back windows (a daily 00:00:00–23:59:59) are one stretch
        for (int i = 0; i < DAYS_AHEAD && u < end; i++) {
            long next = windowEnd(u);
            if (next <= u) {
                break;
            }
            u = next;
        }
        return u;
    }

    /** The first time after {@code t} at which {@link #activeAt} changes; MAX_VALUE if never. */
    public long nextChange(long t) {
        if (activeAt(t)) {
            return activeUntil(t);
        }
        if (t >= end - 1) {
            return Long.MAX_VALUE;
        }
        if (type == SINGLE) {
            return begin > t ? begin : Long.MAX_VALUE;
        }
        // from yesterday: its window, cut by begin_time, may start after t
        LocalDate day =
                LocalDateTime.ofInstant(Instant.ofEpochSecond(t), zone).toLocalDate().minusDays(1);
        for (int i = 0; i < DAYS_AHEAD; i++, day = day.plusDays(1)) {
            if (!dayMatches(day)) {
                continue;
            }
            long start = Math.max(startOf(day), begin);
            if (start > t && start < Math.min(endOf(day), end)) {
                return start;
            }
        }
        return Long.MAX_VALUE;
    }

    /** The end of the window holding {@code t} (clipped to the range), or t if none does. */
    private long windowEnd(long t) {
        if (t < begin || t >= end) {
            return t;
        }
        if (type == SINGLE) {
            return end;
        }
        LocalDate today = LocalDateTime.ofInstant(Instant.ofEpochSecond(t), zone).toLocalDate();
        // yesterday's window may run past midnight into today
        for (LocalDate day : new LocalDate[] {today.minusDays(1), today}) {
            if (dayMatches(day) && startOf(day) <= t && t < endOf(day)) {
                return Math.min(endOf(day), end);
            }
        }
        return t;
    }

    private long startOf(LocalDate day) {
        return day.atTime(from).atZone(zone).toEpochSecond();
    }

    private long endOf(LocalDate day) {
        LocalDate last = to.isBefore(from) ? day.plusDays(1) : day;
        return last.atTime(to).atZone(zone).toEpochSecond() + 1;
    }

    private boolean dayMatches(LocalDate day) {
        return switch (type) {
            case DAILY -> weekDays.isEmpty() || weekDays.contains(day.getDayOfWeek().getValue());
            case WEEKLY -> weekDays.contains(day.getDayOfWeek().getValue());
            default -> monthDays.contains(day.getDayOfMonth());
        };
    }

    private static long instant(JsonNode v, ZoneId zone, String field, long absent)
            throws InvalidInputException {
        if (v.isMissingNode() || v.isNull() || v.asText().isBlank()) {
            return absent;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        try {
            return LocalDateTime.parse(v.asText().trim(), DATE_TIME).atZone(zone).toEpochSecond();
        } catch (DateTimeException e) {
            throw invalid(field + " must be \"YYYY-MM-DD HH:MM:SS\" or epoch seconds: " + v);
        }
    }

    private static LocalTime timeOfDay(JsonNode v, LocalTime absent) throws InvalidInputException {
        if (v.isMissingNode() || v.isNull() || v.asText().isBlank()) {
            return absent;
        }
        try {
            return LocalTime.parse(v.asText().trim());
        } catch (DateTimeException e) {
            throw invalid("cycle_config times must be HH:MM:SS, not " + v);
        }
    }

    private static Set<Integer> days(JsonNode list, int max, String field)
            throws InvalidInputException {
        Set<Integer> out = new TreeSet<>();
        for (JsonNode d : list) {
            int day = d.asInt(0);
            if (day < 1 || day > max) {
                throw invalid("cycle_config." + field + " holds days 1 to " + max + ", not " + d);
            }
            out.add(day);
        }
        return out;
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(Reasons.INVALID_VALUE, "shield " + detail);
    }
}
