package dev.realtime;

import jakarta.ejb.ApplicationException;

/**
 * A refused request to the realtime module: a bad name, a payload over the limit, an unknown
 * broker. Each carries a stable machine-readable {@link #code()} that the HTTP transports put in
 * their JSON error bodies. It is an EJB application exception, so an EJB caller receives it as
 * thrown instead of wrapped in an {@code EJBException}.
 */
@ApplicationException(rollback = true)
public class RealtimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public RealtimeException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** Stable error code such as {@code invalid_channel} or {@code payload_too_large}. */
    public String code() {
        return code;
    }
}
