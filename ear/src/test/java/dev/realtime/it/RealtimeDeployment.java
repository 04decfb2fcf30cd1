package dev.realtime.it;

import dev.realtime.it.app.SocketIoAckResource;
import dev.realtime.it.app.TestAuthorizers;
import dev.realtime.it.app.TestBroadcastResource;
import dev.realtime.it.app.TestUserFilter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The real EAR built by this module, as Arquillian deploys it, plus what an application adds: its
 * login (a filter that takes the user from a cookie or header) and its channel authorizers, and
 * test-only resources that ask Socket.IO clients for acknowledgements and that publish to (and count
 * subscribers of) private and presence channels, which the demo endpoint refuses.
 */
final class RealtimeDeployment {
    static final String APP_KEY = "test-key";

    private RealtimeDeployment() {}

    static EnterpriseArchive ear() {
        File file = new File(System.getProperty("realtime.ear", "target/realtime.ear"));
        EnterpriseArchive ear = ShrinkWrap.createFromZipFile(EnterpriseArchive.class, file);
        ear.getAsType(WebArchive.class, "realtime-web.war")
                .addClasses(
                        TestUserFilter.class,
                        TestAuthorizers.class,
                        TestAuthorizers.ChatRooms.class,
                        TestAuthorizers.PresenceRooms.class,
                        TestAuthorizers.PersonalChannels.class,
                        SocketIoAckResource.class,
                        TestBroadcastResource.class);
        return ear;
    }

    /** {@link #ear()} written to {@code target/cluster/<fileName>} for nodes started outside Arquillian. */
    static Path exported(String fileName) throws IOException {
        Path file = Path.of("target", "cluster", fileName).toAbsolutePath();
        Files.createDirectories(file.getParent());
        ear().as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }
}
