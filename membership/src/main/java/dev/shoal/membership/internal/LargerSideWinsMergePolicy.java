package dev.shoal.membership.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How the Shoal maps merge when a split heals. Hazelcast merges the smaller side into the larger,
 * and only a side with a majority of the configured cluster can acknowledge a write (split-brain
 * protection, and writes fail unless their backups confirm them, so a cut-off member cannot
 * acknowledge alone in the seconds before it notices). So the larger side holds every
 * acknowledged write, and for a key both sides have, its copy wins, tombstones included: a delete
 * made there is not undone, and a write the smaller side made but could not have acknowledged
 * (in the window before it noticed the split) is dropped, whatever its resourceVersion (the two
 * sides count versions independently, so the smaller side's may well be higher). A key only the
 * smaller side has is kept: a partition whose replicas were all on that side. For {@code shoal.meta}
 * (longs: the counter and the restore marker) the larger value wins, so resourceVersions keep
 * growing after a merge.
 */
public final class LargerSideWinsMergePolicy<V> implements SplitBrainMergePolicy<V, MergingValue<V>, Object> {

    @Override
    public Object merge(MergingValue<V> merging, MergingValue<V> existing) {
        if (existing == null) return merging.getRawValue();
        Object m = merging.getDeserializedValue();
        Object e = existing.getDeserializedValue();
        if (m instanceof Long && e instanceof Long) return version(m) > version(e) ? merging.getRawValue() : existing.getRawValue();
        return existing.getRawValue();
    }

    /** The version a stored value merges by: a StoredObject's resourceVersion, a long's value. */
    static long version(Object value) {
        if (value instanceof StoredObject s) return s.resourceVersion();
        if (value instanceof Long l) return l;
        return Long.MIN_VALUE; // unknown values never win over known ones
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // stateless
    }

    @Override
    public void readData(ObjectDataInput in) {
        // stateless
    }
}
