package dev.realtime.it.app;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The test application's "login": the user named by the {@code X-Test-User} header or the
 * {@code rt-user} cookie becomes the principal of the JAX-RS {@link SecurityContext}, which is
 * where the realtime module reads the user; the roles named (comma-separated, at most 256
 * characters) by the {@code X-Test-Roles} header or the {@code rt-roles} cookie are the user's
 * roles ({@code isUserInRole}), none without them. A real application uses Jakarta Security or its
 * server's login instead.
 */
@Provider
@PreMatching
public class TestUserFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String user = request.getHeaderString("X-Test-User");
        Cookie cookie = request.getCookies().get("rt-user");
        if (user == null && cookie != null) {
            user = cookie.getValue();
        }
        if (user == null || user.isEmpty()) {
            return;
        }
        String name = user;
        Set<String> roles = roles(request);
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> name;
            }

            @Override
            public boolean isUserInRole(String role) {
                return roles.contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "TEST";
            }
        });
    }

    private static Set<String> roles(ContainerRequestContext request) {
        String roles = request.getHeaderString("X-Test-Roles");
        Cookie cookie = request.getCookies().get("rt-roles");
        if (roles == null && cookie != null) {
            roles = cookie.getValue();
        }
        if (roles == null || roles.isEmpty() || roles.length() > 256) {
            return Set.of();
        }
        return Arrays.stream(roles.split(","))
                .map(String::trim)
                .filter(r -> !r.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
