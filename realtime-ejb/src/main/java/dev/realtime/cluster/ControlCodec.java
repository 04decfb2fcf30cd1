package dev.realtime.cluster;

import dev.realtime.message.Json;
import dev.realtime.message.PayloadEncoder;
import dev.realtime.presence.PresenceMember;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages the nodes exchange on {@link dev.realtime.channel.ChannelNames#CLUSTER_CHANNEL}: the
 * event names one op each, the data a JSON object that starts with the sender's {@code boot} (one
 * run of the node) and {@code seq} (one more per message the run sends). Snapshots and counts are
 * cut into parts that each stay under a byte budget. Stateless.
 */
final class ControlCodec {
    static final String HEARTBEAT = "heartbeat";
    static final String JOIN = "join";
    static final String LEAVE = "leave";
    static final String COUNTS = "counts";
    static final String SNAPSHOT = "snapshot";
    static final String SYNC = "sync";
    static final String USER_EVENT = "user_event";
    static final String TERMINATE = "terminate";

    /** One part of a snapshot (or of a counts update, which has no presence). */
    record Snapshot(int connections, Map<String, Integer> counts, Map<String, List<PresenceMember>> presence) {}

    /** A channel's count or one of its members, the unit that parts are cut at. */
    record Fragment(String channel, Integer count, PresenceMember member) {
        int bytes() {
            return PayloadEncoder.utf8Length(channel)
                    + (member != null ? PayloadEncoder.utf8Length(member.toJson()) : 11)
                    + 8;
        }
    }

    private ControlCodec() {}

    static String data(String boot, long seq, String body) {
        StringBuilder out = new StringBuilder(body.length() + 64).append("{\"boot\":");
        Json.quote(out, boot).append(",\"seq\":").append(seq);
        return (body.isEmpty() ? out : out.append(',').append(body)).append('}').toString();
    }

    static String field(String name, String value) {
        StringBuilder out = new StringBuilder();
        Json.quote(out, name).append(':');
        return Json.quote(out, value).toString();
    }

    static JsonObject parse(String data) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(data))) {
            return reader.readObject();
        }
    }

    static String text(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException("missing string " + name);
    }

    static long number(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonNumber n) {
            return n.longValueExact();
        }
        throw new IllegalArgumentException("missing number " + name);
    }

    static PresenceMember member(JsonValue value) {
        JsonObject o = value.asJsonObject();
        JsonValue info = o.getOrDefault("user_info", JsonValue.NULL);
        return new PresenceMember(text(o, "user_id"), info == JsonValue.NULL ? null : info.toString());
    }

    /** The {@code counts} and {@code presence} of a snapshot or counts message. */
    static Snapshot content(JsonObject o) {
        Map<String, Integer> counts = new HashMap<>();
        if (o.get("counts") instanceof JsonObject c) {
            c.forEach((channel, n) -> counts.put(channel, ((JsonNumber) n).intValueExact()));
        }
        Map<String, List<PresenceMember>> presence = new HashMap<>();
        if (o.get("presence") instanceof JsonObject p) {
            p.forEach((channel, members) -> {
                List<PresenceMember> list = new ArrayList<>();
                ((JsonArray) members).forEach(m -> list.add(member(m)));
                presence.put(channel, list);
            });
        }
        int connections = o.get("connections") instanceof JsonNumber n ? n.intValueExact() : 0;
        return new Snapshot(connections, counts, presence);
    }

    /**
     * The fragments cut into parts of about {@code budget} bytes each (a fragment larger than the
     * budget gets a part of its own); at least one part, empty when there are no fragments.
     */
    static List<String> parts(List<Fragment> fragments, int budget) {
        List<String> parts = new ArrayList<>();
        List<Fragment> current = new ArrayList<>();
        int size = 0;
        for (Fragment f : fragments) {
            if (!current.isEmpty() && size + f.bytes() > budget) {
                parts.add(body(current));
                current.clear();
                size = 0;
            }
            current.add(f);
            size += f.bytes();
        }
        if (!current.isEmpty() || parts.isEmpty()) {
            parts.add(body(current));
        }
        return parts;
    }

    private static String body(List<Fragment> fragments) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, List<PresenceMember>> presence = new LinkedHashMap<>();
        for (Fragment f : fragments) {
            if (f.member() != null) {
                presence.computeIfAbsent(f.channel(), c -> new ArrayList<>()).add(f.member());
            } else {
                counts.put(f.channel(), f.count());
            }
        }
        StringBuilder out = new StringBuilder("\"counts\":{");
        counts.forEach((channel, n) -> {
            if (out.charAt(out.length() - 1) != '{') {
                out.append(',');
            }
            Json.quote(out, channel).append(':').append(n);
        });
        out.append("},\"presence\":{");
        presence.forEach((channel, members) -> {
            if (out.charAt(out.length() - 1) != '{') {
                out.append(',');
            }
            Json.quote(out, channel).append(":[");
            for (int i = 0; i < members.size(); i++) {
                out.append(i > 0 ? "," : "").append(members.get(i).toJson());
            }
            out.append(']');
        });
        return out.append('}').toString();
    }
}
