package io.bkm.alarm.job.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line split three ways: the words (command and arguments), the command's own flags, and
 * what goes to the job's configuration: {@code --config FILE} and dotted {@code --key value}
 * overrides, exactly as the job takes them.
 */
final class CliArgs {
    private static final Set<String> SWITCHES = Set.of("json", "open");
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

    final List<String> words = new ArrayList<>();
    final List<String> configArgs = new ArrayList<>();
    private final Map<String, List<String>> flags = new HashMap<>();

    static CliArgs parse(String[] args) throws CliException {
        CliArgs a = new CliArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                a.words.add(arg);
                continue;
            }
            String name = arg.substring(2);
            if (SWITCHES.contains(name)) {
                a.flags.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new CliException(arg + " needs a value");
            }
            String value = args[++i];
            if (name.equals("config") || name.contains(".")) {
                a.configArgs.add(arg);
                a.configArgs.add(value);
            } else {
                a.flags.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return a;
    }

    String word(int i, String what) throws CliException {
        if (i >= words.size()) {
            throw new CliException("missing " + what);
        }
        return words.get(i);
    }

    /** Word {@code i} as a number: an id of {@code what} (e.g. "a shield id"). */
    long idWord(int i, String what) throws CliException {
        String v = word(i, what);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CliException(what + " is a number, not " + v);
        }
    }

    String flag(String name) {
        List<String> v = flags.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    List<String> all(String name) {
        return flags.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return flags.containsKey(name);
    }

    Long longFlag(String name) throws CliException {
        String v = flag(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CliException("--" + name + " must be a number, not " + v);
        }
    }

    /** The duration in flag {@code name}, or {@code otherwise} if it is not given. */
    Duration duration(String name, Duration otherwise) throws CliException {
        String v = flag(name);
        return v == null ? otherwise : parseDuration(v, "--" + name);
    }

    /** {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d}; {@code what} names it in the message. */
    static Duration parseDuration(String text, String what) throws CliException {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new CliException(what + " must be like 90s, 15m, 1h or 2d, not " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
