package dev.shoal.scheduling;

/**
 * Prefers nodes that already have the image: pulling usually dominates a container's start time.
 * All or nothing because nodes do not report image sizes (Kubernetes scales by size and by how many
 * nodes have the image).
 */
public final class ImageLocalityScorer implements NodeScorer {
    @Override
    public double score(PodRequest pod, NodeState node) {
        return !pod.image().isEmpty() && node.images().contains(pod.image()) ? 100 : 0;
    }

    @Override
    public String name() {
        return "ImageLocality";
    }
}
