package dev.realtime.message;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators for fuzzing the parsers of untrusted input: random text, valid JSON, and valid
 * input with hostile mutations (truncation, bad escapes, huge numbers, deep nesting, lone
 * surrogates, control characters, very long names). Every input is bounded in size (a few KB), so
 * a property cannot hang on its input. realtime-web's tests have a twin of this class (test classes
 * are not shared between modules).
 */
public final class FuzzInputs {
    /** Fragments that break parsers: escapes, separators, surrogates, controls, huge numbers. */
    private static final List<String> HOSTILE_TOKENS = List.of(
            "\"",
            "\\",
            "\\u",
            "\\uD83D",
            "\\uDE00",
            "\\uZZZZ",
            "\\x",
            "\\\"",
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "-",
            ".",
            "e",
            "/",
            "\u0000",
            "\u001e",
            "\u001f",
            "\u007f",
            "\n",
            "\r\n",
            "\ud800",
            "\udc00",
            "\ud83d\ude00",
            "\u2028",
            "\ufeff",
            "\uffff",
            "\u0663",
            "99999999999999999999999999",
            "-9223372036854775808",
            "9223372036854775808",
            "1e999999999",
            "1.5e-999999999",
            "0x10",
            "NaN",
            "Infinity",
            "null",
            "true",
            "\"\":",
            "[".repeat(600),
            "{\"a\":".repeat(300),
            "x".repeat(5000));

    private FuzzInputs() {}

    /** Random text: any characters, or characters drawn from JSON's syntax and the hostile set. */
    public static Arbitrary<String> randomText() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> syntax = Arbitraries.strings()
                .withChars("{}[]\",:\\/ -+.0123456789eEtrufalsn\u0000\u001e\n\t\ud800\udc00\u2028")
                .ofMaxLength(200);
        Arbitrary<String> tokens =
                Arbitraries.of(HOSTILE_TOKENS).list().ofMaxSize(6).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(anyChars, syntax, tokens);
    }

    /** Random bytes, most of them not UTF-8. */
    public static Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    /** Any string, lone surrogates and controls included. */
    public static Arbitrary<String> anyString() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of(HOSTILE_TOKENS));
    }

    /** Strings that are well-formed UTF-16 (no lone surrogate), so they survive UTF-8. */
    public static Arbitrary<String> wellFormedString() {
        return anyString().filter(FuzzInputs::wellFormed);
    }

    public static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A valid JSON value (RFC 8259), nested up to {@code depth}. */
    public static Arbitrary<String> json(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                anyString().map(Json::quote),
                Arbitraries.of(
                        "\"\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\\"\\\\\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("0", "-0", "0.5", "-1.25e+10", "1E-7", "12345678901234567890123456789", "1e999999999"),
                Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> child = json(depth - 1);
        Arbitrary<String> array =
                child.list().ofMaxSize(4).map(items -> items.stream().collect(Collectors.joining(",", "[", "]")));
        Arbitrary<String> object = Combinators.combine(anyString().map(Json::quote), child)
                .as((k, v) -> k + ":" + v)
                .list()
                .ofMaxSize(4)
                .map(members -> members.stream().collect(Collectors.joining(",", "{", "}")));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, object));
    }

    /** {@code valid} with one to three hostile mutations. */
    public static Arbitrary<String> mutated(Arbitrary<String> valid) {
        return Combinators.combine(valid, mutation().list().ofMinSize(1).ofMaxSize(3))
                .as((text, mutations) -> {
                    String out = text;
                    for (Mutation m : mutations) {
                        out = m.apply(out);
                    }
                    return out;
                });
    }

    /** Valid input, or valid input mutated, or random text, in about equal parts. */
    public static Arbitrary<String> nearValid(Arbitrary<String> valid) {
        return Arbitraries.oneOf(valid, mutated(valid), mutated(valid), randomText());
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(
                        Arbitraries.of(Mutation.Kind.class),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.of(HOSTILE_TOKENS),
                        Arbitraries.integers().between(1, 1100))
                .as(Mutation::new);
    }

    /** One edit of a valid input at a position (taken modulo its length). */
    record Mutation(Kind kind, int position, String token, int depth) {
        enum Kind {
            TRUNCATE,
            INSERT,
            DELETE,
            REPLACE,
            REPEAT_PREFIX,
            NEST
        }

        String apply(String text) {
            int at = position % (text.length() + 1);
            return switch (kind) {
                case TRUNCATE -> text.substring(0, at);
                case INSERT -> text.substring(0, at) + token + text.substring(at);
                case DELETE -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text;
                case REPLACE -> at < text.length() ? text.substring(0, at) + token + text.substring(at + 1) : text;
                case REPEAT_PREFIX -> text.substring(0, at).repeat(3) + text.substring(at);
                case NEST -> "[".repeat(depth) + text + "]".repeat(depth);
            };
        }
    }
}
