package dev.realtime.web.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.realtime.config.OpsPageSettings;
import dev.realtime.config.RealtimeSettings;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpsAccessTest {
    private static final OpsPageSettings ENABLED = RealtimeSettings.from(
                    Map.of("realtime.ops.enabled", "true", "realtime.ops.role", "ops"))
            .opsPage();

    @ParameterizedTest(name = "[{index}] enabled={0} user={1} roles={2} -> {3}")
    @CsvSource({
        "false, '', '', 404",
        "false, ann, ops, 404",
        "true, '', '', 401",
        "true, ann, '', 403",
        "true, ann, 'viewer,admin', 403",
        "true, ann, 'viewer,ops', 200"
    })
    void onlyAnEnabledPageAndACallerWithTheRolePass(boolean enabled, String user, String roles, int status) {
        OpsPageSettings settings =
                enabled ? ENABLED : RealtimeSettings.defaults().opsPage();
        SecurityContext security = caller(user, roles);
        if (status == 200) {
            OpsAccess.check(settings, security);
            return;
        }
        WebApplicationException refused =
                assertThrows(WebApplicationException.class, () -> OpsAccess.check(settings, security));
        assertEquals(status, refused.getResponse().getStatus());
    }

    @Test
    void disabledByDefault() {
        assertEquals(false, RealtimeSettings.defaults().opsPage().enabled());
        assertEquals("realtime-ops", RealtimeSettings.defaults().opsPage().role());
    }

    private static SecurityContext caller(String user, String roles) {
        Set<String> held = roles.isEmpty() ? Set.of() : Set.of(roles.split(","));
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return user.isEmpty() ? null : () -> user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return held.contains(role);
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return user.isEmpty() ? null : "TEST";
            }
        };
    }
}
