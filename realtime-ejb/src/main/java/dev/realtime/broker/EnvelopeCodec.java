package dev.realtime.broker;

import dev.realtime.RealtimeException;
import dev.realtime.channel.ChannelNames;
import dev.realtime.config.RealtimeSettings;
import dev.realtime.config.Setting;
import dev.realtime.message.Message;
import dev.realtime.message.PayloadEncoder;
import dev.realtime.ops.RateLimitedLog;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What a broker writes and accepts: every envelope this node publishes is signed
 * ({@link EnvelopeSigner}), and every consumed one is checked before a consumer keeps it. A consumed
 * message passes the rules of {@code RealtimeManager.broadcast()}: channel grammar and length,
 * event grammar and length, a payload within {@code realtime.limits.payload-bytes}, and an id of at
 * most {@value #ID_LIMIT} visible ASCII characters. The reserved {@code pusher:} /
 * {@code pusher_internal:} events and the routing fields ({@code origin}, {@code except},
 * {@code user}), the history position ({@code offset}, {@code epoch}) and the nodes' reserved channels ({@link ChannelNames#RESERVED_PREFIX}) are
 * honoured only when the signature verifies; an unsigned message is, by
 * {@code realtime.broker.unsigned}, delivered as an ordinary event (those fields ignored, its origin
 * {@value Envelope#FOREIGN_ORIGIN}) or refused.
 *
 * <p>Counts: undecodable messages ({@link #malformed()}, part of the broker's {@code failed}),
 * refused ones ({@link #refused()}) and unsigned ones delivered ({@link #unsigned()}). Refusals are
 * logged through one {@link RateLimitedLog} (at most once per 10 s, with the number left out), never
 * quoting more than a short, printable part of the input. Thread-safe.
 */
public final class EnvelopeCodec {
    /** What becomes of a consumed message without a valid signature. */
    public enum Unsigned {
        /** Delivered as an ordinary event; its routing fields are ignored, reserved events refused. */
        DELIVER,
        /** Refused and counted. */
        REFUSE
    }

    static final int ID_LIMIT = 128;
    /**
     * Bytes a message on {@link ChannelNames#CLUSTER_CHANNEL} may carry beyond the payload limit:
     * a user's event wrapped with its routing ({@code dev.realtime.cluster}).
     */
    public static final int CONTROL_OVERHEAD = 4096;

    private static final Logger LOG = Logger.getLogger(EnvelopeCodec.class.getName());
    private static final int QUOTE_LIMIT = 80;

    private final EnvelopeSigner signer;
    private final ChannelNames names;
    private final int payloadLimit;
    private final Unsigned unsignedPolicy;
    private final LongAdder malformed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder unsigned = new LongAdder();
    private final RateLimitedLog refusals = new RateLimitedLog(LOG);

    public EnvelopeCodec(EnvelopeSigner signer, ChannelNames names, int payloadLimit, Unsigned unsignedPolicy) {
        this.signer = signer;
        this.names = names;
        this.payloadLimit = payloadLimit;
        this.unsignedPolicy = unsignedPolicy;
    }

    /** The codec of the cluster configured in {@code settings} (its app secret, limits and policy). */
    public static EnvelopeCodec from(RealtimeSettings settings) {
        return new EnvelopeCodec(
                EnvelopeSigner.fromSecret(settings.appSecret()),
                new ChannelNames(settings),
                settings.payloadLimit(),
                settings.source().option(Setting.BROKER_UNSIGNED, Unsigned.class));
    }

    /** A codec with a random key and the default limits, for a broker built without settings. */
    public static EnvelopeCodec unkeyed() {
        RealtimeSettings defaults = RealtimeSettings.defaults();
        return new EnvelopeCodec(
                EnvelopeSigner.random(), new ChannelNames(defaults), defaults.payloadLimit(), Unsigned.DELIVER);
    }

    /** The signed envelope of one of this node's messages. */
    public byte[] encode(Message message) {
        return signer.sign(Envelope.encode(message));
    }

    /**
     * The message of a consumed envelope, or {@code null} when it is refused (counted and logged).
     *
     * @param source where it was read, for the log ({@code Redis channel realtime:news}); called
     *     only when a refusal is logged
     */
    public Message decode(byte[] envelope, Supplier<String> source) {
        if (envelope == null) {
            malformed.increment();
            log(source, "not an envelope", "no body");
            return null;
        }
        Message message;
        try {
            message = Envelope.decode(envelope);
        } catch (IllegalArgumentException e) {
            malformed.increment();
            log(source, "not an envelope", e.getMessage());
            return null;
        }
        boolean signed = signer.verify(envelope);
        if (!signed && unsignedPolicy == Unsigned.REFUSE) {
            refused.increment();
            log(source, "unsigned", "no valid node signature (" + Setting.BROKER_UNSIGNED.key() + "=refuse)");
            return null;
        }
        try {
            Message admitted = admit(message, signed);
            if (!signed) {
                unsigned.increment();
            }
            return admitted;
        } catch (RealtimeException e) {
            refused.increment();
            log(source, e.code(), e.getMessage());
            return null;
        }
    }

    /** {@link #decode(byte[], String)} of an envelope that arrived as text. */
    public Message decode(String envelope, Supplier<String> source) {
        return decode(envelope.getBytes(StandardCharsets.UTF_8), source);
    }

    /**
     * {@code message} if it passes the rules; when it is not {@code signed}, without its routing
     * fields.
     *
     * @throws RealtimeException {@code invalid_channel}, {@code invalid_event},
     *     {@code payload_too_large} or {@code invalid_id}
     */
    public Message admit(Message message, boolean signed) {
        names.requireChannel(message.channel(), signed);
        names.requireEvent(message.event(), signed);
        int limit =
                message.channel().equals(ChannelNames.CLUSTER_CHANNEL) ? payloadLimit + CONTROL_OVERHEAD : payloadLimit;
        int size = PayloadEncoder.utf8Length(message.data());
        if (size > limit) {
            throw new RealtimeException("payload_too_large", "Payload is " + size + " bytes; the limit is " + limit);
        }
        requireId(message.id());
        if (signed) {
            return message;
        }
        return new Message(
                message.id(),
                message.channel(),
                message.event(),
                message.data(),
                message.timestamp(),
                Envelope.FOREIGN_ORIGIN,
                null,
                null,
                null);
    }

    /** Envelopes that could not be decoded. */
    public long malformed() {
        return malformed.sum();
    }

    /** Decodable envelopes refused by the rules or for want of a signature. */
    public long refused() {
        return refused.sum();
    }

    /** Unsigned envelopes delivered as ordinary events. */
    public long unsigned() {
        return unsigned.sum();
    }

    private static void requireId(String id) {
        if (id.isEmpty() || id.length() > ID_LIMIT) {
            throw new RealtimeException("invalid_id", "Message id must have 1 to " + ID_LIMIT + " characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new RealtimeException("invalid_id", "Message id must be visible ASCII without spaces");
            }
        }
    }

    private void log(Supplier<String> source, String what, String detail) {
        refusals.warn(() ->
                "Refused a broker message from " + printable(source.get()) + ": " + what + ": " + printable(detail));
    }

    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
