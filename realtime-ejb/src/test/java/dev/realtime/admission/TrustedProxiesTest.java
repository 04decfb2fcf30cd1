package dev.realtime.admission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.2.3.4|1.2.3.4",
                " 10.0.0.255 |10.0.0.255",
                "::1|0:0:0:0:0:0:0:1",
                "[2001:db8::1]|2001:db8:0:0:0:0:0:1",
                "fe80::1%eth0|fe80:0:0:0:0:0:0:1",
                "::ffff:1.2.3.4|1.2.3.4",
                "2001:db8:1:2:3:4:5:6|2001:db8:1:2:3:4:5:6"
            })
    void literalsParseWithoutResolving(String literal, String expected) {
        assertEquals(expected, AddressKey.of(IpLiterals.parse(literal), 128).toString());
    }

    @ParameterizedTest(name = "\"{0}\" is no address")
    @ValueSource(
            strings = {
                "",
                "localhost",
                "example.com",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "1.2.3.-4",
                "1::2::3",
                "12345::",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "g::1",
                "unknown"
            })
    void nonLiteralsAreRefused(String text) {
        assertNull(IpLiterals.parse(text));
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsNeverRead() {
        TrustedProxies none = TrustedProxies.none();
        assertArrayEquals(
                new byte[] {127, 0, 0, 1}, none.clientAddress("127.0.0.1", List.of("1.2.3.4")), "the peer, always");
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8"));
        assertArrayEquals(new byte[] {9, 9, 9, 9}, proxies.clientAddress("9.9.9.9", List.of("1.2.3.4")));
    }

    @Test
    void aTrustedPeerNamesTheRightMostUntrustedHop() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7"));
        // the client forged "6.6.6.6"; the real client 1.2.3.4 reached proxy 192.168.1.7, then 10.1.1.1
        assertArrayEquals(
                new byte[] {1, 2, 3, 4}, proxies.clientAddress("10.1.1.1", List.of("6.6.6.6, 1.2.3.4", "192.168.1.7")));
        assertArrayEquals(new byte[] {10, 1, 1, 1}, proxies.clientAddress("10.1.1.1", List.of()), "no header: peer");
        assertArrayEquals(
                new byte[] {10, 2, 2, 2},
                proxies.clientAddress("10.1.1.1", List.of("junk, 10.2.2.2")),
                "a broken chain stops at the last believable hop");
    }

    @Test
    void anIpv4MappedPeerMatchesAnIpv4Rule() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("127.0.0.1"));
        assertArrayEquals(new byte[] {5, 6, 7, 8}, proxies.clientAddress("::ffff:127.0.0.1", List.of("5.6.7.8")));
    }

    @Test
    void aLongChainIsCutFromTheRight() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8"));
        String chain = "1.1.1.1," + "10.0.0.1,".repeat(100) + "10.0.0.2";
        assertArrayEquals(new byte[] {10, 0, 0, 1}, proxies.clientAddress("10.0.0.3", List.of(chain)));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "::/129"})
    void badEntriesFailTheConfiguration(String entry) {
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of(entry)));
    }

    @Test
    void ipv6ClientsAreCountedPerPrefix() {
        AddressKey a = AddressKey.of(IpLiterals.parse("2001:db8:1:2::1"), 64);
        AddressKey b = AddressKey.of(IpLiterals.parse("2001:db8:1:2:ffff::9"), 64);
        AddressKey c = AddressKey.of(IpLiterals.parse("2001:db8:1:3::1"), 64);
        assertEquals(a, b);
        assertEquals(false, a.equals(c));
        assertEquals(
                false,
                AddressKey.of(IpLiterals.parse("2001:db8:1:2::1"), 128)
                        .equals(AddressKey.of(IpLiterals.parse("2001:db8:1:2::2"), 128)));
    }
}
