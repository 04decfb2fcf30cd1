package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * The deployed EAR publishes to the configured broker (Redis here, see arquillian.xml): an EJB's
 * broadcast reaches Redis as an envelope that names the channel, the event, the data and this
 * node, and the demo stats report the broker as connected.
 */
class BrokerIT extends RealtimeIT {

    @Test
    void anEjbBroadcastIsPublishedToRedis() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        BinaryJedisPubSub subscription = new BinaryJedisPubSub() {
            @Override
            public void onPMessage(byte[] pattern, byte[] channel, byte[] message) {
                received.add(new String(channel, StandardCharsets.UTF_8) + " "
                        + new String(message, StandardCharsets.UTF_8));
            }
        };
        Thread subscriber = new Thread(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
                jedis.psubscribe(subscription, "realtime-it:broker-it.*".getBytes(StandardCharsets.UTF_8));
            }
        });
        subscriber.setDaemon(true);
        subscriber.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(subscription::isSubscribed);
            Awaitility.await("the node's publisher connected")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> broker().getBoolean("connected"));

            String id = server.publish("broker-it.news", "headline", "{\"title\":\"hi\"}");

            String got = received.poll(30, TimeUnit.SECONDS);
            assertNotNull(got, "the broadcast reached Redis");
            String channel = got.substring(0, got.indexOf(' '));
            JsonObject envelope = Server.json(got.substring(got.indexOf(' ') + 1));
            assertEquals("realtime-it:broker-it.news", channel);
            assertEquals(1, envelope.getInt("v"));
            assertEquals(id, envelope.getString("id"));
            assertEquals("broker-it.news", envelope.getString("channel"));
            assertEquals("headline", envelope.getString("event"));
            assertEquals("hi", envelope.getJsonObject("data").getString("title"));
            assertTrue(!envelope.getString("origin").isBlank(), "the origin node is named");

            JsonObject broker = broker();
            assertEquals("redis", broker.getString("name"));
            assertTrue(broker.getJsonNumber("published").longValue() >= 1, broker.toString());
            assertEquals(0, broker.getJsonNumber("dropped").longValue(), broker.toString());
        } finally {
            if (subscription.isSubscribed()) {
                subscription.punsubscribe();
            }
        }
    }

    private JsonObject broker() {
        return server.stats("broker-it.news").getJsonObject("broker");
    }
}
