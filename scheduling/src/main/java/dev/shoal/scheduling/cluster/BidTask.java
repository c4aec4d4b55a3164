package dev.shoal.scheduling.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A call for bids as it travels to a member through {@link BiddingService#EXECUTOR}. Runs on that
 * member's executor thread and hands over to the member's {@link BiddingService}, found in the
 * instance's user context; a member without one (still starting, or not bidding) answers nothing.
 */
final class BidTask implements Callable<BidReply>, Serializable, HazelcastInstanceAware {
    private final BidRequest request;
    private transient HazelcastInstance hz;

    BidTask(BidRequest request) {
        this.request = request;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hz = hazelcastInstance;
    }

    @Override
    public BidReply call() {
        Object service = hz == null ? null : hz.getUserContext().get(BiddingService.CONTEXT_KEY);
        return service instanceof BiddingService s ? s.answer(request) : new BidReply(List.of());
    }
}
