package dev.realtime.it;

import dev.realtime.broker.Envelope;
import dev.realtime.broker.EnvelopeSigner;
import dev.realtime.message.Message;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.Jedis;

/** Broker envelopes as another node (or a foreign program) publishes them, for the tests. */
final class Envelopes {
    /** The Redis channel prefix the test server's node uses (arquillian.xml). */
    static final String REDIS_PREFIX = "realtime-it:";

    private Envelopes() {}

    /** An envelope from {@code origin} whose data is {@code {"id":id,"from":origin}}. */
    static String json(String id, String channel, String event, String origin) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"channel\":\"" + channel + "\",\"event\":\"" + event
                + "\",\"origin\":\"" + origin + "\",\"ts\":" + System.currentTimeMillis() + ",\"data\":{\"id\":\""
                + id + "\",\"from\":\"" + origin + "\"}}";
    }

    /** Publishes {@code message} as another node of the cluster does: signed with the app secret. */
    static void publishSignedToRedis(Message message) {
        byte[] envelope = EnvelopeSigner.fromSecret(PusherApiRequests.SECRET).sign(Envelope.encode(message));
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            jedis.publish((REDIS_PREFIX + message.channel()).getBytes(StandardCharsets.UTF_8), envelope);
        }
    }

    /** Publishes an envelope from another node on the test server's Redis channel. */
    static void publishToRedis(String channel, String event, String id) {
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            jedis.publish(
                    (REDIS_PREFIX + channel).getBytes(StandardCharsets.UTF_8),
                    json(id, channel, event, "node-elsewhere").getBytes(StandardCharsets.UTF_8));
        }
    }
}
