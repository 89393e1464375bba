package io.bkm.alarm.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's configuration: {@code conf/job.yaml} flattened to dotted keys, then {@code --key value}
 * overrides. Every read validates and names the key on failure, so a bad value stops start-up with
 * a message an operator can act on.
 */
public final class JobConfig {
    private final Map<String, String> values;

    /** Relative file paths in the configuration are relative to the file's own folder. */
    private final Path baseDir;

    private JobConfig(Map<String, String> values, Path baseDir) {
        this.values = values;
        this.baseDir = baseDir;
    }

    /** {@code --config FILE} (default {@code conf/job.yaml}) plus {@code --key value} pairs. */
    public static JobConfig fromArgs(String[] args) {
        Path file = Path.of("conf/job.yaml");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--config needs a file");
                }
                file = Path.of(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        return load(file, rest.toArray(new String[0]));
    }

    public static JobConfig load(Path yaml, String... overrides) {
        if (!Files.isRegularFile(yaml)) {
            throw new ConfigException("configuration file " + yaml.toAbsolutePath() + " not found");
        }
        Map<String, String> values = new TreeMap<>();
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
            if (root != null) {
                flatten("", root, values);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + yaml + ": " + e.getMessage());
        }
        applyOverrides(values, overrides);
        return new JobConfig(values, yaml.toAbsolutePath().getParent());
    }

    /** A copy with more overrides applied; keys must already exist. */
    public JobConfig with(String... overrides) {
        Map<String, String> copy = new TreeMap<>(values);
        applyOverrides(copy, overrides);
        return new JobConfig(copy, baseDir);
    }

    private static void applyOverrides(Map<String, String> values, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new ConfigException("expected --key value, got '" + a + "'");
            }
            String key = a.substring(2);
            if (!values.containsKey(key)) {
                throw new ConfigException("unknown configuration key '" + key + "'");
            }
            if (i + 1 >= args.length) {
                throw new ConfigException("configuration key '" + key + "' needs a value");
            }
            values.put(key, args[++i]);
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(
                        prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                        e.getValue(),
                        out);
            }
        } else if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(n.asText()));
            out.put(prefix, String.join(",", parts));
        } else {
            out.put(prefix, node.isNull() ? "" : node.asText());
        }
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException("configuration key '" + key + "' is missing or empty");
        }
        return v.trim();
    }

    /** A value that may be empty. */
    public String optional(String key) {
        String v = values.get(key);
        return v == null ? "" : v.trim();
    }

    /** A file path; a relative one is taken from the configuration file's folder. */
    public Path path(String key) {
        return baseDir.resolve(string(key)).normalize();
    }

    public List<String> list(String key) {
        return Arrays.stream(string(key).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public long positiveLong(String key) {
        String v = string(key);
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(
                "configuration key '" + key + "' must be a positive integer, got '" + v + "'");
    }

    public int positiveInt(String key) {
        long n = positiveLong(key);
        if (n > Integer.MAX_VALUE) {
            throw new ConfigException("configuration key '" + key + "' is too large: " + n);
        }
        return (int) n;
    }

    public int nonNegativeInt(String key) {
        String v = string(key);
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(
                "configuration key '"
                        + key
                        + "' must be zero or a positive integer, got '"
                        + v
                        + "'");
    }

    public boolean bool(String key) {
        String v = string(key);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(
                "configuration key '" + key + "' must be true or false, got '" + v + "'");
    }

    public String oneOf(String key, String... allowed) {
        String v = string(key);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new ConfigException(
                "configuration key '"
                        + key
                        + "' must be one of "
                        + String.join(", ", allowed)
                        + ", got '"
                        + v
                        + "'");
    }

    /** A time-zone id such as {@code Asia/Shanghai} or {@code UTC}. */
    public String timeZone(String key) {
        String v = string(key);
        try {
            return java.time.ZoneId.of(v).getId();
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(
                    "configuration key '" + key + "' must be a time-zone id, got '" + v + "'");
        }
    }

    /** A bad configuration value, named by its key. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
