package dev.realtime.history.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtime.history.HistoryPage;
import dev.realtime.history.HistoryPosition;
import dev.realtime.history.HistorySlice;
import dev.realtime.history.Retention;
import dev.realtime.message.Message;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryHistoryStoreTest {
    private static final Retention FIVE = new Retention(5, Duration.ofSeconds(60));

    private final AtomicLong clock = new AtomicLong(1_000_000L);
    private final InMemoryHistoryStore store = new InMemoryHistoryStore(1 << 20, clock::get);

    private static Message message(String channel, int n) {
        return new Message("m" + n, channel, "e", "{\"n\":" + n + "}", n, "node-a", null);
    }

    private List<HistoryPosition> append(String channel, int from, int to, Retention retention) {
        return java.util.stream.IntStream.rangeClosed(from, to)
                .mapToObj(n -> store.append(message(channel, n), retention))
                .toList();
    }

    private static List<Long> offsets(HistorySlice slice) {
        return slice.messages().stream().map(m -> m.position().offset()).toList();
    }

    @Test
    void offsetsGrowByOnePerMessageOfTheChannelInOneEpoch() {
        List<HistoryPosition> news = append("news", 1, 3, FIVE);
        List<HistoryPosition> other = append("other", 4, 5, FIVE);
        assertEquals(
                List.of(1L, 2L, 3L), news.stream().map(HistoryPosition::offset).toList());
        assertEquals(
                List.of(1L, 2L), other.stream().map(HistoryPosition::offset).toList(), "per channel");
        assertEquals(1, news.stream().map(HistoryPosition::epoch).distinct().count());
        assertNotEquals(news.get(0).epoch(), other.get(0).epoch(), "each channel's run has its own epoch");
        HistorySlice all = store.read("news", null, 10);
        assertEquals(
                List.of("m1", "m2", "m3"),
                all.messages().stream().map(Message::id).toList());
        assertEquals(news.get(2), all.position());
        assertEquals(news.get(1), all.messages().get(1).position(), "each kept message carries its position");
    }

    @Test
    void keepsTheNewestSizeMessages() {
        append("news", 1, 8, FIVE);
        HistorySlice slice = store.read("news", null, 100);
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), offsets(slice));
        assertEquals(4, slice.oldest());
        assertEquals(8, slice.newest());
    }

    @Test
    void readsAfterAPositionUpToTheLimitAndSaysWhetherNothingIsMissing() {
        List<HistoryPosition> at = append("news", 1, 8, FIVE); // keeps 4..8
        HistoryPosition fifth = at.get(4);
        HistoryPage page = HistoryPage.of(store.read("news", fifth, 2), fifth);
        assertEquals(
                List.of(6L, 7L),
                page.messages().stream().map(m -> m.position().offset()).toList());
        assertTrue(page.complete());
        assertEquals(at.get(7), page.position());

        HistoryPosition third = at.get(2); // 3 is gone, but 4 (the oldest) is the next: complete
        assertTrue(HistoryPage.of(store.read("news", third, 10), third).complete());
        HistoryPosition second = at.get(1); // 3 is missing
        HistoryPage gap = HistoryPage.of(store.read("news", second, 10), second);
        assertEquals(
                List.of(4L, 5L, 6L, 7L, 8L),
                gap.messages().stream().map(m -> m.position().offset()).toList());
        assertEquals(false, gap.complete());

        HistoryPosition newest = at.get(7);
        HistoryPage none = HistoryPage.of(store.read("news", newest, 10), newest);
        assertEquals(List.of(), none.messages());
        assertTrue(none.complete(), "nothing new since the newest");

        HistoryPosition ahead = new HistoryPosition(9, fifth.epoch());
        assertEquals(false, HistoryPage.of(store.read("news", ahead, 10), ahead).complete(), "a future offset");
        HistoryPosition otherEpoch = new HistoryPosition(5, "elsewhere");
        HistoryPage foreign = HistoryPage.of(store.read("news", otherEpoch, 10), otherEpoch);
        assertEquals(5, foreign.messages().size(), "another epoch reads from the oldest kept");
        assertEquals(false, foreign.complete());
    }

    @Test
    void aHistoryPastItsTtlIsGoneAndTheNextMessageStartsANewEpoch() {
        HistoryPosition first = store.append(message("news", 1), FIVE);
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        HistoryPosition second = store.append(message("news", 2), FIVE); // renews the ttl
        assertEquals(first.epoch(), second.epoch());
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(2, store.read("news", null, 10).messages().size());
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(HistorySlice.EMPTY, store.read("news", null, 10));
        assertEquals(Optional.empty(), store.last("news"));
        assertEquals(
                false, HistoryPage.of(store.read("news", second, 10), second).complete(), "lost");
        HistoryPosition third = store.append(message("news", 3), FIVE);
        assertEquals(1, third.offset());
        assertNotEquals(first.epoch(), third.epoch());
        assertEquals(1, store.channelCount());
    }

    @Test
    void lastIsTheNewestMessage() {
        assertEquals(Optional.empty(), store.last("cache-x"));
        append("cache-x", 1, 3, new Retention(1, Duration.ofMinutes(30)));
        assertEquals("m3", store.last("cache-x").orElseThrow().id());
        assertEquals(3, store.last("cache-x").orElseThrow().position().offset());
    }

    @Test
    void theByteBudgetDropsTheChannelsWrittenLeastRecently() {
        long one = InMemoryHistoryStore.retained(message("c-1", 1)) + InMemoryHistoryStore.CHANNEL_BYTES;
        InMemoryHistoryStore small = new InMemoryHistoryStore(one * 3, clock::get);
        HistoryPosition c1 = small.append(message("c-1", 1), FIVE);
        small.append(message("c-2", 1), FIVE);
        small.append(message("c-3", 1), FIVE);
        small.append(message("c-1", 2), FIVE); // c-1 is now the most recent and over budget: c-2 goes
        assertEquals(HistorySlice.EMPTY, small.read("c-2", null, 10));
        assertEquals(2, small.read("c-1", null, 10).messages().size());
        assertTrue(small.bytes() <= one * 3, small.bytes() + " bytes");
        HistoryPosition again = small.append(message("c-2", 2), FIVE);
        assertEquals(1, again.offset(), "a dropped channel starts again");
        assertEquals(c1.epoch(), small.read("c-1", null, 10).epoch(), "the kept one keeps its epoch");
    }

    @Test
    void oneChannelAloneOverTheBudgetKeepsItsNewestMessages() {
        long one = InMemoryHistoryStore.retained(message("solo", 1));
        InMemoryHistoryStore small = new InMemoryHistoryStore(InMemoryHistoryStore.CHANNEL_BYTES + one * 2, clock::get);
        for (int n = 1; n <= 5; n++) {
            small.append(message("solo", n), FIVE);
        }
        assertEquals(List.of(4L, 5L), offsets(small.read("solo", null, 10)));
        assertTrue(small.bytes() <= InMemoryHistoryStore.CHANNEL_BYTES + one * 2);
    }

    @Test
    void closingForgetsEverything() {
        append("news", 1, 2, FIVE);
        store.close();
        assertEquals(0, store.bytes());
        assertEquals(HistorySlice.EMPTY, store.read("news", null, 10));
    }
}
