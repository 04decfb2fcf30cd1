package dev.realtime.broker.redis;

import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import dev.realtime.config.SettingReader;
import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;

/**
 * The Redis broker's configuration.
 *
 * @param uri the server, {@code redis://[user:password@]host:port[/db]} or {@code rediss://}
 * @param prefix prefix of the Pub/Sub channel names
 * @param timeout connect and command timeout
 * @param publishQueue capacity of the publish hand-off
 * @param publishBatch most messages pipelined in one round trip
 */
public record RedisSettings(URI uri, String prefix, Duration timeout, int publishQueue, int publishBatch) {

    public static RedisSettings from(RealtimeSettings settings) {
        SettingReader r = settings.source();
        String url = r.text(Setting.REDIS_URL);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Configuration " + Setting.REDIS_URL.key() + "=" + url + " is not a URL");
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Configuration " + Setting.REDIS_URL.key() + "=" + url
                    + " must look like redis://host:port (or rediss:// for TLS)");
        }
        return new RedisSettings(
                uri,
                r.text(Setting.REDIS_PREFIX),
                r.millis(Setting.REDIS_TIMEOUT),
                r.positive(Setting.BROKER_QUEUE),
                r.positive(Setting.BROKER_BATCH));
    }

    /** The configured server's address (port 6379 when the URL names none). */
    HostAndPort hostAndPort() {
        return new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379);
    }

    /**
     * How every connection of this module to the server is made: the URL's user, password,
     * database and TLS, the connect timeout, RESP2 and the client name {@code realtime}.
     */
    JedisClientConfig clientConfig(int socketTimeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis(socketTimeoutMillis)
                .ssl("rediss".equals(uri.getScheme()))
                .clientName("realtime")
                .protocol(RedisProtocol.RESP2) // Pub/Sub works the same on every Redis version
                .autoNegotiateProtocol(false);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                config.password(userInfo);
            } else {
                if (colon > 0) {
                    config.user(userInfo.substring(0, colon));
                }
                config.password(userInfo.substring(colon + 1));
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            config.database(Integer.parseInt(path.substring(1)));
        }
        return config.build();
    }

    /** The Pub/Sub channel that carries {@code channel}'s messages. */
    public String redisChannel(String channel) {
        return prefix + channel;
    }

    /**
     * The Redis pattern for a channel glob ({@code user.*} → {@code realtime:user.*}): glob
     * characters of the prefix and the channel part are escaped, {@code *} of the glob is kept.
     */
    public String redisPattern(String glob) {
        StringBuilder out = new StringBuilder();
        escape(prefix, out, false);
        escape(glob, out, true);
        return out.toString();
    }

    private static void escape(String text, StringBuilder out, boolean keepStar) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '*' && !keepStar) || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
    }
}
