package dev.shoal.node.services.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsSection;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Relays queries for names outside the cluster domain to one upstream resolver (the host's, by
 * default), as CoreDNS's {@code forward} does for a Kubernetes pod: the client keeps one
 * resolver. Each relayed query gets a fresh random id (so a spoofed answer must guess it); the
 * answer goes back to the client under its own id. Unanswered queries are forgotten after
 * {@link #TIMEOUT_MILLIS}: the client's resolver retries on its own. Confined to one event loop.
 */
final class UpstreamForwarder implements AutoCloseable {
    static final long TIMEOUT_MILLIS = 5000;
    /** Beyond this many queries in flight, new ones are dropped rather than queued without bound. */
    private static final int MAX_IN_FLIGHT = 4096;

    private record Pending(Channel replyChannel, InetSocketAddress client, InetSocketAddress server, int clientId,
                           long deadlineNanos) {}

    private final Channel channel;
    private final InetSocketAddress upstream;
    private final Map<Integer, Pending> pending = new HashMap<>();

    private UpstreamForwarder(Channel channel, InetSocketAddress upstream) {
        this.channel = channel;
        this.upstream = upstream;
    }

    static UpstreamForwarder start(EventLoopGroup group, boolean epoll, InetSocketAddress upstream) throws InterruptedException {
        UpstreamForwarder[] self = new UpstreamForwarder[1];
        Channel ch = new Bootstrap().group(group)
                .channelFactory(() -> epoll ? new EpollDatagramChannel() : new NioDatagramChannel())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel c) {
                        c.pipeline().addLast(new DatagramDnsQueryEncoder(), new DatagramDnsResponseDecoder(),
                                new SimpleChannelInboundHandler<DatagramDnsResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsResponse r) {
                                        self[0].answered(r);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        // a malformed answer: the client times out and retries
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress(upstream.getAddress().isLoopbackAddress() ? upstream.getAddress() : null, 0))
                .sync().channel();
        self[0] = new UpstreamForwarder(ch, upstream);
        ch.eventLoop().scheduleAtFixedRate(self[0]::expire, 1, 1, TimeUnit.SECONDS);
        return self[0];
    }

    /** From the responder's event loop. */
    void forward(Channel replyChannel, DatagramDnsQuery query, DnsQuestion question) {
        InetSocketAddress client = query.sender();
        InetSocketAddress server = query.recipient();
        int clientId = query.id();
        boolean recursion = query.isRecursionDesired();
        DnsQuestion copy = new DefaultDnsQuestion(question.name(), question.type(), question.dnsClass());
        channel.eventLoop().execute(() -> {
            if (pending.size() >= MAX_IN_FLIGHT) return;
            int id;
            do {
                id = ThreadLocalRandom.current().nextInt(1 << 16);
            } while (pending.containsKey(id));
            pending.put(id, new Pending(replyChannel, client, server, clientId, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS)));
            DatagramDnsQuery relayed = new DatagramDnsQuery(null, upstream, id).setRecursionDesired(recursion);
            relayed.addRecord(DnsSection.QUESTION, copy);
            channel.writeAndFlush(relayed);
        });
    }

    private void answered(DatagramDnsResponse r) {
        // only the upstream we asked may answer, and only under an id we are waiting for
        if (!upstream.equals(r.sender())) return;
        Pending p = pending.remove(r.id());
        if (p == null) return;
        DatagramDnsResponse out = new DatagramDnsResponse(p.server(), p.client(), p.clientId());
        out.setCode(r.code()).setRecursionDesired(r.isRecursionDesired()).setRecursionAvailable(r.isRecursionAvailable())
                .setAuthoritativeAnswer(r.isAuthoritativeAnswer()).setTruncated(r.isTruncated());
        for (DnsSection section : DnsSection.values()) {
            for (int i = 0; i < r.count(section); i++) {
                DnsRecord rec = r.recordAt(section, i);
                if (section == DnsSection.QUESTION) {
                    out.addRecord(section, new DefaultDnsQuestion(rec.name(), rec.type(), rec.dnsClass()));
                } else if (rec instanceof DnsRawRecord raw) {
                    out.addRecord(section, raw.retainedDuplicate());
                }
            }
        }
        p.replyChannel().writeAndFlush(out);
    }

    private void expire() {
        long now = System.nanoTime();
        pending.values().removeIf(p -> now - p.deadlineNanos() > 0);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
