package dev.shoal.node.services;

import dev.shoal.proxy.Backend;
import dev.shoal.proxy.ListenAddress;
import dev.shoal.proxy.ProxyRule;
import dev.shoal.proxy.ProxyTable;
import dev.shoal.proxy.ServicePortName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LingeringTest {
    static final ListenAddress VIP = ListenAddress.tcp("127.10.0.5", 80);
    static final ServicePortName WEB = new ServicePortName("default", "web", "80");
    static final Backend A = Backend.of("127.0.0.2", 40000), B = Backend.of("127.0.0.3", 40000);

    static ProxyTable table(List<Backend> ready) {
        return ProxyTable.of(ProxyRule.of(VIP, WEB, ready));
    }

    @Test
    void aBackendWhosePodIsGoneDrainsForTheWindowThenGoes() {
        Lingering lingering = new Lingering();
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        lingering.apply(table(List.of(A, B)), t0);

        ProxyRule during = lingering.apply(table(List.of(A)), t0.plusSeconds(1)).rules().get(0);
        assertEquals(List.of(A), during.ready());
        assertEquals(List.of(B), during.terminating(), "B's pod is gone but its process may still be answering");

        ProxyRule later = lingering.apply(table(List.of(A)), t0.plusSeconds(1).plus(Lingering.WINDOW)).rules().get(0);
        assertEquals(List.of(), later.terminating(), "after the window it is dropped and its connections closed");
    }

    @Test
    void aBackendThatComesBackIsReadyAgainNotLingering() {
        Lingering lingering = new Lingering();
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        lingering.apply(table(List.of(A, B)), t0);
        lingering.apply(table(List.of(A)), t0.plusSeconds(1));
        ProxyRule back = lingering.apply(table(List.of(A, B)), t0.plusSeconds(2)).rules().get(0);
        assertEquals(List.of(A, B), back.ready());
        assertEquals(List.of(), back.terminating());
    }
}
