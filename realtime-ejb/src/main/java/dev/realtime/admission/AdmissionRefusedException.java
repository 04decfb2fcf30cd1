package dev.realtime.admission;

/**
 * A connection that {@link AdmissionControl} did not admit. Cheap to throw (no stack trace): an
 * attacker makes many.
 */
public final class AdmissionRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Refusal refusal;
    private final long retryAfterSeconds;

    public AdmissionRefusedException(Refusal refusal, long retryAfterSeconds) {
        super(refusal.message(), null, false, false);
        this.refusal = refusal;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Refusal refusal() {
        return refusal;
    }

    /** Whole seconds, at least 1: the {@code Retry-After} to announce. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
