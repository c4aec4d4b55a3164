package dev.shoal.node.services.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's DNS responder for the cluster domain, over UDP: {@code NAME.NAMESPACE.svc.DOMAIN}
 * answers with the Service's cluster IP (see {@link DnsRecords}). Every node runs one on the same
 * address (SO_REUSEPORT), answering from its own copy of the replicated state, so there is no DNS
 * server to lose. Names outside the cluster domain go to the upstream resolver when one is set
 * ({@link UpstreamForwarder}), else get REFUSED. Answers carry a 5 s TTL: a deleted Service's name
 * fades quickly. Answers that would not fit 512 bytes are truncated (TC) rather than sent over TCP,
 * which this responder does not serve: only a headless Service with dozens of nodes reaches that.
 */
public final class ClusterDns implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterDns.class.getName());
    static final long TTL_SECONDS = 5;
    /** A classic DNS message over UDP without EDNS: 12 header bytes, then records up to 512 in all. */
    private static final int UDP_LIMIT = 512;

    private final EventLoopGroup group;
    private final Channel channel;
    private final UpstreamForwarder upstream;
    private volatile DnsTable table;

    private ClusterDns(EventLoopGroup group, Channel channel, UpstreamForwarder upstream, DnsTable table) {
        this.group = group;
        this.channel = channel;
        this.upstream = upstream;
        this.table = table;
    }

    /**
     * @param listen   where to answer, e.g. the cluster DNS address and port 53
     * @param upstream where names outside the cluster domain go, if anywhere
     * @throws java.io.IOException if the address cannot be bound (not local, or port 53 without privilege)
     */
    public static ClusterDns start(InetSocketAddress listen, String domain, Optional<InetSocketAddress> upstream,
                                   MeterRegistry registry) throws java.io.IOException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "shoal-dns");
            t.setDaemon(true);
            return t;
        }, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Counter answered = registry.counter("shoal_dns_queries_total", "result", "answered");
        Counter missing = registry.counter("shoal_dns_queries_total", "result", "nxdomain");
        Counter forwarded = registry.counter("shoal_dns_queries_total", "result", "forwarded");
        Counter refused = registry.counter("shoal_dns_queries_total", "result", "refused");
        ClusterDns[] self = new ClusterDns[1];
        try {
            UpstreamForwarder forwarder = upstream.isPresent() ? UpstreamForwarder.start(group, epoll, upstream.get()) : null;
            Bootstrap b = new Bootstrap().group(group)
                    .channelFactory(() -> epoll ? new EpollDatagramChannel() : new NioDatagramChannel())
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                    new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
                                            self[0].answer(ctx.channel(), query, answered, missing, forwarded, refused);
                                        }

                                        @Override
                                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                            LOG.log(Level.FINE, "dns: malformed query dropped", cause);
                                        }
                                    });
                        }
                    });
            // every agent on one machine answers on the same address; the kernel spreads the queries
            if (epoll) b.option(EpollChannelOption.SO_REUSEPORT, true);
            Channel ch = b.bind(listen).sync().channel();
            self[0] = new ClusterDns(group, ch, forwarder, DnsTable.empty(domain));
            return self[0];
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
            throw new java.io.IOException("cluster DNS cannot listen on " + listen.getHostString() + ":" + listen.getPort()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Serves this table from now on. */
    public void update(DnsTable table) {
        this.table = table;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    private void answer(Channel ch, DatagramDnsQuery query, Counter answered, Counter missing, Counter forwarded,
                        Counter refused) {
        DnsQuestion q = query.recordAt(DnsSection.QUESTION);
        DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
        response.setRecursionDesired(query.isRecursionDesired()).setRecursionAvailable(upstream != null);
        if (q == null || query.opCode() != DnsOpCode.QUERY) {
            ch.writeAndFlush(response.setCode(q == null ? DnsResponseCode.FORMERR : DnsResponseCode.NOTIMP));
            return;
        }
        response.addRecord(DnsSection.QUESTION, q);
        DnsTable.Lookup lookup = table.lookup(q.name());
        if (lookup instanceof DnsTable.Lookup.Found found) {
            answered.increment();
            response.setAuthoritativeAnswer(true);
            addAnswers(response, q, found.record());
            ch.writeAndFlush(response);
        } else if (lookup instanceof DnsTable.Lookup.NoSuchName) {
            missing.increment();
            ch.writeAndFlush(response.setAuthoritativeAnswer(true).setCode(DnsResponseCode.NXDOMAIN));
        } else if (upstream != null) {
            forwarded.increment();
            response.release();
            upstream.forward(ch, query, q);
        } else {
            refused.increment();
            ch.writeAndFlush(response.setCode(DnsResponseCode.REFUSED));
        }
    }

    /** A and CNAME answers; AAAA and other types get none (NODATA): the cluster is IPv4. */
    private static void addAnswers(DatagramDnsResponse response, DnsQuestion q, DnsTable.Record record) {
        DnsRecordType type = q.type();
        boolean any = type == DnsRecordType.ANY;
        int nameBytes = q.name().length() + 2;  // Netty writes every record's name in full, uncompressed
        int size = 12 + nameBytes + 4;
        if (!record.canonicalName().isEmpty()) {
            if (type == DnsRecordType.A || type == DnsRecordType.AAAA || type == DnsRecordType.CNAME || any) {
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(q.name(), DnsRecordType.CNAME, TTL_SECONDS,
                        encodeName(record.canonicalName())));
            }
            return;
        }
        if (type != DnsRecordType.A && !any) return;
        for (String ip : record.addresses()) {
            size += nameBytes + 14;  // name, type, class, TTL, length and four bytes
            if (size > UDP_LIMIT) {
                response.setTruncated(true);
                return;
            }
            response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(q.name(), DnsRecordType.A, TTL_SECONDS,
                    Unpooled.wrappedBuffer(ipv4(ip))));
        }
    }

    private static byte[] ipv4(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();  // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    /** A name in DNS wire format (labels, no compression), as CNAME data carries it. */
    static ByteBuf encodeName(String name) {
        ByteBuf out = Unpooled.buffer();
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) continue;
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.writeByte(Math.min(bytes.length, 63));
            out.writeBytes(bytes, 0, Math.min(bytes.length, 63));
        }
        return out.writeByte(0);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        if (upstream != null) upstream.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
