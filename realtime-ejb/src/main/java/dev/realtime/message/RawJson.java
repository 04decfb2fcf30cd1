package dev.realtime.message;

import java.util.Objects;

/**
 * A payload that is already JSON text. Passing one to {@code broadcast} sends the text as it is
 * (after a syntax check) instead of serializing the object with JSON-B.
 */
public record RawJson(String json) {
    public RawJson {
        Objects.requireNonNull(json, "json");
    }
}
