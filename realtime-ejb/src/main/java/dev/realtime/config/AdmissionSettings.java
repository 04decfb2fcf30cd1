package dev.realtime.config;

import java.util.List;

/**
 * The admission limits ({@code realtime.admission.*}): connections per client address and per
 * node, and the handshake rate per address, on every transport.
 *
 * @param perAddress open connections one client address may hold
 * @param perNode open connections the node accepts
 * @param ratePerSecond handshakes per second one address may make on average
 * @param burst handshakes one address may make at once (the token bucket's size)
 * @param trackedAddresses addresses tracked at once
 * @param trustedProxies addresses and CIDRs of proxies whose {@code X-Forwarded-For} is believed
 * @param ipv6Prefix bits of an IPv6 address that identify a client
 * @param retryAfterSeconds announced for quota and node-full refusals
 */
public record AdmissionSettings(
        int perAddress,
        int perNode,
        int ratePerSecond,
        int burst,
        int trackedAddresses,
        List<String> trustedProxies,
        int ipv6Prefix,
        int retryAfterSeconds) {

    public AdmissionSettings {
        trustedProxies = List.copyOf(trustedProxies);
    }

    static AdmissionSettings from(SettingReader r) {
        return new AdmissionSettings(
                r.positive(Setting.ADMISSION_PER_ADDRESS),
                r.positive(Setting.ADMISSION_PER_NODE),
                r.positive(Setting.ADMISSION_RATE),
                r.positive(Setting.ADMISSION_BURST),
                r.positive(Setting.ADMISSION_TRACKED),
                r.list(Setting.ADMISSION_TRUSTED_PROXIES),
                (int) r.number(Setting.ADMISSION_IPV6_PREFIX, 1, 128),
                r.positive(Setting.ADMISSION_RETRY_AFTER));
    }
}
