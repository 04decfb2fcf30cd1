package dev.realtime.web.auth;

import dev.realtime.auth.Authorization;
import dev.realtime.auth.ChannelAuthorization;
import dev.realtime.auth.ChannelAuthorizer;
import dev.realtime.channel.ChannelType;
import dev.realtime.node.RealtimeNode;
import dev.realtime.ops.AuthRefusals;
import dev.realtime.presence.PresenceMember;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.Principal;
import java.util.logging.Logger;

/**
 * The web tier's door to channel authorization: collects the application's
 * {@link ChannelAuthorizer} beans (from this WAR and the EAR's EJB modules) and answers, for one
 * user and one channel, whether the user may join and as which presence member.
 */
@ApplicationScoped
public class ChannelAccess {
    private static final Logger LOG = Logger.getLogger(ChannelAccess.class.getName());

    @Inject
    RealtimeNode node;

    @Inject
    @Any
    Instance<ChannelAuthorizer> authorizers;

    private ChannelAuthorization authorization;

    @PostConstruct
    void collect() {
        authorization = new ChannelAuthorization(authorizers.stream().toList());
        LOG.info(() -> "Channel authorizers: " + authorization.patterns());
    }

    /** A granted subscription: the presence member is {@code null} on non-presence channels. */
    public record Grant(String channel, PresenceMember member) {}

    /**
     * Runs the authorizers for a private or presence channel.
     *
     * @return the grant, or {@code null} when denied; public channels are always granted
     */
    public Grant authorize(Principal user, String channel, String socketId) {
        ChannelType type = node.names().typeOf(channel);
        if (!type.requiresAuthorization()) {
            return new Grant(channel, null);
        }
        Authorization answer = authorization.authorize(user, channel, socketId);
        if (!answer.allowed()) {
            node.authRefusals().refused(AuthRefusals.Kind.DENIED);
            return null;
        }
        if (type != ChannelType.PRESENCE) {
            return new Grant(channel, null);
        }
        String userId = answer.userId() != null ? answer.userId() : user != null ? user.getName() : null;
        if (userId == null) {
            LOG.warning(() -> "Authorizer allowed " + channel + " without a user id and there is no principal");
            node.authRefusals().refused(AuthRefusals.Kind.DENIED);
            return null;
        }
        String info = answer.userInfo() != null ? node.toJson(answer.userInfo()) : null;
        return new Grant(channel, new PresenceMember(userId, info));
    }
}
