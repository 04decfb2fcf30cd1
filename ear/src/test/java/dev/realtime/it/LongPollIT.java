package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Long-polling on the real EAR (the server runs with realtime.longpoll.timeout=3). */
class LongPollIT extends RealtimeIT {

    JsonObject ok(String path) {
        HttpResponse<String> response = server.get(path);
        assertEquals(200, response.statusCode(), response.body());
        return Server.json(response.body());
    }

    void delete(String client) {
        HttpResponse<String> response =
                server.send(HttpRequest.newBuilder(server.base.resolve("realtime/poll?client=" + client))
                        .DELETE()
                        .build());
        assertEquals(204, response.statusCode(), response.body());
    }

    @Test
    void pollReceivesEventBroadcastByAnEjb() {
        JsonObject created = ok("realtime/poll?channels=lp-news");
        String client = created.getString("client");
        assertEquals(0, created.getInt("cursor"));

        String id = server.publish("lp-news", "article.published", "{\"title\":\"Hello\"}");

        JsonObject answer = ok("realtime/poll?client=" + client + "&cursor=0");
        JsonArray messages = answer.getJsonArray("messages");
        assertEquals(1, messages.size());
        JsonObject message = messages.getJsonObject(0);
        assertEquals(id, message.getString("id"));
        assertEquals("lp-news", message.getString("channel"));
        assertEquals("article.published", message.getString("event"));
        assertEquals(Server.json("{\"title\":\"Hello\"}"), message.getJsonObject("data"));
        assertEquals(1, answer.getInt("cursor"));
        delete(client);
    }

    @Test
    void messagePublishedBetweenTwoPollsArrivesOnTheNextPoll() {
        String client = ok("realtime/poll?channels=lp-between").getString("client");
        server.publish("lp-between", "n", "1");
        JsonObject first = ok("realtime/poll?client=" + client + "&cursor=0");
        assertEquals(1, first.getJsonArray("messages").size());
        int cursor = first.getInt("cursor");

        String second = server.publish("lp-between", "n", "2"); // no poll is waiting now
        String third = server.publish("lp-between", "n", "3");

        JsonObject next = ok("realtime/poll?client=" + client + "&cursor=" + cursor);
        JsonArray messages = next.getJsonArray("messages");
        assertEquals(2, messages.size(), next.toString());
        assertEquals(second, messages.getJsonObject(0).getString("id"));
        assertEquals(third, messages.getJsonObject(1).getString("id"));
        assertEquals(0, next.getInt("missed"));
        delete(client);
    }

    @Test
    void waitingPollIsAnsweredByTheNextMessage() throws Exception {
        String client = ok("realtime/poll?channels=lp-wait").getString("client");
        CompletableFuture<HttpResponse<String>> waiting = server.http.sendAsync(
                HttpRequest.newBuilder(server.base.resolve("realtime/poll?client=" + client + "&cursor=0"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // publish until the parked poll is answered (it may not have reached the server yet)
        String id = null;
        while (!waiting.isDone()) {
            id = server.publish("lp-wait", "wake", "true");
            waiting.get(1, TimeUnit.SECONDS);
        }
        JsonObject answer = Server.json(waiting.get().body());
        assertTrue(answer.getJsonArray("messages").size() >= 1, answer.toString());
        assertEquals("wake", answer.getJsonArray("messages").getJsonObject(0).getString("event"));
        delete(client);
    }

    @Test
    void unansweredPollTimesOutEmptyAndKeepsTheCursor() {
        String client = ok("realtime/poll?channels=lp-quiet").getString("client");
        JsonObject answer = ok("realtime/poll?client=" + client + "&cursor=0");
        assertEquals(0, answer.getJsonArray("messages").size());
        assertEquals(0, answer.getInt("cursor"));
        delete(client);
    }

    @Test
    void unackedMessagesAreSentAgain() {
        String client = ok("realtime/poll?channels=lp-again").getString("client");
        String id = server.publish("lp-again", "n", "1");
        ok("realtime/poll?client=" + client + "&cursor=0");
        // the answer was "lost": poll again with the old cursor
        JsonObject again = ok("realtime/poll?client=" + client + "&cursor=0");
        assertEquals(id, again.getJsonArray("messages").getJsonObject(0).getString("id"));
        delete(client);
    }

    @Test
    void badRequestsGetJsonErrors() {
        HttpResponse<String> unknown = server.get("realtime/poll?client=nope&cursor=0");
        assertEquals(404, unknown.statusCode());
        assertEquals("unknown_client", Server.json(unknown.body()).getString("error"));

        HttpResponse<String> forbidden = server.get("realtime/poll?channels=presence-x");
        assertEquals(403, forbidden.statusCode());
        assertEquals("forbidden", Server.json(forbidden.body()).getString("error"));

        String client = ok("realtime/poll?channels=lp-bad").getString("client");
        HttpResponse<String> ahead = server.get("realtime/poll?client=" + client + "&cursor=5");
        assertEquals(400, ahead.statusCode());
        assertEquals("invalid_cursor", Server.json(ahead.body()).getString("error"));
        HttpResponse<String> noCursor = server.get("realtime/poll?client=" + client);
        assertEquals(400, noCursor.statusCode());
        assertEquals("missing_cursor", Server.json(noCursor.body()).getString("error"));
        delete(client);
        assertEquals(0, server.subscribers("lp-bad"));
    }

    HttpResponse<String> as(String user, HttpRequest.Builder request) {
        return server.send(request.header("X-Test-User", user).build());
    }

    @Test
    void aClientBelongsToTheUserWhoCreatedIt() {
        HttpResponse<String> created =
                as("alice", HttpRequest.newBuilder(server.base.resolve("realtime/poll?channels=lp-owned")));
        String client = Server.json(created.body()).getString("client");
        assertTrue(client.matches("[0-9a-f]{32}"), "an unguessable token, not a socket id: " + client);

        String poll = "realtime/poll?client=" + client + "&cursor=0";
        assertEquals(
                404,
                as("bob", HttpRequest.newBuilder(server.base.resolve(poll))).statusCode());
        assertEquals(404, server.get(poll).statusCode(), "anonymous");
        String delete = "realtime/poll?client=" + client;
        assertEquals(
                404,
                as("bob", HttpRequest.newBuilder(server.base.resolve(delete)).DELETE())
                        .statusCode());
        assertEquals(
                204,
                as("alice", HttpRequest.newBuilder(server.base.resolve(delete)).DELETE())
                        .statusCode());
    }
}
