package dev.shoal.node.server;

import dev.shoal.api.ApiException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

import java.util.List;

/** What Netty's HTTP decoder could not read, answered as Kubernetes' Go server would. */
final class MalformedRequests {
    private MalformedRequests() {}

    /** 431 for headers over the limit, 414 for a request line over it, 400 for anything else. */
    static ApiException of(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new ApiException(431, "RequestHeaderFieldsTooLarge", "the request's headers are larger than the limit of "
                    + ApiServer.MAX_HEADER_BYTES + " bytes", List.of(), null);
        }
        if (cause instanceof TooLongHttpLineException) {
            return new ApiException(414, "RequestURITooLong", "the request line is longer than the limit of "
                    + ApiServer.MAX_INITIAL_LINE + " bytes", List.of(), null);
        }
        return ApiException.badRequest("malformed HTTP request: " + cause.getMessage());
    }
}
