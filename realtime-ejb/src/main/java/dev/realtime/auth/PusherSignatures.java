package dev.realtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Pusher signatures: hex HMAC-SHA256 with the app secret over
 * {@code socket_id:channel} (private), {@code socket_id:channel:channel_data} (presence) and
 * {@code socket_id::user::user_data} (sign-in), and the {@code key:signature} auth strings built from
 * them. Verification compares in constant time. Immutable and thread-safe.
 */
public final class PusherSignatures {
    private final String key;
    private final SecretKeySpec secret;
    /** One keyed {@link Mac} per thread: {@code Mac.getInstance} + {@code init} per call was visible in profiles. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public PusherSignatures(String key, String secret) {
        this.key = key;
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Hex HMAC-SHA256 of {@code text} with the app secret. */
    public String sign(String text) {
        // doFinal resets the Mac to its keyed initial state, ready for the thread's next call
        return HexFormat.of().formatHex(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** {@code key:signature} for a private channel. */
    public String privateAuth(String socketId, String channel) {
        return key + ":" + sign(socketId + ":" + channel);
    }

    /** {@code key:signature} for a presence channel, over the exact {@code channelData} string. */
    public String presenceAuth(String socketId, String channel, String channelData) {
        return key + ":" + sign(socketId + ":" + channel + ":" + channelData);
    }

    /** {@code key:signature} for user sign-in, over the exact {@code userData} string. */
    public String userAuth(String socketId, String userData) {
        return key + ":" + sign(socketId + "::user::" + userData);
    }

    /** Constant-time comparison of an auth string a client sent with the expected one. */
    public static boolean matches(String expected, String provided) {
        if (provided == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), provided.getBytes(StandardCharsets.UTF_8));
    }
}
