package dev.realtime.broker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proves that an envelope was written by a node of this cluster. A signed envelope is the unsigned
 * one ({@link Envelope#encode}) with a first member {@code "sig"} added:
 *
 * <pre>{@code {"sig":"<64 hex>","v":1,"id":…,"data":…}}</pre>
 *
 * where the hex is HMAC-SHA256 over the exact bytes of the unsigned envelope (the signed bytes
 * with that first member removed). Any other shape, whitespace included, counts as unsigned.
 *
 * <p>The key is derived from the app secret, {@code HMAC-SHA256(secret, "realtime broker envelope
 * v1")}, so it is the same on every node that shares {@code realtime.app.secret} and different from
 * the key of the Pusher signatures: a channel-auth or HTTP API signature, which clients see, can
 * never be replayed as an envelope signature and the other way round. A signature proves where a
 * message comes from, not when: a copy of a signed envelope, re-published by someone who can write
 * to the broker, verifies again (Kafka and JetStream replay legitimately too).
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvelopeSigner {
    /** The bytes a signed envelope starts with, before the hex signature. */
    static final byte[] PREFIX = "{\"sig\":\"".getBytes(StandardCharsets.US_ASCII);

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PURPOSE = "realtime broker envelope v1";
    private static final int HEX_LENGTH = 64;
    /** {@code {"sig":"} + hex + {@code ",}: what a signed envelope has before the unsigned one's members. */
    private static final int HEADER = PREFIX.length + HEX_LENGTH + 2;

    private final SecretKeySpec key;

    private EnvelopeSigner(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** The signer of the cluster whose nodes share {@code appSecret}. */
    public static EnvelopeSigner fromSecret(String appSecret) {
        return new EnvelopeSigner(
                hmac(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM), PURPOSE));
    }

    /** A signer with a random key: what it signs verifies nowhere else (a broker built without settings). */
    public static EnvelopeSigner random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new EnvelopeSigner(key);
    }

    /** The signed form of an unsigned envelope (a JSON object, as {@link Envelope#encode} makes it). */
    public byte[] sign(byte[] unsigned) {
        if (unsigned.length < 2 || unsigned[0] != '{') {
            throw new IllegalArgumentException("not an envelope");
        }
        byte[] hex = HexFormat.of().formatHex(mac(unsigned, 0)).getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[HEADER + unsigned.length - 1];
        System.arraycopy(PREFIX, 0, signed, 0, PREFIX.length);
        System.arraycopy(hex, 0, signed, PREFIX.length, HEX_LENGTH);
        signed[PREFIX.length + HEX_LENGTH] = '"';
        signed[PREFIX.length + HEX_LENGTH + 1] = ',';
        System.arraycopy(unsigned, 1, signed, HEADER, unsigned.length - 1);
        return signed;
    }

    /** Whether {@code envelope} carries a signature made with this signer's key over the rest of it. */
    public boolean verify(byte[] envelope) {
        if (envelope.length <= HEADER || !startsWithPrefix(envelope)) {
            return false;
        }
        if (envelope[PREFIX.length + HEX_LENGTH] != '"' || envelope[PREFIX.length + HEX_LENGTH + 1] != ',') {
            return false;
        }
        byte[] provided;
        try {
            provided =
                    HexFormat.of().parseHex(new String(envelope, PREFIX.length, HEX_LENGTH, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(envelope, HEADER), provided);
    }

    /** HMAC of {@code '{'} followed by {@code bytes} from {@code from} on (the unsigned envelope). */
    private byte[] mac(byte[] bytes, int from) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            if (from > 0) {
                mac.update((byte) '{');
                mac.update(bytes, from, bytes.length - from);
            } else {
                mac.update(bytes);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    private static boolean startsWithPrefix(byte[] envelope) {
        for (int i = 0; i < PREFIX.length; i++) {
            if (envelope[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] hmac(SecretKeySpec secret, String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
