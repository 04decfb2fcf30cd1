package dev.realtime.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The real EAR built by this module, as Arquillian deploys it. */
final class RealtimeDeployment {
    static final String APP_KEY = "test-key";

    private RealtimeDeployment() {}

    static EnterpriseArchive ear() {
        File ear = new File(System.getProperty("realtime.ear", "target/realtime.ear"));
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }
}
