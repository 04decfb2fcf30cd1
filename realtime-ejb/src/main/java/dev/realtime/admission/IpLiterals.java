package dev.realtime.admission;

/**
 * Parses IPv4 and IPv6 address literals to their bytes without ever resolving a name: text from a
 * request ({@code X-Forwarded-For}) must never make the server ask DNS. Accepts dotted-quad IPv4,
 * IPv6 with {@code ::} compression and an optional trailing dotted quad, an optional
 * {@code [..]} around IPv6 and an optional {@code %zone} (ignored); anything else is {@code null}.
 */
public final class IpLiterals {
    private static final int MAX_LENGTH = 64;

    private IpLiterals() {}

    /** The 4 or 16 bytes of the literal, or {@code null} when it is not one. */
    public static byte[] parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return null;
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        return s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s);
    }

    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        byte[] head = gap >= 0 ? groups(s.substring(0, gap)) : groups(s);
        byte[] tail = gap >= 0 ? groups(s.substring(gap + 2)) : new byte[0];
        if (head == null || tail == null) {
            return null;
        }
        int filled = head.length + tail.length;
        if (gap < 0 ? filled != 16 : filled > 14) {
            return null;
        }
        byte[] out = new byte[16];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, 16 - tail.length, tail.length);
        return out;
    }

    /** Colon-separated hex groups, the last of which may be a dotted quad; empty text is none. */
    private static byte[] groups(String s) {
        if (s.isEmpty()) {
            return new byte[0];
        }
        String[] parts = s.split(":", -1);
        byte[] out = new byte[parts.length * 2 + 2];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = ipv4(p);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, n, 4);
                n += 4;
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < p.length(); j++) {
                int digit = Character.digit(p.charAt(j), 16);
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            out[n++] = (byte) (value >> 8);
            out[n++] = (byte) value;
        }
        return n > 16 ? null : java.util.Arrays.copyOf(out, n);
    }
}
