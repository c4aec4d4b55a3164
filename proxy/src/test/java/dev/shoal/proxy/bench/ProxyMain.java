package dev.shoal.proxy.bench;

import dev.shoal.proxy.ApplyResult;
import dev.shoal.proxy.Backend;
import dev.shoal.proxy.ListenAddress;
import dev.shoal.proxy.ProxyRule;
import dev.shoal.proxy.ProxySettings;
import dev.shoal.proxy.ProxyTable;
import dev.shoal.proxy.ServicePortName;
import dev.shoal.proxy.ServiceProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one {@link ServiceProxy} with one listener for {@code bench/proxy.sh}, the way the node
 * will: the public API, the default settings except the thread count, metrics on.
 *
 * <p>It lives in the test tree, beside the tests, because it is a harness and not part of the
 * library the node ships (as {@code PlacementBench} lives in scheduling's tests).
 *
 * <p>usage: {@code ProxyMain LISTEN_IP:PORT BACKEND_IP:PORT[,BACKEND_IP:PORT...] [EVENT_LOOP_THREADS=1]};
 * prints "ready" once listening, and runs until killed.
 */
public final class ProxyMain {
    private ProxyMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: ProxyMain LISTEN_IP:PORT BACKEND_IP:PORT[,...] [EVENT_LOOP_THREADS=1]");
            System.exit(2);
        }
        String[] listen = args[0].split(":");
        List<Backend> backends = new ArrayList<>();
        for (String b : args[1].split(",")) {
            String[] hostPort = b.split(":");
            backends.add(Backend.of(hostPort[0], Integer.parseInt(hostPort[1])));
        }
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;

        ServiceProxy proxy = ServiceProxy.start(ProxySettings.defaults().withEventLoopThreads(threads), new SimpleMeterRegistry());
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
        ApplyResult result = proxy.apply(ProxyTable.of(ProxyRule.of(ListenAddress.tcp(listen[0], Integer.parseInt(listen[1])),
                new ServicePortName("bench", "nginx", "http"), backends)));
        if (!result.ok()) {
            System.err.println("cannot listen: " + result.failed());
            System.exit(1);
        }
        System.out.println("ready: " + proxy.transport() + ", " + threads + " event loop thread(s), " + args[0] + " -> " + backends);
        new CountDownLatch(1).await();
    }
}
