package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo page is served by the WAR, loads nothing from elsewhere, and its endpoints answer. */
class DemoPageIT extends RealtimeIT {

    @Test
    void pageAndEveryFileItLoadsComeFromTheWar() {
        HttpResponse<String> page = server.get("demo/index.html");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        int files = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            if (ref.startsWith("data:")) {
                continue;
            }
            assertFalse(ref.contains("//"), "the page loads " + ref + " from elsewhere");
            assertEquals(200, server.get("demo/" + ref).statusCode(), ref);
            files++;
        }
        assertEquals(2, files, "demo.css and demo.js");
    }

    @Test
    void folderRedirectsToThePageAndNothingElseIsServed() {
        HttpResponse<String> folder = server.get("demo");
        assertEquals(303, folder.statusCode());
        assertTrue(folder.headers().firstValue("Location").orElse("").endsWith("/demo/index.html"));
        assertEquals(404, server.get("demo/..%2FWEB-INF%2Fweb.xml").statusCode());
        assertEquals(404, server.get("demo/missing.html").statusCode());
    }

    @Test
    void configTellsThePageTheAppKey() {
        HttpResponse<String> config = server.get("realtime/demo/config");
        assertEquals(200, config.statusCode());
        assertEquals(RealtimeDeployment.APP_KEY, Server.json(config.body()).getString("appKey"));
        assertTrue(Server.json(config.body()).getBoolean("publish"));
    }

    @Test
    void badBroadcastsGetJsonErrors() {
        HttpResponse<String> badChannel =
                server.send(java.net.http.HttpRequest.newBuilder(server.base.resolve("realtime/demo/broadcast"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"channel\":\"bad channel\",\"event\":\"e\",\"data\":1}"))
                        .build());
        assertEquals(400, badChannel.statusCode());
        assertEquals("invalid_channel", Server.json(badChannel.body()).getString("error"));

        String big = "\"" + "x".repeat(11_000) + "\"";
        HttpResponse<String> tooBig =
                server.send(java.net.http.HttpRequest.newBuilder(server.base.resolve("realtime/demo/broadcast"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"channel\":\"news\",\"event\":\"e\",\"data\":" + big + "}"))
                        .build());
        assertEquals(413, tooBig.statusCode());
        assertEquals("payload_too_large", Server.json(tooBig.body()).getString("error"));
    }
}
