package dev.realtime.broker.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * This cluster's JetStream stream ({@code realtime.nats.stream}, taking {@code <prefix>.>}): made
 * by whichever side (publisher or a consumer) needs it first, never changed once it exists.
 */
final class NatsStream {
    private static final Logger LOG = Logger.getLogger(NatsStream.class.getName());

    private final NatsSettings settings;

    NatsStream(NatsSettings settings) {
        this.settings = settings;
    }

    /** JetStream API options: requests time out after {@code realtime.nats.timeout-ms}. */
    JetStreamOptions options() {
        return JetStreamOptions.builder().requestTimeout(settings.timeout()).build();
    }

    /**
     * Creates the stream if it does not exist; an existing one is kept as it is, but it must take
     * this cluster's subjects.
     */
    void ensure(Connection connection) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement(options());
        StreamInfo info;
        try {
            info = jsm.getStreamInfo(settings.stream());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != NatsBroker.STREAM_NOT_FOUND) {
                throw e;
            }
            StreamConfiguration config = StreamConfiguration.builder()
                    .name(settings.stream())
                    .subjects(settings.allSubjects())
                    .storageType(StorageType.File)
                    .retentionPolicy(RetentionPolicy.Limits)
                    .discardPolicy(DiscardPolicy.Old)
                    .maxAge(settings.streamMaxAge())
                    .duplicateWindow(duplicateWindow())
                    .replicas(settings.replicas())
                    .build();
            try {
                jsm.addStream(config);
                LOG.info(() -> "Created JetStream stream " + settings.stream() + " for " + settings.allSubjects()
                        + ", max age " + settings.streamMaxAge());
                return;
            } catch (JetStreamApiException raced) {
                info = jsm.getStreamInfo(settings.stream()); // another node created it meanwhile
            }
        }
        List<String> subjects = info.getConfiguration().getSubjects();
        if (subjects.stream().noneMatch(s -> NatsSubjects.covers(s, settings.allSubjects()))) {
            throw new IllegalStateException("JetStream stream " + settings.stream() + " takes " + subjects + ", not "
                    + settings.allSubjects() + ": change realtime.nats.stream or the stream's subjects");
        }
    }

    /** The window in which a retried publish with the same message id is stored once. */
    private Duration duplicateWindow() {
        Duration window = Duration.ofMinutes(2);
        Duration age = settings.streamMaxAge();
        return age.isZero() || age.compareTo(window) >= 0 ? window : age;
    }
}
