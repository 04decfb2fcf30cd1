package dev.realtime.api;

/** Whether a peer address (as the container reports it) is this machine's loopback. */
final class LocalOnly {
    private LocalOnly() {}

    /** True for 127.0.0.0/8, {@code ::1} and IPv4-mapped 127.x; false for anything else, names too. */
    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        String a =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        String lower = a.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("::ffff:")) {
            return ipv4Loopback(lower.substring(7));
        }
        if (lower.contains(":")) {
            return lower.equals("::1") || lower.matches("(0{1,4}:){7}0{0,3}1") || lower.equals("0:0:0:0:0:0:0:1");
        }
        return ipv4Loopback(lower);
    }

    private static boolean ipv4Loopback(String a) {
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return parts[0].equals("127");
    }
}
