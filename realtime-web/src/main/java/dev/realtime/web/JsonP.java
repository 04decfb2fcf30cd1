package dev.realtime.web;

import dev.realtime.RealtimeException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.Collection;

/**
 * JSON-P through one provider looked up once. {@code jakarta.json.Json.createReader(…)} and its
 * siblings look the provider up through the {@link java.util.ServiceLoader} on every call; on
 * WildFly that scan of the deployment's class loaders was a fifth of the CPU time of the HTTP
 * events API (seen with JFR under the fan-out benchmark). Thread-safe.
 */
public final class JsonP {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonP() {}

    public static JsonReader reader(String json) {
        return PROVIDER.createReader(new StringReader(json));
    }

    public static JsonReader reader(byte[] utf8) {
        return PROVIDER.createReader(new ByteArrayInputStream(utf8));
    }

    public static JsonParser parser(String json) {
        return PROVIDER.createParser(new StringReader(json));
    }

    public static JsonParser parser(byte[] utf8) {
        return PROVIDER.createParser(new ByteArrayInputStream(utf8));
    }

    /**
     * Exactly one JSON value, or {@code null} when {@code text} is not one. Through a parser, not a
     * {@code JsonReader}: Parsson's reader ignores whatever follows the value
     * ({@code {"event":"pusher:ping"}garbage}).
     */
    public static JsonValue singleValue(String text) {
        try (JsonParser parser = parser(text)) {
            parser.next();
            JsonValue value = parser.getValue();
            if (!parser.hasNext()) {
                return value;
            }
        } catch (RuntimeException e) {
            // JsonParsingException, and Parsson's plain RuntimeException for input nested too deeply
        }
        return null;
    }

    /**
     * Parses {@code text} (a JSON string a client sent inside a frame or form, such as
     * {@code channel_data}) as an object. The message never quotes the input.
     *
     * @throws RealtimeException {@code malformed_frame} when it is not a JSON object
     */
    public static JsonObject parseObject(String text, String what) {
        if (singleValue(text) instanceof JsonObject object) {
            return object;
        }
        throw new RealtimeException("malformed_frame", "Malformed frame: " + what + " must be a JSON object");
    }

    public static JsonObjectBuilder objectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonArrayBuilder arrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonArrayBuilder arrayBuilder(Collection<?> values) {
        return PROVIDER.createArrayBuilder(values);
    }
}
