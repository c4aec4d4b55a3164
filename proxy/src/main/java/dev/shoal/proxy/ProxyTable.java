package dev.shoal.proxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one node proxies, as an immutable snapshot: one {@link ProxyRule} per listener.
 * {@link ServiceProxy#apply} makes the proxy match it; applying the same table twice changes nothing.
 */
public record ProxyTable(List<ProxyRule> rules) {
    public static final ProxyTable EMPTY = new ProxyTable(List.of());

    public ProxyTable {
        if (rules == null) throw new IllegalArgumentException("rules: must not be null");
        rules = List.copyOf(rules);
        Map<ListenAddress, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            Integer first = seen.putIfAbsent(rules.get(i).listen(), i);
            if (first != null) {
                throw new IllegalArgumentException("rules[" + i + "].listen: " + rules.get(i).listen()
                        + " is already used by rules[" + first + "]");
            }
        }
    }

    public static ProxyTable of(ProxyRule... rules) {
        return new ProxyTable(List.of(rules));
    }

    /** The rules by listener, in table order. */
    public Map<ListenAddress, ProxyRule> byListener() {
        Map<ListenAddress, ProxyRule> map = new LinkedHashMap<>();
        for (ProxyRule rule : rules) map.put(rule.listen(), rule);
        return Collections.unmodifiableMap(map);
    }

    public Optional<ProxyRule> rule(ListenAddress listen) {
        return rules.stream().filter(r -> r.listen().equals(listen)).findFirst();
    }
}
