package dev.realtime.connection;

/** A test connection whose user becomes known after it was registered (as after {@code pusher:signin}). */
public class SigningInConnection extends RecordingConnection {
    private volatile String user;

    public SigningInConnection(String id) {
        super(id);
    }

    public void signIn(String user) {
        this.user = user;
    }

    @Override
    public String userId() {
        return user;
    }
}
