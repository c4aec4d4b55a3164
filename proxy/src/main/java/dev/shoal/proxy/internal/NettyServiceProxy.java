package dev.shoal.proxy.internal;

import dev.shoal.proxy.ApplyResult;
import dev.shoal.proxy.ListenAddress;
import dev.shoal.proxy.ProxyRule;
import dev.shoal.proxy.ProxySettings;
import dev.shoal.proxy.ProxyTable;
import dev.shoal.proxy.ServiceProxy;
import dev.shoal.proxy.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** {@link ServiceProxy} on Netty: one event loop group carries every listener and connection. */
public final class NettyServiceProxy implements ServiceProxy {
    private static final Logger LOG = Logger.getLogger(NettyServiceProxy.class.getName());

    // a listen queue deep enough for a burst of connects while the loop is busy; the kernel caps it at somaxconn
    private static final int BACKLOG = 4096;
    // expired ClientIP entries are dropped this often; they are already ignored when read, so this only frees memory
    private static final long AFFINITY_SWEEP_SECONDS = 60;

    private final Transport transport;
    private final EventLoopGroup group;
    private final ProxyMetrics metrics;
    private final LongSupplier nanoClock;
    private final ServerBootstrap listeners;
    private final Dialing dialing;
    private final Map<ListenAddress, Frontend> frontends = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> affinitySweep;
    private ProxyTable table = ProxyTable.EMPTY;
    private boolean closed;

    private NettyServiceProxy(ProxySettings settings, MeterRegistry registry, LongSupplier nanoClock) {
        this.transport = settings.transport();
        this.nanoClock = nanoClock;
        this.metrics = new ProxyMetrics(registry);
        this.group = new MultiThreadIoEventLoopGroup(settings.eventLoopThreads(),
                new DefaultThreadFactory("shoal-proxy", true), Transports.ioHandler(transport));
        // TCP_NODELAY is not set here: Netty turns it on for every socket it creates (setting it
        // again would cost a setsockopt per socket). Small requests go out at once.
        this.listeners = new ServerBootstrap()
                .group(group)
                .option(ChannelOption.SO_REUSEADDR, true)   // rebind a VIP at once, even with connections in TIME_WAIT
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.AUTO_READ, false)   // read only when the last chunk was flushed (Relay)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);   // a client's EOF is passed on, not a close
        if (transport == dev.shoal.proxy.Transport.EPOLL) {
            // Several agents on one machine (127.0.0.2, .3, ...) all serve the same cluster IPs: each binds the VIP
            // and the kernel spreads new connections over them, so losing one agent loses no listener.
            listeners.option(io.netty.channel.epoll.EpollChannelOption.SO_REUSEPORT, true);
        }
        this.dialing = new Dialing(upstreams(settings, SocketProtocolFamily.INET), upstreams(settings, SocketProtocolFamily.INET6),
                settings.maxConnectAttempts(), nanoClock);
        EventExecutor sweeper = group.next();
        this.affinitySweep = sweeper.scheduleAtFixedRate(this::sweepAffinity,
                AFFINITY_SWEEP_SECONDS, AFFINITY_SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private Bootstrap upstreams(ProxySettings settings, SocketProtocolFamily family) {
        return new Bootstrap()
                .channelFactory(Transports.channel(transport, family))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis());
    }

    public static NettyServiceProxy start(ProxySettings settings, MeterRegistry registry) {
        return new NettyServiceProxy(settings, registry, System::nanoTime);
    }

    @Override
    public synchronized ApplyResult apply(ProxyTable desired) {
        if (closed) throw new IllegalStateException("the proxy is closed");
        requireNotOnEventLoop();
        Map<ListenAddress, ProxyRule> rules = desired.byListener();
        FrontendPlan plan = FrontendPlan.between(frontends.keySet(), rules.keySet());

        int connectionsClosed = 0;
        for (ListenAddress address : plan.close()) {
            connectionsClosed += frontends.remove(address).close();
        }
        for (ListenAddress address : plan.keep()) {
            connectionsClosed += frontends.get(address).update(route(rules.get(address)));
        }
        Map<ListenAddress, Throwable> failed = new LinkedHashMap<>();
        Set<ListenAddress> opened = new HashSet<>();
        Map<Frontend, ChannelFuture> binds = new HashMap<>();
        for (ListenAddress address : plan.open()) {
            Frontend frontend = new Frontend(address, route(rules.get(address)));
            binds.put(frontend, listeners.clone()
                    .channelFactory(Transports.serverChannel(transport, address.ip()))
                    .childHandler(new ClientAcceptor(frontend, dialing))
                    .bind(address.socketAddress()));
        }
        binds.forEach((frontend, bind) -> {
            if (bind.awaitUninterruptibly().isSuccess()) {
                frontend.opened(bind.channel());
                frontends.put(frontend.address, frontend);
                opened.add(frontend.address);
            } else {
                failed.put(frontend.address, bind.cause());
                LOG.warning("proxy: cannot listen on " + frontend.address + ": " + bind.cause());
            }
        });
        metrics.retainOnly(desired.rules().stream().map(ProxyRule::service).collect(Collectors.toSet()));
        table = desired;
        return new ApplyResult(opened, plan.close(), failed, connectionsClosed);
    }

    private Route route(ProxyRule rule) {
        return Route.of(rule, metrics.of(rule.service()));
    }

    @Override
    public synchronized ProxyTable table() {
        return table;
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        affinitySweep.cancel(false);
        frontends.values().forEach(Frontend::close);
        frontends.clear();
        metrics.retainOnly(Set.of());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private void sweepAffinity() {
        long now = nanoClock.getAsLong();
        for (Frontend f : frontends.values()) f.balancer.sweep(f.route().rule().affinity(), now);
    }

    private void requireNotOnEventLoop() {
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) throw new IllegalStateException("apply must not be called on the proxy's event loop");
        }
    }
}
