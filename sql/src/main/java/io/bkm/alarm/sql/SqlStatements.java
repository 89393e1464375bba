package io.bkm.alarm.sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements of the SQL job, read from the {@code .sql} files in {@code sql/} on the class path
 * in {@link #FILES} order, with {@code ${key}} replaced by the job's settings.
 */
public final class SqlStatements {
    /** Run in this order: tables before the statements that use them. */
    public static final List<String> FILES =
            List.of("10-converged-alerts.sql", "20-alert-storms.sql", "30-daily-stats.sql");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z0-9.-]+)}");

    private SqlStatements() {}

    /** Every statement of every file, settings filled in. */
    public static List<String> load(Map<String, String> settings) throws IOException {
        List<String> out = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = SqlStatements.class.getResourceAsStream("/sql/" + file)) {
                if (in == null) {
                    throw new IOException("sql/" + file + " is not on the class path");
                }
                out.addAll(
                        split(
                                fill(
                                        new String(in.readAllBytes(), StandardCharsets.UTF_8),
                                        settings,
                                        file)));
            }
        }
        return out;
    }

    static String fill(String sql, Map<String, String> settings, String file) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = settings.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "sql/" + file + " uses ${" + m.group(1) + "}, which is no setting");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Statements end with a semicolon at the end of a line; comment lines go. */
    static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
