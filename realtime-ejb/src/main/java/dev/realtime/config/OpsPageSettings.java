package dev.realtime.config;

import java.time.Duration;

/**
 * The operations page ({@code realtime.ops.*}): whether it is served, the role its callers need,
 * how often its stream samples the node, how many channels it lists and how many streams may be
 * open at once.
 *
 * @param enabled whether {@code /realtime/ops/} and its stream answer (else 404)
 * @param role the role a caller must have ({@code SecurityContext.isUserInRole})
 * @param interval time between two samples
 * @param channels busiest channels listed
 * @param maxStreams streams open at once on this node
 */
public record OpsPageSettings(boolean enabled, String role, Duration interval, int channels, int maxStreams) {

    static OpsPageSettings from(SettingReader r) {
        String role = r.text(Setting.OPS_ROLE);
        if (role.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + Setting.OPS_ROLE.key() + " must name a role");
        }
        return new OpsPageSettings(
                r.bool(Setting.OPS_ENABLED),
                role,
                Duration.ofMillis(r.number(Setting.OPS_INTERVAL, 100, 60_000)),
                (int) r.number(Setting.OPS_CHANNELS, 1, 100),
                (int) r.number(Setting.OPS_MAX_STREAMS, 1, 100));
    }
}
