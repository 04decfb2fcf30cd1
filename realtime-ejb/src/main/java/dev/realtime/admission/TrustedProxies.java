package dev.realtime.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * The reverse proxies whose {@code X-Forwarded-For} is believed ({@code realtime.admission.trusted-proxies}),
 * and the rule that finds a request's client address: the socket's peer, unless the peer is one of
 * them; only then the right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy.
 * With no proxies configured no header is ever read. Nothing here resolves a name. Immutable.
 */
public final class TrustedProxies {
    /** Entries of {@code X-Forwarded-For} looked at, from the right; a longer chain is cut. */
    static final int MAX_HOPS = 20;

    private record Network(byte[] bytes, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != bytes.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != bytes[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (bytes[full] & mask);
        }
    }

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /**
     * Parses addresses and CIDRs ({@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}).
     *
     * @throws IllegalArgumentException for an entry that is not one, naming the setting
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Network> networks = new ArrayList<>();
        for (String entry : entries) {
            int slash = entry.indexOf('/');
            byte[] bytes = IpLiterals.parse(slash < 0 ? entry : entry.substring(0, slash));
            int prefix = -1;
            if (bytes != null) {
                bytes = unmapped(bytes);
                prefix = bytes.length * 8;
                if (slash >= 0) {
                    try {
                        prefix = Integer.parseInt(entry.substring(slash + 1).trim());
                    } catch (NumberFormatException e) {
                        prefix = -1;
                    }
                }
            }
            if (bytes == null || prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("Configuration realtime.admission.trusted-proxies: " + entry
                        + " is not an IP address or CIDR (no host names)");
            }
            networks.add(new Network(bytes, prefix));
        }
        return new TrustedProxies(networks);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Whether {@code address} (4 or 16 bytes) is a trusted proxy. */
    public boolean trusts(byte[] address) {
        byte[] a = unmapped(address);
        for (Network n : networks) {
            if (n.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client address of a request.
     *
     * @param peer the socket's peer address as the container gives it (a literal), or {@code null}
     * @param forwardedFor the values of every {@code X-Forwarded-For} header in order (each may list
     *     several addresses); read only when the peer is trusted
     * @return 4 or 16 bytes, or {@code null} when the peer is unknown
     */
    public byte[] clientAddress(String peer, List<String> forwardedFor) {
        byte[] address = IpLiterals.parse(peer);
        if (address == null || networks.isEmpty() || !trusts(address) || forwardedFor == null) {
            return address;
        }
        int seen = 0;
        for (int h = forwardedFor.size() - 1; h >= 0; h--) {
            String header = forwardedFor.get(h);
            int end = header == null ? -1 : header.length();
            while (end >= 0) { // right to left, without splitting the whole header
                if (++seen > MAX_HOPS) {
                    return address;
                }
                int comma = header.lastIndexOf(',', end - 1);
                byte[] hop = IpLiterals.parse(header.substring(comma + 1, end));
                if (hop == null) {
                    return address; // a broken chain: the last hop we could believe sent it
                }
                address = hop;
                if (!trusts(hop)) {
                    return hop;
                }
                end = comma;
            }
        }
        return address;
    }

    /** IPv4-mapped IPv6 as IPv4, so one rule covers both spellings. */
    private static byte[] unmapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
            return address;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }
}
