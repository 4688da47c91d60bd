package io.spikemesh.converter.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.spikemesh.protocol.SpikemeshException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download path against a loopback HTTP server (no internet): checksum verified, nothing partial left behind. */
class VerifiedDownloadTest {
    private static final byte[] BODY = "idx bytes stand-in".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    private HttpServer server;
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/file.gz", exchange -> {
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void shouldKeepAFileWhoseChecksumMatches() throws Exception {
        Path target = dir.resolve("file.gz");
        DatasetLoader.fetchVerified(HttpClient.newHttpClient(), base.resolve("file.gz"), sha256(BODY), target);
        assertArrayEquals(BODY, Files.readAllBytes(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void shouldRejectAChecksumMismatchAndLeaveNothing() throws Exception {
        Path target = dir.resolve("file.gz");
        String wrong = sha256("something else".getBytes(StandardCharsets.US_ASCII));
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> DatasetLoader.fetchVerified(
                HttpClient.newHttpClient(), base.resolve("file.gz"), wrong, target));
        assertTrue(e.getMessage().contains("expected " + wrong), e.getMessage());
        SpikemeshException missing = assertThrows(SpikemeshException.class, () -> DatasetLoader.fetchVerified(
                HttpClient.newHttpClient(), base.resolve("nope.gz"), wrong, target));
        assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }
}
