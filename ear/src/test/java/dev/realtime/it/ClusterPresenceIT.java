package dev.realtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pusher.rest.Pusher;
import dev.realtime.auth.PusherSignatures;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Presence, channel queries and users across a real three-node cluster (WildFly at port offsets
 * 1000, 1100 and 1200, the consumer job started on each through the admin CLI): over Redis, with a
 * node killed with {@code kill -9}, and over Kafka. Heartbeats every 500 ms and a TTL of 3 s, so
 * that the killed node's members leave within the test's patience.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ClusterPresenceIT extends NodesTest {
    private static final String ROOM = "presence-room.cluster";
    private static final PusherSignatures SIGNATURES =
            new PusherSignatures(RealtimeDeployment.APP_KEY, PusherApiRequests.SECRET);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void redisClusterAgreesOnPresenceUsersAndCountsAndForgetsAKilledNode() throws Exception {
        WebhookReceiver hooks = new WebhookReceiver();
        toClose.add(hooks);
        List<ClusterNode> nodes = startCluster(Map.of(
                "realtime.broker",
                "redis",
                "realtime.redis.channel-prefix",
                "presence-" + run + ":",
                "realtime.webhooks.urls",
                hooks.url(),
                "realtime.webhooks.batch-ms",
                "200"));
        ClusterNode a = nodes.get(0);
        ClusterNode b = nodes.get(1);
        ClusterNode c = nodes.get(2);
        Members m = presenceAcrossNodes(a, b, c);

        // a user's messages and termination reach the node the user is on
        String bobSocket = m.bob.socketId;
        String userData = "{\"id\":\"bob\"}";
        m.bob.client.send("{\"event\":\"pusher:signin\",\"data\":{\"auth\":\""
                + SIGNATURES.userAuth(bobSocket, userData) + "\",\"user_data\":" + Server.jsonString(userData) + "}}");
        m.bob.client.await("pusher:signin_success");
        HttpResponse<String> sent =
                signedPost(a, "/apps/app/users/bob/events", "{\"name\":\"note\",\"data\":\"{\\\"n\\\":1}\"}");
        assertEquals(200, sent.statusCode(), sent.body());
        JsonObject note = m.bob.client.await("note");
        assertEquals("#server-to-user-bob", note.getString("channel"));
        assertEquals(1, PusherClient.data(note).getInt("n"));
        HttpResponse<String> viaEvents =
                signedPost(c, "/apps/app/events", PusherApiRequests.event("#server-to-user-bob", "note2", "{\"n\":2}"));
        assertEquals(200, viaEvents.statusCode(), viaEvents.body());
        assertEquals("#server-to-user-bob", m.bob.client.await("note2").getString("channel"));
        HttpResponse<String> terminate = signedPost(c, "/apps/app/users/bob/terminate_connections", "{}");
        assertEquals(200, terminate.statusCode(), terminate.body());
        assertEquals(4009, m.bob.client.closed().get(30, TimeUnit.SECONDS), "terminated on b from c");
        awaitMember(m.eve, "pusher_internal:member_removed", "bob");

        // laravel-echo in Chromium: here() on b includes the user on a
        BrowserClientsIT.chromium();
        try (NodeClients.Script script = new NodeClients.Script(
                "browser-channels.mjs",
                a.server.base.toString(),
                RealtimeDeployment.APP_KEY,
                "echo-presence-cluster",
                b.server.base.toString())) {
            assertEquals(
                    "PASS echo-presence-cluster",
                    script.awaitLine(l -> l.startsWith("PASS ") || l.startsWith("FAIL "), "PASS/FAIL"));
            assertEquals(0, script.exitCode());
        }

        // kill -9 of c: a announces member_removed for each user who was only on c
        c.kill();
        await("eve hears that charlie, dave and frank left, in any order")
                .atMost(PATIENCE)
                .until(() ->
                        events(m.eve.client, "pusher_internal:member_removed").size() == 5);
        assertEquals(
                List.of("alice", "bob", "charlie", "dave", "frank"),
                events(m.eve.client, "pusher_internal:member_removed").stream()
                        .map(ClusterPresenceIT::memberId)
                        .sorted()
                        .toList(),
                "each once");
        for (ClusterNode node : List.of(a, b)) {
            await(node.name + " forgot c's members").atMost(PATIENCE).until(() -> users(node)
                    .equals(Set.of("eve")));
        }

        // webhooks: once per cluster, signed so that pusher-http-java accepts them
        await("the webhook of c's last member")
                .atMost(PATIENCE)
                .until(() -> hooks.on(ROOM).stream()
                                .filter(e -> e.startsWith("member_removed"))
                                .count()
                        == 5);
        Pusher validator = api(a);
        for (WebhookReceiver.Request r : hooks.requests()) {
            assertEquals(RealtimeDeployment.APP_KEY, r.key());
            assertEquals(
                    com.pusher.rest.data.Validity.VALID,
                    validator.validateWebhookSignature(r.key(), r.signature(), r.body()),
                    r.body());
        }
        List<String> room = hooks.on(ROOM);
        assertEquals("channel_occupied", room.get(0), "the first subscriber, alice on a: " + room);
        assertEquals(1, room.stream().filter(e -> e.equals("channel_occupied")).count(), "once: " + room);
        assertEquals(
                List.of(),
                room.stream().filter(e -> e.equals("channel_vacated")).toList(),
                "eve stays");
        for (String user : List.of("alice", "bob", "charlie", "dave", "eve", "frank")) {
            assertEquals(
                    1,
                    room.stream().filter(e -> e.equals("member_added " + user)).count(),
                    user + ": " + room);
        }
        for (String user : List.of("alice", "bob", "charlie", "dave", "frank")) {
            assertEquals(
                    1,
                    room.stream()
                            .filter(e -> e.equals("member_removed " + user))
                            .count(),
                    user + ": " + room);
        }
        assertEquals(
                List.of(
                        "channel_occupied",
                        "channel_vacated",
                        "member_added alice",
                        "member_added bob",
                        "member_removed alice",
                        "member_removed bob"),
                hooks.on("presence-room.cluster7").stream().sorted().toList(),
                "the browsers' room: opened, joined, left and emptied, each once");
    }

    @Test
    void kafkaClusterAgreesOnPresence() throws Exception {
        int port = 39092;
        ClusterIT.kafka("start", port);
        toClose.add(() -> ClusterIT.kafka("stop", port));
        List<ClusterNode> nodes = startCluster(Map.of(
                "realtime.broker", "kafka",
                "realtime.kafka.bootstrap.servers", "127.0.0.1:" + port,
                "realtime.kafka.partitions", "3"));
        presenceAcrossNodes(nodes.get(0), nodes.get(1), nodes.get(2));
    }

    /** One presence member's connection. */
    record Member(String user, PusherClient client, String socketId) {}

    record Members(Member bob, Member eve) {}

    /**
     * alice (two tabs, on a then c), bob (b), charlie, dave and frank (c), eve (a): first and last
     * connections announced once across the cluster, every node's HTTP API agreeing.
     */
    private Members presenceAcrossNodes(ClusterNode a, ClusterNode b, ClusterNode c) throws Exception {
        Member alice1 = connect(a, "alice");
        join(alice1);
        for (ClusterNode node : List.of(b, c)) {
            await(node.name + " knows alice").atMost(PATIENCE).until(() -> users(node)
                    .equals(Set.of("alice")));
        }
        Member bob = connect(b, "bob");
        JsonObject bobsView = join(bob).getJsonObject("presence");
        assertEquals(2, bobsView.getInt("count"), bobsView.toString());
        assertEquals(
                Set.of("alice", "bob"),
                new TreeSet<>(bobsView.getJsonArray("ids").getValuesAs(jakarta.json.JsonString::getString)));
        assertEquals("bob", memberId(alice1.client.await("pusher_internal:member_added")));

        Member charlie = connect(c, "charlie");
        join(charlie);
        awaitMember(bob, "pusher_internal:member_added", "charlie");

        // alice's second tab, on c: nobody hears of her again; dave on c afterwards is the marker
        Member alice2 = connect(c, "alice");
        join(alice2);
        Member dave = connect(c, "dave");
        join(dave);
        awaitMember(bob, "pusher_internal:member_added", "dave");
        assertEquals(0, count(bob, "pusher_internal:member_added", "alice"), "alice was listed to bob already");
        assertEquals(0, count(charlie, "pusher_internal:member_added", "alice"), "alice was listed to charlie already");

        // alice's first tab closes: she is still on c; eve on a afterwards is the marker
        alice1.client.close();
        await("a has no connection left")
                .atMost(PATIENCE)
                .until(() -> Server.json(a.server.get("realtime/health").body()).getInt("connections") == 0);
        Member eve = connect(a, "eve");
        join(eve);
        awaitMember(bob, "pusher_internal:member_added", "eve");
        assertEquals(0, count(bob, "pusher_internal:member_removed", "alice"), "alice is still on c");

        // her last tab closes: member_removed once, everywhere; frank on c afterwards is the marker
        alice2.client.close();
        awaitMember(bob, "pusher_internal:member_removed", "alice");
        Member frank = connect(c, "frank");
        join(frank);
        for (Member observer : List.of(bob, charlie, eve)) {
            awaitMember(observer, "pusher_internal:member_added", "frank");
            assertEquals(1, count(observer, "pusher_internal:member_removed", "alice"), observer.user + ": once");
        }

        Set<String> everyone = Set.of("bob", "charlie", "dave", "eve", "frank");
        for (ClusterNode node : List.of(a, b, c)) {
            await(node.name + " agrees")
                    .atMost(PATIENCE)
                    .until(() -> users(node).equals(everyone)
                            && channelInfo(node)
                                    .equals("{\"occupied\":true,\"user_count\":5,\"subscription_count\":5}"));
            String list = api(node)
                    .get("/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count"))
                    .getMessage();
            assertEquals("{\"channels\":{\"" + ROOM + "\":{\"user_count\":5}}}", list, node.name);
        }
        return new Members(bob, eve);
    }

    private List<ClusterNode> startCluster(Map<String, String> brokerProperties) throws Exception {
        Path ear = RealtimeDeployment.exported("realtime-presence.ear");
        Map<String, String> properties = new java.util.HashMap<>(brokerProperties);
        properties.put("realtime.cluster.heartbeat-ms", "500");
        properties.put("realtime.cluster.node-ttl-ms", "3000");
        return startCluster(List.of("presence-a", "presence-b", "presence-c"), 1000, properties, ear);
    }

    private Member connect(ClusterNode node, String user) throws Exception {
        PusherClient client =
                PusherClient.connect(node.ws("app/" + RealtimeDeployment.APP_KEY + "?protocol=7&client=js"));
        toClose.add(client);
        String socket =
                PusherClient.data(client.await("pusher:connection_established")).getString("socket_id");
        return new Member(user, client, socket);
    }

    /** Joins {@link #ROOM} as the member's user; the {@code subscription_succeeded} data. */
    private static JsonObject join(Member m) throws InterruptedException {
        String channelData = "{\"user_id\":\"" + m.user + "\",\"user_info\":{\"name\":\"" + m.user + "\"}}";
        m.client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + ROOM + "\",\"auth\":\""
                + SIGNATURES.presenceAuth(m.socketId, ROOM, channelData) + "\",\"channel_data\":"
                + Server.jsonString(channelData) + "}}");
        return PusherClient.data(m.client.await("pusher_internal:subscription_succeeded"));
    }

    /** Waits for {@code event} about {@code user} at the observer (other frames are skipped). */
    private static void awaitMember(Member observer, String event, String user) throws InterruptedException {
        while (!user.equals(memberId(observer.client.await(event)))) {
            // an earlier member's event: keep waiting (await fails after 20 s without one)
        }
    }

    private static String memberId(JsonObject frame) {
        return PusherClient.data(frame).getString("user_id");
    }

    private static List<JsonObject> events(PusherClient client, String event) {
        return client.received().stream()
                .filter(f -> event.equals(f.getString("event", null)))
                .toList();
    }

    private static long count(Member m, String event, String user) {
        return events(m.client, event).stream()
                .filter(f -> user.equals(memberId(f)))
                .count();
    }

    private static Pusher api(ClusterNode node) {
        return new PusherApiRequests(node.server)
                .sdk(PusherApiRequests.APP_ID, RealtimeDeployment.APP_KEY, PusherApiRequests.SECRET);
    }

    private static Set<String> users(ClusterNode node) {
        String body = api(node).get("/channels/" + ROOM + "/users").getMessage();
        return new TreeSet<>(Server.json(body).getJsonArray("users").stream()
                .map(u -> u.asJsonObject().getString("id"))
                .toList());
    }

    private static String channelInfo(ClusterNode node) {
        return api(node)
                .get("/channels/" + ROOM, Map.of("info", "user_count,subscription_count"))
                .getMessage();
    }

    private static HttpResponse<String> signedPost(ClusterNode node, String path, String body) {
        PusherApiRequests requests = new PusherApiRequests(node.server);
        return requests.post(requests.signedAt("POST", path, body, System.currentTimeMillis() / 1000), body);
    }
}
