package io.spikemesh.runtime.coordinator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.network.Network;
import java.io.File;
import org.junit.jupiter.api.Test;

class StandaloneDriverTest {

    @Test
    void shouldRunOverAStandaloneMediaDriver() {
        String dir = new File(System.getProperty("java.io.tmpdir"), "spikemesh-standalone-" + ProcessHandle.current()
                .pid() + "-" + System.nanoTime()).getAbsolutePath();
        MediaDriver.Context context = new MediaDriver.Context().aeronDirectoryName(dir).dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true).threadingMode(ThreadingMode.SHARED).ipcTermBufferLength(1 << 20)
                .publicationTermBufferLength(1 << 20).counterValuesBufferLength(1 << 20);
        try (MediaDriver driver = MediaDriver.launchEmbedded(context)) {
            Network network = Network.compile(RandomModels.convNet(2));
            SessionEquivalenceTest.assertSameAsReference(network, RandomModels.samples(3, 6, 128, 15),
                    RunOptions.defaults().withTransport("ipc").withPartitionSize(40).withWindow(3)
                            .withAeronDir(driver.aeronDirectoryName()));
        }
    }

    @Test
    void shouldExplainAMissingStandaloneDriver() {
        Network network = Network.compile(RandomModels.denseNet(1));
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> SpikemeshSession.open(network,
                RunOptions.defaults().withTransport("udp").withAeronDir("/nonexistent/aeron")));
        assertTrue(e.getMessage().contains("no Aeron media driver found in /nonexistent/aeron"), e.getMessage());
    }
}
