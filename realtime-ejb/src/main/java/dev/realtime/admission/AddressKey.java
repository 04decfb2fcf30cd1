package dev.realtime.admission;

/**
 * What one client address is counted as: an IPv4 address, or an IPv6 address cut to the configured
 * prefix ({@code realtime.admission.ipv6-prefix}), in 16 bytes. IPv4 is kept as its IPv4-mapped
 * IPv6 form, so {@code 1.2.3.4} and {@code ::ffff:1.2.3.4} are the same client. Small and of fixed
 * size whatever the input, so the admission tables cost the same per entry for every address.
 */
public record AddressKey(long high, long low) {
    private static final long MAPPED = 0xFFFFL << 32;

    /**
     * The key of {@code address} (4 or 16 bytes).
     *
     * @param ipv6Prefix bits of an IPv6 address that count (1 to 128)
     */
    public static AddressKey of(byte[] address, int ipv6Prefix) {
        if (address.length == 4) {
            return new AddressKey(0, MAPPED | (toLong(address, 0, 4) & 0xFFFF_FFFFL));
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("An address has 4 or 16 bytes, not " + address.length);
        }
        long high = toLong(address, 0, 8);
        long low = toLong(address, 8, 8);
        if (high == 0 && (low >>> 32) == 0xFFFFL) {
            return new AddressKey(0, low); // IPv4-mapped: an IPv4 client
        }
        int prefix = Math.max(1, Math.min(128, ipv6Prefix));
        if (prefix <= 64) {
            return new AddressKey(high & (-1L << (64 - prefix)), 0);
        }
        return new AddressKey(high, prefix == 128 ? low : low & (-1L << (128 - prefix)));
    }

    /** Whether this is an IPv4 client. */
    public boolean ipv4() {
        return high == 0 && (low >>> 32) == 0xFFFFL;
    }

    @Override
    public String toString() {
        if (ipv4()) {
            return ((low >>> 24) & 0xFF) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "."
                    + (low & 0xFF);
        }
        StringBuilder s = new StringBuilder(40);
        for (int i = 0; i < 8; i++) {
            long word = i < 4 ? high : low;
            int shift = 48 - 16 * (i % 4);
            s.append(i == 0 ? "" : ":").append(Long.toHexString((word >>> shift) & 0xFFFF));
        }
        return s.toString();
    }

    private static long toLong(byte[] bytes, int from, int count) {
        long value = 0;
        for (int i = from; i < from + count; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }
}
