package dev.realtime.auth;

import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the application's {@link ChannelAuthorizer}s: the most specific matching pattern decides,
 * no match denies, an exception denies. Immutable and thread-safe.
 */
public final class ChannelAuthorization {
    private static final Logger LOG = Logger.getLogger(ChannelAuthorization.class.getName());

    private record Rule(ChannelPattern pattern, ChannelAuthorizer authorizer) {}

    private final List<Rule> rules;

    public ChannelAuthorization(List<? extends ChannelAuthorizer> authorizers) {
        this.rules = authorizers.stream()
                .map(a -> new Rule(new ChannelPattern(a.pattern()), a))
                .sorted(Comparator.comparingInt((Rule r) -> r.pattern().literalLength())
                        .reversed())
                .toList();
    }

    /** The decision for {@code user} (may be null) on {@code channel}. */
    public Authorization authorize(Principal user, String channel, String socketId) {
        for (Rule rule : rules) {
            Optional<Map<String, String>> params = rule.pattern().match(channel);
            if (params.isPresent()) {
                try {
                    Authorization answer = rule.authorizer()
                            .authorize(new AuthorizationRequest(user, channel, params.get(), socketId));
                    return answer != null ? answer : Authorization.deny();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Authorizer for " + rule.pattern() + " failed on " + channel, e);
                    return Authorization.deny();
                }
            }
        }
        return Authorization.deny();
    }

    /** The patterns, most specific first (for diagnostics). */
    public List<String> patterns() {
        return rules.stream().map(r -> r.pattern().toString()).toList();
    }
}
