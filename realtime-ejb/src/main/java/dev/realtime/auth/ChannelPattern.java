package dev.realtime.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A channel pattern such as {@code private-chat.{roomId}}: literal text plus named parameters,
 * each matching one segment without dots. Immutable.
 */
public final class ChannelPattern {
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    private final String source;
    private final Pattern regex;
    private final List<String> names;
    private final int literalLength;

    public ChannelPattern(String source) {
        this.source = source;
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(source);
        int last = 0;
        int literal = 0;
        while (m.find()) {
            regex.append(Pattern.quote(source.substring(last, m.start())));
            literal += m.start() - last;
            if (names.contains(m.group(1))) {
                throw new IllegalArgumentException("Parameter {" + m.group(1) + "} appears twice in " + source);
            }
            names.add(m.group(1));
            regex.append("([^.]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(source.substring(last)));
        literal += source.length() - last;
        if (PARAM.matcher(source).replaceAll("").contains("{")) { // a '{' outside a well-formed {name}
            throw new IllegalArgumentException("Malformed parameter in channel pattern " + source);
        }
        this.regex = Pattern.compile(regex.toString());
        this.names = List.copyOf(names);
        this.literalLength = literal;
    }

    /** The parameters when {@code channel} matches, else empty. */
    public Optional<Map<String, String>> match(String channel) {
        Matcher m = regex.matcher(channel);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), m.group(i + 1));
        }
        return Optional.of(params);
    }

    /** Characters outside parameters: more means more specific. */
    public int literalLength() {
        return literalLength;
    }

    @Override
    public String toString() {
        return source;
    }
}
