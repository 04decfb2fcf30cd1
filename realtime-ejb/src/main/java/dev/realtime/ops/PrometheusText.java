package dev.realtime.ops;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): per metric family a {@code # HELP}
 * and a {@code # TYPE} line, then its samples {@code name{label="value"} number}. Counters must be
 * named {@code …_total}; a family is written once. Not thread-safe: one per scrape.
 */
public final class PrometheusText {
    /** The content type of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> families = new HashSet<>();

    /** A counter without labels. */
    public PrometheusText counter(String name, String help, long value) {
        return family(name, "counter", help).sample(name, Map.of(), value);
    }

    /** A gauge without labels. */
    public PrometheusText gauge(String name, String help, long value) {
        return family(name, "gauge", help).sample(name, Map.of(), value);
    }

    /** Starts a family: its HELP and TYPE lines; its samples follow with {@link #sample}. */
    public PrometheusText family(String name, String type, String help) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        if (type.equals("counter") != name.endsWith("_total")) {
            throw new IllegalArgumentException("counters, and only they, end in _total: " + name + " " + type);
        }
        if (!families.add(name)) {
            throw new IllegalArgumentException("metric family written twice: " + name);
        }
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample of the family {@code name} (already started), with its labels in their order. */
    public PrometheusText sample(String name, Map<String, String> labels, long value) {
        if (!families.contains(name)) {
            throw new IllegalArgumentException("sample before its family: " + name);
        }
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!LABEL.matcher(label.getKey()).matches()) {
                    throw new IllegalArgumentException("not a label name: " + label.getKey());
                }
                out.append(first ? "" : ",")
                        .append(label.getKey())
                        .append("=\"")
                        .append(escapeValue(label.getValue()))
                        .append('"');
                first = false;
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
        return this;
    }

    /** {@link #sample(String, Map, long)} with one label. */
    public PrometheusText sample(String name, String label, String labelValue, long value) {
        return sample(name, Map.of(label, labelValue), value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
