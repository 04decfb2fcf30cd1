package dev.realtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.realtime.RealtimeException;
import dev.realtime.broker.Broker;
import dev.realtime.broker.CallerTransaction;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.message.Message;
import dev.realtime.node.RealtimeNodeTest.RecordingBroker;
import dev.realtime.testing.TestTransactionRegistry;
import dev.realtime.transport.memory.MemoryClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts and the caller's JTA transaction (a stand-in registry): inside an active one, delivery
 * and publishing wait for the commit and never happen on rollback; outside one, they happen at
 * once. A broker that publishes in the caller's transaction gets the message at once.
 */
class RealtimeNodeTransactionTest {
    private final TestTransactionRegistry transactions = new TestTransactionRegistry();
    private final RecordingBroker broker = new RecordingBroker();
    private final RealtimeNode node = node(broker);
    private final MemoryClient client =
            node.memory().connect().subscribe("orders").subscribe("invoices");

    private RealtimeNode node(Broker broker) {
        return new RealtimeNode(
                RealtimeSettings.from(Map.of("realtime.node.id", "tx-node")),
                broker,
                new CallerTransaction(transactions));
    }

    @Test
    void outsideATransactionABroadcastIsDeliveredAndPublishedAtOnce() {
        Message sent = node.broadcast("orders", "now", 1);
        assertEquals(List.of(sent), client.drain());
        assertEquals(List.of(sent), broker.published);
    }

    @Test
    void aRolledBackBroadcastReachesNobody() {
        Message before = node.broadcast("orders", "before", 0);
        client.drain();
        broker.published.clear();
        transactions.begin();
        node.broadcast("orders", "undone", 1);
        node.broadcast(List.of("orders", "invoices"), "undone-too", 2, null);
        assertEquals(List.of(), client.drain(), "nothing before the end of the transaction");
        assertEquals(List.of(), broker.published);
        transactions.rollback();

        assertEquals(List.of(), client.drain(), "nothing delivered here");
        assertEquals(List.of(), broker.published, "nothing published");
        assertEquals(Optional.of(List.of()), node.history().after(before.id(), m -> true), "nor kept in history");
    }

    @Test
    void aCommittedBroadcastIsDeliveredAndPublishedOnceAtTheCommitInOrder() {
        transactions.begin();
        Message first = node.broadcast("orders", "first", 1);
        List<Message> both = node.broadcast(List.of("orders", "invoices"), "second", 2, null);
        Message event = node.clientEvent("orders", "client-third", 3, "1.1", null);
        assertEquals(List.of(), client.drain(), "nothing before the commit");
        assertEquals(List.of(), broker.published);
        transactions.commit();

        List<Message> expected = List.of(first, both.get(0), both.get(1), event);
        assertEquals(expected, client.drain(), "the messages returned, once each, in order");
        assertEquals(expected, broker.published);
        assertEquals(1, transactions.registrations(), "one synchronization for the whole transaction");

        transactions.begin();
        transactions.commit();
        assertEquals(List.of(), client.drain(), "nothing twice");
        assertEquals(expected, broker.published);
    }

    @Test
    void aBroadcastInATransactionMarkedForRollbackReachesNobody() {
        transactions.begin();
        transactions.setRollbackOnly();
        node.broadcast("orders", "doomed", 1);
        transactions.rollback();
        assertEquals(List.of(), client.drain());
        assertEquals(List.of(), broker.published);
    }

    @Test
    void invalidInputStillThrowsAtTheCall() {
        transactions.begin();
        RealtimeException e = assertThrows(RealtimeException.class, () -> node.broadcast("bad channel", "e", 1));
        assertEquals("invalid_channel", e.code());
        assertThrows(RealtimeException.class, () -> node.broadcast(List.of("orders", "bad channel"), "e", 1, null));
        assertEquals(0, transactions.registrations(), "nothing was deferred");
        transactions.commit();
        assertEquals(List.of(), client.drain());
        assertEquals(List.of(), broker.published);
    }

    @Test
    void aBrokerThatPublishesInTheCallersTransactionGetsTheMessageAtOnceAndOnlyDeliveryWaits() {
        RecordingBroker enlisting = new RecordingBroker() {
            @Override
            public boolean publishesInCallerTransaction() {
                return true; // as PostgreSQL's transactional publishing: publish writes in the transaction
            }
        };
        RealtimeNode n = node(enlisting);
        MemoryClient c = n.memory().connect().subscribe("orders");

        transactions.begin();
        Message undone = n.broadcast("orders", "undone", 1);
        assertEquals(List.of(undone), enlisting.published, "handed over inside the transaction");
        transactions.rollback();
        assertEquals(List.of(), c.drain(), "not delivered here after the rollback");

        transactions.begin();
        Message done = n.broadcast("orders", "done", 2);
        assertEquals(List.of(undone, done), enlisting.published);
        assertEquals(List.of(), c.drain(), "nothing before the commit");
        transactions.commit();
        assertEquals(List.of(done), c.drain());

        Message outside = n.broadcast("orders", "outside", 3);
        assertEquals(List.of(outside), c.drain());
        assertEquals(List.of(undone, done, outside), enlisting.published);
    }

    @Test
    void aUsersMessageAndTerminationWaitForTheCommitToo() {
        MemoryClient ann = node.memory().connect("ann");
        transactions.begin();
        assertEquals(0, node.users().terminateEverywhere("ann"), "nothing closed before the commit");
        assertEquals(0, ann.closeCode());
        transactions.commit();
        assertEquals(UserMessages.TERMINATED, ann.closeCode());

        MemoryClient bob = node.memory().connect("bob");
        transactions.begin();
        node.users().terminateEverywhere("bob");
        transactions.rollback();
        assertEquals(0, bob.closeCode(), "a rolled-back termination closes nobody");
    }
}
