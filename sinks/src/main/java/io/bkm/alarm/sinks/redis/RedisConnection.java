package io.bkm.alarm.sinks.redis;

import io.bkm.alarm.common.Secret;
import io.bkm.alarm.sinks.common.TrustStores;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/**
 * Where a Redis is and how to log in: an ACL user (empty: the default user, as with {@code
 * requirepass}), its password, and TLS with an optional trust store.
 */
public record RedisConnection(
        String host,
        int port,
        String username,
        Secret password,
        int database,
        boolean tls,
        String truststore,
        String truststoreType,
        Secret truststorePassword)
        implements Serializable {

    /** An open Redis without TLS, as the local one is. */
    public static RedisConnection open(String host, int port, int database) {
        return new RedisConnection(
                host, port, "", Secret.NONE, database, false, "", "", Secret.NONE);
    }

    public HostAndPort address() {
        return new HostAndPort(host, port);
    }

    public JedisClientConfig clientConfig(int connectTimeoutMs, int socketTimeoutMs) {
        DefaultJedisClientConfig.Builder cfg =
                DefaultJedisClientConfig.builder()
                        .database(database)
                        .connectionTimeoutMillis(connectTimeoutMs)
                        .socketTimeoutMillis(socketTimeoutMs);
        if (!username.isEmpty()) {
            cfg.user(username);
        }
        if (!password.isEmpty()) {
            cfg.password(password.reveal());
        }
        if (tls) {
            cfg.ssl(true);
            if (!truststore.isEmpty()) {
                try {
                    cfg.sslSocketFactory(
                            TrustStores.context(truststore, truststoreType, truststorePassword)
                                    .getSocketFactory());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return cfg.build();
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://")
                + (username.isEmpty() ? "" : username + "@")
                + host
                + ":"
                + port
                + "/"
                + database;
    }
}
