package dev.shoal.membership.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How the Shoal maps merge when a split heals: per key, the value with the higher version wins,
 * tombstones included, so a delete made on one side is not undone by the other side's older
 * copy (Hazelcast's default, PutIfAbsent, keeps whatever the larger side had and resurrects
 * deletes the smaller side saw first). For {@code shoal.meta} (longs: the counter and the
 * restore marker) the larger value wins, so resourceVersions keep growing after a merge.
 *
 * <p>Versions of two sides are comparable because only a majority side may write (the design's
 * split-brain rule): the minority's copies keep the versions they had before the split.
 */
public final class NewerVersionMergePolicy<V> implements SplitBrainMergePolicy<V, MergingValue<V>, Object> {

    @Override
    public Object merge(MergingValue<V> merging, MergingValue<V> existing) {
        if (existing == null) return merging.getRawValue();
        Object m = merging.getDeserializedValue();
        Object e = existing.getDeserializedValue();
        return version(m) > version(e) ? merging.getRawValue() : existing.getRawValue();
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
