package io.bkm.alarm.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.bkm.alarm.common.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The job's configuration: {@code conf/job.yaml} flattened to dotted keys, then {@code --key value}
 * overrides. Every read validates and names the key on failure, so a bad value stops start-up with
 * a message an operator can act on.
 */
public final class JobConfig {
    private final Map<String, String> values;

    /** Relative file paths in the configuration are relative to the file's own folder. */
    private final Path baseDir;

    /** Where {@code env:} secrets are looked up: the process environment, or a test's map. */
    private final Function<String, String> environment;

    private JobConfig(Map<String, String> values, Path baseDir) {
        this(values, baseDir, System::getenv);
    }

    private JobConfig(
            Map<String, String> values, Path baseDir, Function<String, String> environment) {
        this.values = values;
        this.baseDir = baseDir;
        this.environment = environment;
    }

    /** A copy that reads {@code env:} secrets from {@code environment} instead of the process's. */
    public JobConfig withEnvironment(Map<String, String> environment) {
        return new JobConfig(values, baseDir, Map.copyOf(environment)::get);
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
        return new JobConfig(copy, baseDir, environment);
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

    /**
     * A password or key. The configuration names where it is, never the secret itself, so neither
     * {@code conf/job.yaml} nor a command line (which every process listing shows) holds it: {@code
     * env:VARIABLE} or {@code file:PATH} (relative to the configuration file's folder; one trailing
     * line break is dropped). Empty: no secret. Errors name the key and the source, never the
     * value.
     */
    public Secret secret(String key) {
        String ref = optional(key);
        if (ref.isEmpty()) {
            return Secret.NONE;
        }
        if (ref.startsWith("env:")) {
            String variable = ref.substring(4).trim();
            String v = variable.isEmpty() ? null : environment.apply(variable);
            if (v == null || v.isEmpty()) {
                throw new ConfigException(
                        "configuration key '"
                                + key
                                + "' names environment variable '"
                                + variable
                                + "', which is not set");
            }
            return Secret.of(v);
        }
        if (ref.startsWith("file:")) {
            Path file = baseDir.resolve(ref.substring(5).trim()).normalize();
            try {
                String v = Files.readString(file);
                v = v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v;
                v = v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
                if (v.isEmpty()) {
                    throw new ConfigException(
                            "configuration key '"
                                    + key
                                    + "' names file "
                                    + file
                                    + ", which is empty");
                }
                return Secret.of(v);
            } catch (IOException e) {
                throw new ConfigException(
                        "configuration key '"
                                + key
                                + "' names file "
                                + file
                                + ", which cannot be read ("
                                + e.getClass().getSimpleName()
                                + ")");
            }
        }
        throw new ConfigException(
                "configuration key '"
                        + key
                        + "' takes where the secret is, env:VARIABLE or file:PATH, not the secret"
                        + " itself");
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

    /**
     * An index's {@code refresh_interval} in Elasticsearch's time units ({@code 500ms}, {@code 5s},
     * {@code -1} for none), or empty for Elasticsearch's default. Checked here, so that a bad one
     * names its key at start-up rather than failing the template Elasticsearch refuses.
     */
    public String refreshInterval(String key) {
        String v = optional(key);
        if (v.isEmpty() || v.matches("-1|\\d+(nanos|micros|ms|s|m|h|d)")) {
            return v;
        }
        throw new ConfigException(
                "configuration key '"
                        + key
                        + "' must be a time such as 500ms or 5s (or -1, or empty), got '"
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
