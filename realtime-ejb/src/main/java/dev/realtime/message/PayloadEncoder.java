package dev.realtime.message;

import dev.realtime.RealtimeException;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

/**
 * Turns the {@code data} argument of {@code broadcast} into JSON text and enforces the payload
 * limit. Strings become JSON strings, {@link RawJson} is checked and kept verbatim, JSON-P values
 * are written as they are, and anything else goes through JSON-B. Thread-safe.
 */
public final class PayloadEncoder {
    private final int limitBytes;
    private volatile Jsonb jsonb;

    public PayloadEncoder(int limitBytes) {
        this.limitBytes = limitBytes;
    }

    /**
     * @throws RealtimeException {@code invalid_payload} when it cannot be serialized or is not
     *     JSON, {@code payload_too_large} when the JSON is over the limit
     */
    public String encode(Object data) {
        String json = toJson(data);
        int size = utf8Length(json);
        if (size > limitBytes) {
            throw new RealtimeException(
                    "payload_too_large",
                    "Payload is " + size + " bytes; the limit is " + limitBytes + " (realtime.limits.payload-bytes)");
        }
        return json;
    }

    private String toJson(Object data) {
        if (data == null) {
            return "null";
        }
        if (data instanceof RawJson raw) {
            requireJson(raw.json());
            return raw.json();
        }
        if (data instanceof CharSequence text) {
            return dev.realtime.message.Json.quote(text);
        }
        if (data instanceof JsonValue value) {
            return value.toString();
        }
        if (data instanceof Boolean || data instanceof Integer || data instanceof Long) {
            return data.toString();
        }
        try {
            return jsonb().toJson(data);
        } catch (JsonbException e) {
            throw new RealtimeException(
                    "invalid_payload", "Cannot serialize " + data.getClass().getName() + " to JSON: " + e.getMessage());
        }
    }

    /** @throws RealtimeException {@code invalid_payload} unless {@code json} is exactly one JSON value */
    public static void requireJson(String json) {
        JsonScanner scanner = new JsonScanner(json);
        if (scanner.atEnd()) {
            throw new RealtimeException("invalid_payload", "Payload must be exactly one JSON value");
        }
        try {
            scanner.rawValue();
        } catch (IllegalArgumentException e) {
            throw new RealtimeException("invalid_payload", "Payload is not valid JSON: " + e.getMessage());
        }
        if (!scanner.atEnd()) {
            throw new RealtimeException("invalid_payload", "Payload must be exactly one JSON value");
        }
    }

    private Jsonb jsonb() {
        Jsonb current = jsonb;
        if (current == null) {
            synchronized (this) {
                if (jsonb == null) {
                    jsonb = JsonbBuilder.create();
                }
                current = jsonb;
            }
        }
        return current;
    }

    /** The length of {@code s} in UTF-8, without encoding it. */
    public static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c)) {
                    bytes += 2;
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
