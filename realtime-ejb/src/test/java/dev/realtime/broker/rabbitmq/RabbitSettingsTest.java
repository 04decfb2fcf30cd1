package dev.realtime.broker.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.ConnectionFactory;
import dev.realtime.broker.DaemonThreads;
import dev.realtime.config.RealtimeSettings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RabbitSettingsTest {

    private static RabbitSettings rabbit(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.node.id", "n1");
        values.put("realtime.app.secret", "s");
        values.putAll(extra);
        return RabbitSettings.from(RealtimeSettings.from(values));
    }

    @Test
    void defaults() {
        RabbitSettings r = rabbit(Map.of());
        assertEquals(URI.create("amqp://guest:guest@127.0.0.1:5672/%2F"), r.uri());
        assertEquals("realtime", r.exchange());
        assertFalse(r.durable());
        assertEquals("realtime.n1", r.queueName());
        assertEquals(1000, r.prefetch());
        assertEquals(Duration.ofSeconds(10), r.confirmTimeout());
        assertEquals(Duration.ofSeconds(5), r.connectTimeout());
        assertEquals(15, r.heartbeatSeconds());
        assertEquals(10000, r.publishQueue());
        assertEquals(500, r.publishBatch());
    }

    @Test
    void configuredValuesReachTheConnectionFactory() {
        RabbitSettings r = rabbit(Map.of(
                "realtime.rabbitmq.uri", " amqp://rt:secret@mq.example.com:5673/cluster%2Fone ",
                "realtime.rabbitmq.exchange", "events",
                "realtime.rabbitmq.queue-mode", "durable",
                "realtime.rabbitmq.queue-prefix", "app1",
                "realtime.rabbitmq.prefetch", "50",
                "realtime.rabbitmq.confirm-timeout-ms", "1500",
                "realtime.rabbitmq.connect-timeout-ms", "700",
                "realtime.rabbitmq.heartbeat-seconds", "0"));
        assertTrue(r.durable());
        assertEquals("app1.n1", r.queueName());
        assertEquals("events", r.exchange());
        assertEquals(50, r.prefetch());
        ConnectionFactory factory = RabbitBroker.factory(r, DaemonThreads.INSTANCE);
        assertEquals("mq.example.com", factory.getHost());
        assertEquals(5673, factory.getPort());
        assertEquals("rt", factory.getUsername());
        assertEquals("secret", factory.getPassword());
        assertEquals("cluster/one", factory.getVirtualHost());
        assertEquals(700, factory.getConnectionTimeout());
        assertEquals(0, factory.getRequestedHeartbeat());
        assertFalse(factory.isAutomaticRecoveryEnabled(), "reconnecting is the broker's, with fresh delivery tags");
    }

    /** The client's Netty I/O is excluded on purpose: the broker tests run (and pass) without it. */
    @Test
    void theClientRunsWithoutNetty() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.netty.channel.EventLoopGroup"));
    }

    @ParameterizedTest(name = "{0}={1} fails naming the key")
    @CsvSource(
            delimiter = '|',
            value = {
                "realtime.rabbitmq.uri|http://127.0.0.1:5672",
                "realtime.rabbitmq.uri|amqp://",
                "realtime.rabbitmq.uri|not a uri",
                "realtime.rabbitmq.queue-mode|lazy",
                "realtime.rabbitmq.prefetch|0",
                "realtime.rabbitmq.prefetch|70000",
                "realtime.rabbitmq.confirm-timeout-ms|0",
                "realtime.rabbitmq.exchange|''",
                "realtime.rabbitmq.queue-prefix|amq",
            })
    void badValuesFailWithTheKey(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rabbit(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
