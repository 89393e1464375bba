package io.bkm.alarm.sinks.es;

import io.bkm.alarm.common.Secret;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Where Elasticsearch is and how to log in: basic authentication (empty user: none) and, for {@code
 * https://} hosts, a trust store (empty: the JVM's default trust).
 */
public record ElasticsearchConnection(
        List<String> hosts,
        String username,
        Secret password,
        String truststore,
        String truststoreType,
        Secret truststorePassword)
        implements Serializable {

    public ElasticsearchConnection {
        hosts = List.copyOf(hosts);
        if (!username.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException("a user name needs a password");
        }
    }

    /** Open hosts, no login: the local Elasticsearch. */
    public static ElasticsearchConnection open(List<String> hosts) {
        return new ElasticsearchConnection(hosts, "", Secret.NONE, "", "", Secret.NONE);
    }

    /** The {@code Authorization} header value, or null without a login. */
    String authorization() {
        if (username.isEmpty()) {
            return null;
        }
        String pair = username + ":" + password.reveal();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
