package dev.realtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.realtime.ops.BusiestChannels.ChannelLoad;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BusiestChannelsTest {

    @Test
    void keepsTheBusiestFirstAndBreaksTiesByName() {
        Map<String, Integer> counts = Map.of("a", 3, "b", 9, "c", 3, "d", 1, "e", 5);
        assertEquals(
                List.of(new ChannelLoad("b", 9), new ChannelLoad("e", 5), new ChannelLoad("a", 3)),
                BusiestChannels.top(counts.keySet(), counts::get, 3));
    }

    @Test
    void fewerChannelsThanAskedAndEmptiedOnesSkipped() {
        Map<String, Integer> counts = Map.of("a", 2, "gone", 0);
        assertEquals(List.of(new ChannelLoad("a", 2)), BusiestChannels.top(counts.keySet(), counts::get, 10));
        assertEquals(List.of(), BusiestChannels.top(List.of(), c -> 1, 10));
    }

    @ParameterizedTest(name = "[{index}] top {0}")
    @ValueSource(ints = {1, 2, 10, 100})
    void agreesWithSortingEverything(int n) {
        Random random = new Random(n);
        Map<String, Integer> counts = new HashMap<>();
        IntStream.range(0, 5000).forEach(i -> counts.put("ch-" + i, random.nextInt(50)));
        List<ChannelLoad> all = new ArrayList<>();
        counts.forEach((c, s) -> {
            if (s > 0) {
                all.add(new ChannelLoad(c, s));
            }
        });
        all.sort(BusiestChannels.BUSIEST_FIRST);
        List<String> names = new ArrayList<>(counts.keySet());
        Collections.shuffle(names, random);
        assertEquals(all.subList(0, n), BusiestChannels.top(names, counts::get, n));
    }

    @Test
    void refusesNothingToList() {
        assertThrows(IllegalArgumentException.class, () -> BusiestChannels.top(List.of("a"), c -> 1, 0));
    }
}
