package dev.realtime.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.ToIntFunction;

/**
 * The {@code n} channels with the most subscribers on this node, picked from state the node keeps
 * anyway (its channel registry, bounded by connections × channels per connection): one pass over
 * the occupied channels with a heap of at most {@code n} entries, nothing kept between calls.
 */
public final class BusiestChannels {
    /** Most subscribers first; among equals, by name. */
    static final Comparator<ChannelLoad> BUSIEST_FIRST =
            Comparator.comparingInt(ChannelLoad::subscribers).reversed().thenComparing(ChannelLoad::channel);

    private BusiestChannels() {}

    /** One channel and its subscribers on this node. */
    public record ChannelLoad(String channel, int subscribers) {}

    /**
     * @param channels the occupied channels (a weakly consistent view is fine)
     * @param subscribers a channel's subscriber count now; a channel emptied meanwhile (0) is skipped
     * @param n most channels returned, at least 1
     * @return at most {@code n} channels, busiest first
     */
    public static List<ChannelLoad> top(Iterable<String> channels, ToIntFunction<String> subscribers, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        // the heap's head is the least busy of those kept, the one a busier channel replaces
        PriorityQueue<ChannelLoad> kept = new PriorityQueue<>(n + 1, BUSIEST_FIRST.reversed());
        for (String channel : channels) {
            int count = subscribers.applyAsInt(channel);
            if (count <= 0) {
                continue;
            }
            ChannelLoad load = new ChannelLoad(channel, count);
            if (kept.size() < n) {
                kept.add(load);
            } else if (BUSIEST_FIRST.compare(load, kept.peek()) < 0) {
                kept.poll();
                kept.add(load);
            }
        }
        List<ChannelLoad> busiest = new ArrayList<>(kept);
        busiest.sort(BUSIEST_FIRST);
        return busiest;
    }
}
