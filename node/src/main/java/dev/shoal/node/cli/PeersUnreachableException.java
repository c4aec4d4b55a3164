package dev.shoal.node.cli;

import java.util.List;

/** No listed peer gave any HTTP answer. Exit code 3. */
final class PeersUnreachableException extends RuntimeException {
    PeersUnreachableException(List<String> tried) {
        super("no Shoal peer reachable (tried " + String.join(", ", tried) + ")");
    }
}
