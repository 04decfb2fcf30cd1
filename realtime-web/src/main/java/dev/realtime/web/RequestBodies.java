package dev.realtime.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies from clients that may be hostile, never more than a limit: a body whose
 * {@code Content-Length} is over the limit is refused before a byte of it is read, and one of
 * unknown length (chunked) is read until it passes the limit and then refused. Either refusal is
 * 413 {@code {"error":"body_too_large","message":"The request body is over N bytes"}}, which
 * never quotes the input. Stateless.
 */
public final class RequestBodies {
    private static final int CHUNK = 8192;

    private RequestBodies() {}

    /**
     * @param declaredLength the request's {@code Content-Length}, {@code -1} when it has none
     * @throws WebApplicationException 413 when it is over {@code limit}
     */
    public static void requireDeclaredWithin(long declaredLength, int limit) {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
    }

    /**
     * The whole body, checked against {@code limit} before and while reading it.
     *
     * @param declaredLength the request's {@code Content-Length}, {@code -1} when it has none
     * @throws WebApplicationException 413 when it is over {@code limit}; 400 {@code unreadable_body}
     *     when the connection fails while reading
     */
    public static byte[] read(InputStream body, long declaredLength, int limit) {
        requireDeclaredWithin(declaredLength, limit);
        if (body == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(declaredLength >= 0 ? (int) declaredLength : Math.min(limit, CHUNK));
        byte[] buffer = new byte[(int) Math.min(CHUNK, limit + 1L)];
        try {
            int n;
            while ((n = body.read(buffer, 0, (int) Math.min(buffer.length, limit + 1L - out.size()))) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > limit) {
                    throw tooLarge(limit);
                }
            }
        } catch (IOException e) {
            throw ErrorResponses.error(
                    Response.Status.BAD_REQUEST, "unreadable_body", "The request body could not be read");
        }
        return out.toByteArray();
    }

    private static WebApplicationException tooLarge(int limit) {
        return ErrorResponses.error(
                Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "body_too_large",
                "The request body is over " + limit + " bytes");
    }
}
