package dev.realtime.transport.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.connection.Delivery;
import dev.realtime.message.Message;
import dev.realtime.node.PresenceEvents;
import dev.realtime.transport.io.TextFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketIoWireFormat} on its own: one {@code 42[...]} frame per message, presence events
 * renamed as laravel-echo-server does, and the frame moved to another namespace.
 */
class SocketIoWireFormatTest {

    @Test
    void applicationEventsAreEncodedOncePerMessage() {
        Message m = new Message("id1", "news", "article.published", "{\"title\":\"x\"}", 0, "n", null);
        Delivery delivery = new Delivery(m);
        TextFrame first = delivery.encoded(SocketIoWireFormat.INSTANCE);
        assertEquals("42[\"article.published\",\"news\",{\"title\":\"x\"}]", first.text());
        assertTrue(first == delivery.encoded(SocketIoWireFormat.INSTANCE), "the same frame for every recipient");
        Message joined = new Message(
                "id2",
                "presence-room.1",
                PresenceEvents.MEMBER_ADDED,
                "{\"user_id\":\"bob\",\"user_info\":{\"name\":\"Bob\"}}",
                0,
                "n",
                null);
        assertEquals(
                "42[\"presence:joining\",\"presence-room.1\",{\"user_id\":\"bob\",\"user_info\":{\"name\":\"Bob\"}}]",
                SocketIoWireFormat.INSTANCE.encode(joined).text());
    }

    @Test
    void aDepartureIsSentWithTheWholeMemberEncodedOnceForEveryRecipient() {
        Message left = new Message(
                "id3",
                "presence-room.1",
                PresenceEvents.MEMBER_REMOVED,
                "{\"user_id\":\"bob\",\"user_info\":{\"name\":\"Bob\"}}",
                0,
                "n",
                null,
                "bob");
        Delivery delivery = new Delivery(left);
        TextFrame frame = delivery.encoded(SocketIoWireFormat.INSTANCE);
        assertEquals(
                "42[\"presence:leaving\",\"presence-room.1\",{\"user_id\":\"bob\",\"user_info\":{\"name\":\"Bob\"}}]",
                frame.text());
        assertSame(frame, delivery.encoded(SocketIoWireFormat.INSTANCE), "nothing per recipient");
    }

    @Test
    void theRootFrameMovesToOtherNamespaces() {
        String root = SocketIoFrames.event("/", "e", "c", "{\"a\":1}");
        TextFrame shared = TextFrame.of(root);
        assertSame(shared, SocketIoWireFormat.inNamespace(shared, "/"), "the root namespace shares the frame");
        TextFrame moved = SocketIoWireFormat.inNamespace(shared, "/ns");
        assertEquals("42/ns,[\"e\",\"c\",{\"a\":1}]", moved.text());
        assertEquals(moved.text().getBytes(StandardCharsets.UTF_8).length, moved.byteLength());
    }
}
