/**
 * The WebSocket write path shared by the Pusher and Socket.IO transports: a message encoded once as
 * a {@link dev.realtime.transport.io.TextFrame}, written by a {@link dev.realtime.transport.io.FrameSender}
 * (Undertow's native writer, batched per I/O thread, or the portable JSR-356 one) chosen by
 * {@link dev.realtime.transport.io.WritePaths}, and the handshake's {@link dev.realtime.transport.io.OriginCheck}.
 */
package dev.realtime.transport.io;
