package dev.realtime.message;

import java.util.HexFormat;

/**
 * A strict, allocation-light reader of JSON text (RFC 8259): strings (escapes decoded), integers,
 * and any value taken verbatim after checking it against the grammar. It checks payloads and reads
 * the broker envelope without building a tree. Errors are {@link IllegalArgumentException}s that
 * say what and where.
 */
public final class JsonScanner {
    private static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;

    public JsonScanner(String text) {
        this.text = text;
    }

    public void expect(char c) {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    public boolean consume(char c) {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    public void end() {
        skipSpace();
        if (pos != text.length()) {
            throw error("trailing characters");
        }
    }

    public String stringOrNull() {
        skipSpace();
        if (text.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        return string();
    }

    public String string() {
        skipSpace();
        expectRaw('"');
        StringBuilder out = null;
        int start = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String value = out == null
                        ? text.substring(start, pos)
                        : out.append(text, start, pos).toString();
                pos++;
                return value;
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, start, pos);
                out.append(escape());
                start = pos;
            } else {
                pos++;
            }
        }
    }

    public long integer() {
        skipSpace();
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '-') {
            pos++;
        }
        int first = pos;
        if (!digits() || pos - first > 18 || (text.charAt(first) == '0' && pos - first > 1)) {
            throw error("expected an integer");
        }
        return Long.parseLong(text, start, pos, 10);
    }

    /** Whether only whitespace is left. */
    public boolean atEnd() {
        skipSpace();
        return pos == text.length();
    }

    /** Checks one JSON value and returns its text unchanged. */
    public String rawValue() {
        skipSpace();
        int start = pos;
        value(0);
        return text.substring(start, pos);
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        skipSpace();
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                if (!consume('}')) {
                    do {
                        skipSpace();
                        string();
                        expect(':');
                        value(depth + 1);
                    } while (consume(','));
                    expect('}');
                }
            }
            case '[' -> {
                pos++;
                if (!consume(']')) {
                    do {
                        value(depth + 1);
                    } while (consume(','));
                    expect(']');
                }
            }
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error("expected a value");
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw error("expected digits after '.'");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error("expected an exponent");
            }
        }
        if (pos == start) {
            throw error("expected a value");
        }
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw error("expected a value");
        }
        pos += word.length();
    }

    private char escape() {
        pos++; // the backslash
        if (pos >= text.length()) {
            throw error("unterminated escape");
        }
        char c = text.charAt(pos++);
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (pos + 4 > text.length()) {
                    throw error("short \\u escape");
                }
                for (int i = pos; i < pos + 4; i++) {
                    if (!HexFormat.isHexDigit(text.charAt(i))) {
                        throw error("bad \\u escape");
                    }
                }
                char decoded = (char) Integer.parseInt(text, pos, pos + 4, 16);
                pos += 4;
                yield decoded;
            }
            default -> throw error("bad escape '\\" + c + "'");
        };
    }

    private void expectRaw(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON: " + what + " at offset " + pos);
    }
}
