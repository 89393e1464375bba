package io.bkm.alarm.job.io;

import io.bkm.alarm.job.config.JobConfig.ConfigException;
import io.bkm.alarm.job.config.JobSettings;
import io.bkm.alarm.sinks.es.ElasticsearchHttp;
import io.bkm.alarm.sinks.redis.RedisConnection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Before the job is submitted, each service is asked to take the job's credentials. A refusal stops
 * start-up with a message naming the setting to fix; a service that cannot be reached is left to
 * the job's own retries. No message carries a secret: the services' answers do not either.
 */
public final class ServiceLogins {
    private ServiceLogins() {}

    public static void verify(JobSettings s) throws InterruptedException {
        kafka(s);
        redis(s.redis().connection(), "redis");
        redis(s.cmdb().client().redis(), "cmdb.redis-");
        elasticsearch(s);
    }

    static void kafka(JobSettings s) throws InterruptedException {
        // a broker that is down must not hold start-up for the client's default minute: the call
        // and the close that waits for it both end within these
        java.util.Map<String, Object> props = KafkaInputs.adminProperties(s);
        props.put("request.timeout.ms", "10000");
        props.put("default.api.timeout.ms", "20000");
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(25, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException
                    || e.getCause() instanceof AuthorizationException) {
                throw new ConfigException(
                        "Kafka at "
                                + s.kafka().bootstrapServers()
                                + " refused the job's login (check kafka.security.sasl-username"
                                + " and kafka.security.sasl-password): "
                                + e.getCause().getMessage());
            }
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            // not reachable now: the sources and sinks retry
        }
    }

    /**
     * @param prefix {@code redis} or {@code cmdb.redis-}: where the settings are
     */
    public static void redis(RedisConnection c, String prefix) {
        String keys =
                prefix.endsWith("-")
                        ? prefix + "username and " + prefix + "password"
                        : prefix + ".username and " + prefix + ".password";
        try (Jedis jedis = new Jedis(c.address(), c.clientConfig(5000, 5000))) {
            jedis.ping();
        } catch (JedisDataException e) {
            String answer = e.getMessage() == null ? "" : e.getMessage();
            if (answer.startsWith("NOAUTH")) {
                throw new ConfigException(
                        "Redis at " + c + " needs a login (set " + keys + "): " + answer);
            }
            if (e instanceof JedisAccessControlException) {
                throw new ConfigException(
                        "Redis at "
                                + c
                                + " refused the job's login (check "
                                + keys
                                + "): "
                                + answer);
            }
            // any other answer: Redis is there and took the login
        } catch (RuntimeException e) {
            // not reachable now: the writers and lookups retry
        }
    }

    static void elasticsearch(JobSettings s) throws InterruptedException {
        ElasticsearchHttp http =
                new ElasticsearchHttp(s.elasticsearch().connection(), Duration.ofSeconds(10));
        try {
            HttpResponse<String> r = http.send("GET", "/", null, null);
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw new ConfigException(
                        "Elasticsearch at "
                                + s.elasticsearch().hosts()
                                + " refused the job's login with "
                                + r.statusCode()
                                + " (check elasticsearch.username and elasticsearch.password)");
            }
        } catch (java.io.IOException e) {
            // not reachable now: the writers retry
        }
    }
}
