package dev.realtime.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalOnlyTest {

    @ParameterizedTest(name = "[{index}] {arguments}")
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1.2.3",
                "127.255.255.254",
                "::1",
                "[::1]",
                "0:0:0:0:0:0:0:1",
                "0000:0000:0000:0000:0000:0000:0000:0001",
                "::ffff:127.0.0.1",
                "::1%lo"
            })
    void loopbackAddressesAreLocal(String address) {
        assertTrue(LocalOnly.isLoopback(address), address);
    }

    @ParameterizedTest(name = "[{index}] {arguments}")
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "10.0.0.1",
                "192.168.1.20",
                "128.0.0.1",
                "0.0.0.0",
                "::",
                "::2",
                "fe80::1",
                "::ffff:10.0.0.1",
                "localhost",
                "127.0.0.1.evil.example",
                "127.0.0",
                "127.0.0.256",
                "127.0.0.-1",
                "1127.0.0.1"
            })
    void everythingElseIsNot(String address) {
        assertFalse(LocalOnly.isLoopback(address), address);
    }
}
