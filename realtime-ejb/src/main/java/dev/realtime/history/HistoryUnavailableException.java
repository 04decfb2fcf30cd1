package dev.realtime.history;

/** A {@link HistoryStore} could not be reached (or answered nonsense); nothing was appended or read. */
public final class HistoryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
