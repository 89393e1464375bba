package io.bkm.alarm.sinks.kafka;

import io.bkm.alarm.common.Secret;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How every Kafka client of the job (sources, sinks, the admin client at start-up) authenticates:
 * Kafka's own {@code security.protocol}, SASL mechanism and TLS stores. The JAAS line is built here
 * from a user name and a {@link Secret}; Kafka logs it as {@code [hidden]}.
 *
 * @param truststore empty: the JVM's trusted certificates
 * @param keystore empty: no client certificate
 */
public record KafkaSecurity(
        String protocol,
        String saslMechanism,
        String saslUsername,
        Secret saslPassword,
        String truststore,
        String truststoreType,
        Secret truststorePassword,
        String keystore,
        String keystoreType,
        Secret keystorePassword,
        Secret keyPassword)
        implements Serializable {

    public static final List<String> PROTOCOLS =
            List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    public static final List<String> MECHANISMS =
            List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    /** No authentication, no TLS: a local or otherwise open cluster. */
    public static final KafkaSecurity NONE =
            new KafkaSecurity(
                    "PLAINTEXT",
                    "",
                    "",
                    Secret.NONE,
                    "",
                    "",
                    Secret.NONE,
                    "",
                    "",
                    Secret.NONE,
                    Secret.NONE);

    public KafkaSecurity {
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException(
                    "security protocol must be one of " + PROTOCOLS + ", got '" + protocol + "'");
        }
        if (sasl(protocol)) {
            if (!MECHANISMS.contains(saslMechanism)) {
                throw new IllegalArgumentException(
                        "SASL mechanism must be one of "
                                + MECHANISMS
                                + ", got '"
                                + saslMechanism
                                + "'");
            }
            if (saslUsername.isEmpty() || saslPassword.isEmpty()) {
                throw new IllegalArgumentException("SASL needs a user name and a password");
            }
        }
    }

    private static boolean sasl(String protocol) {
        return protocol.startsWith("SASL_");
    }

    private boolean tls() {
        return protocol.endsWith("SSL");
    }

    /** The client properties, for consumers, producers and admin clients alike. */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", protocol);
        if (sasl(protocol)) {
            p.put("sasl.mechanism", saslMechanism);
            String module =
                    saslMechanism.equals("PLAIN")
                            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                            : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put(
                    "sasl.jaas.config",
                    module
                            + " required username=\""
                            + jaasEscape(saslUsername)
                            + "\" password=\""
                            + jaasEscape(saslPassword.reveal())
                            + "\";");
        }
        if (tls()) {
            if (!truststore.isEmpty()) {
                p.put("ssl.truststore.location", truststore);
                putIfSet(p, "ssl.truststore.type", truststoreType);
                putIfSet(p, "ssl.truststore.password", truststorePassword.reveal());
            }
            if (!keystore.isEmpty()) {
                p.put("ssl.keystore.location", keystore);
                putIfSet(p, "ssl.keystore.type", keystoreType);
                putIfSet(p, "ssl.keystore.password", keystorePassword.reveal());
                putIfSet(p, "ssl.key.password", keyPassword.reveal());
            }
        }
        return p;
    }

    /** {@link #clientProperties()} added to {@code props}. */
    public Properties applyTo(Properties props) {
        props.putAll(clientProperties());
        return props;
    }

    private static void putIfSet(Map<String, String> p, String key, String value) {
        if (!value.isEmpty()) {
            p.put(key, value);
        }
    }

    /** JAAS values are double-quoted: a quote or backslash in them must be escaped. */
    static String jaasEscape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
