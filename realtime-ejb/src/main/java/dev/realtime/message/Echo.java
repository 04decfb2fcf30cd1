package dev.realtime.message;

/**
 * Caps what a client's own input may cost when it is quoted back to it (an Engine.IO ping payload,
 * an unknown event name, an error message naming a channel): at most {@code maxBytes} bytes of
 * UTF-8, cut at a character boundary, with {@code …} appended when something was cut. The cap is
 * {@code realtime.limits.echo-bytes}. Stateless.
 */
public final class Echo {
    private static final String ELLIPSIS = "…";

    private Echo() {}

    /**
     * {@code input} when it fits {@code maxBytes} bytes of UTF-8, else its longest prefix that fits
     * (never splitting a surrogate pair) followed by {@code …}; {@code null} stays {@code null}.
     */
    public static String truncate(String input, int maxBytes) {
        if (input == null || input.length() * 3 <= maxBytes) {
            return input; // even all three-byte characters fit
        }
        int bytes = 0;
        for (int i = 0; i < input.length(); ) {
            int cp = input.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                return input.substring(0, i) + ELLIPSIS;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return input;
    }
}
