package dev.realtime.auth;

/**
 * Decides who may subscribe to private and presence channels. The application provides one CDI
 * bean per channel pattern (any bean-defining scope, e.g. {@code @ApplicationScoped}):
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class ChatRoomChannels implements ChannelAuthorizer {
 *     @Inject RoomService rooms;
 *
 *     public String pattern() { return "private-chat.{roomId}"; }
 *
 *     public Authorization authorize(AuthorizationRequest request) {
 *         return request.user() != null && rooms.isMember(request.param("roomId"), request.user().getName())
 *                 ? Authorization.allow()
 *                 : Authorization.deny();
 *     }
 * }
 * }</pre>
 *
 * <p>A pattern is a channel name in which {@code {name}} matches one dot-free segment, available as
 * {@link AuthorizationRequest#param(String)}. When several patterns match, the one with the most
 * literal characters wins; when none matches, the subscription is denied. Presence channels must
 * answer {@link Authorization#presence}. Called on request threads, concurrently: implementations
 * must be thread-safe and should answer quickly. An exception counts as a denial (and is logged).
 */
public interface ChannelAuthorizer {

    /** The channel pattern this bean decides, e.g. {@code presence-room.{id}} or {@code user.{userId}}. */
    String pattern();

    /** The decision for one user and one channel. */
    Authorization authorize(AuthorizationRequest request);
}
