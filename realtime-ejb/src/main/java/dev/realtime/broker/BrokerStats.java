package dev.realtime.broker;

/**
 * A snapshot of one broker's state, for monitoring.
 *
 * @param broker the broker's name
 * @param connected {@link Broker#isConnected()} when the snapshot was taken
 * @param published messages the broker accepted from this node
 * @param consumed valid messages this node's consumers received from the broker (every node's),
 *     counted on receipt, before the consumer's buffer; a message the broker delivers again (a
 *     Kafka rewind, a RabbitMQ or JetStream redelivery) counts again
 * @param failed sends that failed for good and received messages that could not be decoded
 * @param dropped messages refused because the publish queue was full (the broker was down or slow);
 *     publish side only
 * @param pending messages waiting in the publish queue
 * @param lag messages the consumer is behind the broker (Kafka), or {@code -1} where the broker has
 *     no such notion or no consumer is open
 * @param refused received messages refused before delivery: invalid names, payload or id, a
 *     reserved event without a node signature, or unsigned under {@code realtime.broker.unsigned=refuse}
 * @param unsigned received messages without a valid node signature delivered as ordinary events
 * @param consumerDropped received messages dropped because the consumer's buffer was full (the
 *     consumer job did not keep up); part of {@code consumed}
 */
public record BrokerStats(
        String broker,
        boolean connected,
        long published,
        long consumed,
        long failed,
        long dropped,
        long pending,
        long lag,
        long refused,
        long unsigned,
        long consumerDropped) {

    /** A snapshot of a broker that checks no input of its own (nothing refused). */
    public BrokerStats(
            String broker,
            boolean connected,
            long published,
            long consumed,
            long failed,
            long dropped,
            long pending,
            long lag) {
        this(broker, connected, published, consumed, failed, dropped, pending, lag, 0, 0, 0);
    }

    /** As a JSON object, for health and stats endpoints. */
    public String toJson() {
        return "{\"name\":" + dev.realtime.message.Json.quote(broker) + ",\"connected\":" + connected
                + ",\"published\":" + published + ",\"consumed\":" + consumed + ",\"failed\":" + failed
                + ",\"dropped\":" + dropped + ",\"pending\":" + pending + ",\"lag\":" + lag + ",\"refused\":"
                + refused + ",\"unsigned\":" + unsigned + ",\"consumerDropped\":" + consumerDropped + "}";
    }
}
