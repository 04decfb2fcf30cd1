package dev.realtime.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the signature of a Pusher HTTP API request, as every Pusher server SDK makes it: query
 * parameters {@code auth_key}, {@code auth_timestamp} (unix seconds), {@code auth_version=1.0},
 * {@code body_md5} (hex MD5 of the raw body; required when the body is not empty) and {@code
 * auth_signature}, the hex HMAC-SHA256 with the app secret of
 *
 * <pre>METHOD\n/path\nk1=v1&amp;k2=v2…</pre>
 *
 * where the pairs are every query parameter but {@code auth_signature}, keys lower-cased and
 * sorted, values as decoded and not re-encoded. A request more than {@link #MAX_SKEW} away from
 * the clock is refused, so a captured request cannot be replayed later.
 *
 * <p>Immutable and thread-safe; never blocks.
 */
public final class ApiSignature {
    /** How far {@code auth_timestamp} may be from the server's clock, either way. */
    public static final Duration MAX_SKEW = Duration.ofSeconds(600);

    private static final String SIGNATURE = "auth_signature";
    private static final String BODY_MD5 = "body_md5";
    private static final List<String> REQUIRED = List.of("auth_key", "auth_timestamp", "auth_version", SIGNATURE);

    /** One MD5 digest per thread; {@code digest} resets it after each use. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    });

    private final String key;
    private final PusherSignatures signatures;
    private final Clock clock;

    public ApiSignature(String key, String secret, Clock clock) {
        this.key = key;
        this.signatures = new PusherSignatures(key, secret);
        this.clock = clock;
    }

    /**
     * The outcome of {@link #verify}: valid, or a stable {@code error} code and a message for the
     * caller that says what is wrong (never the expected signature).
     */
    public record Result(String error, String message) {
        static final Result VALID = new Result(null, null);

        public boolean valid() {
            return error == null;
        }

        static Result invalid(String error, String message) {
            return new Result(error, message);
        }
    }

    /**
     * The whole check: {@link #verifyQuery} then {@link #verifyBody}.
     *
     * @param method the HTTP method as sent ({@code POST}, {@code GET})
     * @param path the request path as the client sent it, e.g. {@code /apps/3/events}
     * @param query the decoded query parameters (a JAX-RS {@code MultivaluedMap} fits)
     * @param body the raw body bytes; empty or {@code null} when there is none
     */
    public Result verify(String method, String path, Map<String, List<String>> query, byte[] body) {
        Result signed = verifyQuery(method, path, query);
        return signed.valid() ? verifyBody(query, body) : signed;
    }

    /**
     * Everything that does not need the body: the parameters, the key, the timestamp and the
     * signature (which covers {@code body_md5}, so the body can be read after this passed and
     * compared with {@link #verifyBody}).
     */
    public Result verifyQuery(String method, String path, Map<String, List<String>> query) {
        TreeMap<String, String> params = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (e.getValue().size() != 1 || params.put(name, e.getValue().get(0)) != null) {
                return Result.invalid("invalid_auth", "Query parameter " + name + " is given more than once");
            }
        }
        for (String name : REQUIRED) {
            if (params.get(name) == null || params.get(name).isEmpty()) {
                return Result.invalid("missing_auth", "Query parameter " + name + " is missing");
            }
        }
        if (!PusherSignatures.matches(key, params.get("auth_key"))) {
            return Result.invalid("invalid_key", "Unknown auth_key");
        }
        if (!"1.0".equals(params.get("auth_version"))) {
            return Result.invalid("invalid_auth", "auth_version must be 1.0");
        }
        Result time = checkTimestamp(params.get("auth_timestamp"));
        if (!time.valid()) {
            return time;
        }
        String provided = params.remove(SIGNATURE);
        if (!PusherSignatures.matches(signatures.sign(stringToSign(method, path, params)), provided)) {
            return Result.invalid("invalid_signature", "Invalid auth_signature");
        }
        return Result.VALID;
    }

    /**
     * Whether the raw body matches the (signed) {@code body_md5} parameter of a query that passed
     * {@link #verifyQuery}; a body without {@code body_md5} is refused.
     */
    public Result verifyBody(Map<String, List<String>> query, byte[] body) {
        String md5 = null;
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (e.getKey().equalsIgnoreCase(BODY_MD5) && e.getValue().size() == 1) {
                md5 = e.getValue().get(0);
            }
        }
        return checkBody(md5, body != null ? body : new byte[0]);
    }

    /** {@code METHOD\n/path\nk=v&…} over the given (lower-cased, sorted) parameters. */
    static String stringToSign(String method, String path, TreeMap<String, String> params) {
        StringBuilder text = new StringBuilder(method).append('\n').append(path).append('\n');
        params.forEach(
                (name, value) -> text.append(name).append('=').append(value).append('&'));
        if (!params.isEmpty()) {
            text.setLength(text.length() - 1);
        }
        return text.toString();
    }

    private Result checkTimestamp(String value) {
        long timestamp;
        try {
            timestamp = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Result.invalid("invalid_auth", "auth_timestamp must be unix seconds");
        }
        // a window around the clock, not |now - timestamp|: that overflows for a client's extreme value
        long now = clock.instant().getEpochSecond();
        if (timestamp < now - MAX_SKEW.toSeconds() || timestamp > now + MAX_SKEW.toSeconds()) {
            // the distance is below 2^64, so it is exact as an unsigned long
            String skew = Long.toUnsignedString(timestamp < now ? now - timestamp : timestamp - now);
            return Result.invalid(
                    "stale_timestamp",
                    "auth_timestamp is " + skew + " s away from the server's clock; at most " + MAX_SKEW.toSeconds()
                            + " s is allowed (check the client's clock)");
        }
        return Result.VALID;
    }

    private static Result checkBody(String md5, byte[] body) {
        if (md5 == null) {
            return body.length == 0
                    ? Result.VALID
                    : Result.invalid("missing_auth", "Query parameter body_md5 is missing (the request has a body)");
        }
        if (!md5.toLowerCase(Locale.ROOT).equals(md5Hex(body))) {
            return Result.invalid("invalid_body_md5", "body_md5 does not match the body");
        }
        return Result.VALID;
    }

    /** Lower-case hex MD5 of {@code bytes}. */
    public static String md5Hex(byte[] bytes) {
        return HexFormat.of().formatHex(MD5.get().digest(bytes));
    }
}
