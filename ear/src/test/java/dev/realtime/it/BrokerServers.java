package dev.realtime.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Removes what a cluster test left on the shared broker servers at 127.0.0.1 (durable queues,
 * streams, tables), so runs do not accumulate state.
 */
final class BrokerServers {
    private BrokerServers() {}

    static void deleteRabbitQueues(String exchange, String... queues) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri("amqp://guest:guest@127.0.0.1:5672/%2F");
        try (Connection connection = factory.newConnection("realtime-it-cleanup");
                Channel channel = connection.createChannel()) {
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
            channel.exchangeDelete(exchange);
        }
    }

    static void deleteNatsStream(String stream) throws Exception {
        try (io.nats.client.Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            nats.jetStreamManagement().deleteStream(stream);
        } catch (JetStreamApiException e) {
            // already gone
        }
    }

    static void dropPostgresTable(String table) throws Exception {
        try (java.sql.Connection db =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement statement = db.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
