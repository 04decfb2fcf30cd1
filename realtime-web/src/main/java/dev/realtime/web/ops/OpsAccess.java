package dev.realtime.web.ops;

import dev.realtime.config.OpsPageSettings;
import dev.realtime.web.ErrorResponses;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Who may see the operations page: nobody while it is disabled (404, as if it did not exist), a
 * caller the application's security has not authenticated 401, an authenticated caller without the
 * configured role 403. The principal and the role come from the JAX-RS {@link SecurityContext}, the
 * application's own login (Jakarta Security, the server's realm or a filter of the application).
 */
final class OpsAccess {
    private OpsAccess() {}

    /** @throws WebApplicationException 404, 401 or 403 when the caller may not see the page */
    static void check(OpsPageSettings settings, SecurityContext security) {
        if (!settings.enabled()) {
            throw new WebApplicationException(
                    Response.status(Response.Status.NOT_FOUND).build());
        }
        if (security == null || security.getUserPrincipal() == null) {
            throw ErrorResponses.error(
                    Response.Status.UNAUTHORIZED, "unauthenticated", "Sign in to see the operations page");
        }
        if (!security.isUserInRole(settings.role())) {
            throw ErrorResponses.error(
                    Response.Status.FORBIDDEN, "forbidden", "The operations page needs the role " + settings.role());
        }
    }
}
