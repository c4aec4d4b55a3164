package dev.shoal.node.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authorization as a pure function: (user, verb, resource, namespace) -> allowed or not, and Kubernetes' words for no. */
class AuthorizerTest {
    private static final Authorizer AUTHORIZER = new Authorizer(Bindings.parse("""
            # role,subject[,namespace]
            cluster-admin,group:ops
            edit,user:alice,team-a
            view,group:auditors
            view,user:victor,team-b
            """));

    private static final Map<String, UserInfo> USERS = Map.of(
            "root", UserInfo.authenticated("root", "", List.of(UserInfo.MASTERS)),
            "olga", UserInfo.authenticated("olga", "", List.of("ops")),
            "alice", UserInfo.authenticated("alice", "", List.of()),
            "ann", UserInfo.authenticated("ann", "", List.of("auditors")),
            "victor", UserInfo.authenticated("victor", "", List.of()),
            "nobody", UserInfo.authenticated("nobody", "", List.of()),
            "node", UserInfo.authenticated("system:node:node-1", "", List.of(UserInfo.NODES)),
            "anonymous", UserInfo.ANONYMOUS);

    @ParameterizedTest(name = "{0} {1} {2} in \"{3}\" -> {4}")
    @CsvSource(delimiter = '|', value = {
            // user  | verb   | resource             | namespace | allowed
            "root    | create | pods                 | default   | true",
            "root    | delete | nodes                |           | true",
            "olga    | create | namespaces           |           | true",
            "olga    | create | pods/exec            | team-b    | true",
            // edit: everything namespaced in its namespace, nothing elsewhere
            "alice   | create | pods                 | team-a    | true",
            "alice   | delete | deployments          | team-a    | true",
            "alice   | create | pods/exec            | team-a    | true",
            "alice   | get    | pods/log             | team-a    | true",
            "alice   | create | pods                 | default   | false",
            "alice   | get    | pods                 | default   | false",
            "alice   | list   | pods                 |           | false",
            "alice   | list   | nodes                |           | false",
            "alice   | create | namespaces           |           | false",
            // view, cluster-wide: every read, logs too; no write, no exec
            "ann     | get    | pods                 | default   | true",
            "ann     | list   | pods                 |           | true",
            "ann     | watch  | deployments          | team-a    | true",
            "ann     | list   | nodes                |           | true",
            "ann     | get    | pods/log             | default   | true",
            "ann     | create | pods                 | default   | false",
            "ann     | patch  | deployments          | default   | false",
            "ann     | delete | pods                 | default   | false",
            "ann     | create | pods/exec            | default   | false",
            "ann     | update | deployments/scale    | default   | false",
            // view in one namespace
            "victor  | list   | pods                 | team-b    | true",
            "victor  | list   | pods                 | team-a    | false",
            "victor  | list   | namespaces           |           | false",
            // no binding at all
            "nobody  | get    | pods                 | default   | false",
            "anonymous | get  | pods                 | default   | false",
            // Shoal's own agents forwarding: read, logs, exec; never write
            "node    | get    | pods                 | default   | true",
            "node    | get    | pods/log             | default   | true",
            "node    | create | pods/exec            | default   | true",
            "node    | create | pods                 | default   | false",
            "node    | delete | nodes                |           | false",
    })
    void resourceRequests(String user, String verb, String resource, String namespace, boolean allowed) {
        String[] rs = resource.split("/");
        String ns = namespace == null ? "" : namespace;
        boolean namespaced = !List.of("nodes", "namespaces").contains(rs[0]);
        Attributes a = Attributes.resource(verb, rs[0].equals("deployments") ? "apps" : "", rs[0], rs.length > 1 ? rs[1] : "",
                ns, "", namespaced);
        assertEquals(allowed, AUTHORIZER.decide(USERS.get(user), a).allowed(), AUTHORIZER.decide(USERS.get(user), a).reason());
    }

    @ParameterizedTest(name = "{0} get {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "anonymous | /healthz      | true",
            "anonymous | /readyz       | true",
            "anonymous | /version      | true",
            "anonymous | /api          | false",
            "anonymous | /metrics      | false",
            "nobody    | /api          | true",
            "nobody    | /apis/apps/v1 | true",
            "nobody    | /openapi/v3   | true",
            "nobody    | /metrics      | false",
            "ann       | /metrics      | false",
            "node      | /metrics      | true",
            "root      | /metrics      | true",
            "root      | /anything     | true",
            "nobody    | /anything     | false",
    })
    void paths(String user, String path, boolean allowed) {
        assertEquals(allowed, AUTHORIZER.decide(USERS.get(user), Attributes.nonResource("get", path)).allowed());
    }

    @Test
    void clusterAdminIsTheMastersGroupAndWhatBindingsGrant() {
        assertTrue(AUTHORIZER.isClusterAdmin(USERS.get("root")));
        assertTrue(AUTHORIZER.isClusterAdmin(USERS.get("olga")));
        assertFalse(AUTHORIZER.isClusterAdmin(USERS.get("alice")));
        assertFalse(AUTHORIZER.isClusterAdmin(USERS.get("node")));
        assertFalse(AUTHORIZER.isClusterAdmin(UserInfo.ANONYMOUS));
    }

    @Test
    void devModeIsClusterAdminForRequestsWithoutCredentials() {
        Authorizer dev = RequestAuth.allowAll().authorizer();
        assertTrue(dev.isClusterAdmin(UserInfo.ANONYMOUS));
        assertTrue(dev.decide(UserInfo.ANONYMOUS, Attributes.resource("delete", "", "nodes", "", "", "n", false)).allowed());
        assertFalse(dev.isClusterAdmin(USERS.get("nobody")));
    }

    @Test
    void denialsReadAsKubernetesWritesThem() {
        UserInfo x = USERS.get("ann");
        assertEquals("pods is forbidden: User \"ann\" cannot create resource \"pods\" in API group \"\" in the namespace \"default\"",
                Authorizer.forbiddenMessage(x, Attributes.resource("create", "", "pods", "", "default", "", true), "pods"));
        assertEquals("pods \"web-1\" is forbidden: User \"ann\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"team-a\"",
                Authorizer.forbiddenMessage(x, Attributes.resource("create", "", "pods", "exec", "team-a", "web-1", true), "pods"));
        assertEquals("nodes is forbidden: User \"ann\" cannot delete resource \"nodes\" in API group \"\" at the cluster scope",
                Authorizer.forbiddenMessage(x, Attributes.resource("delete", "", "nodes", "", "", "", false), "nodes"));
        assertEquals("deployments.apps is forbidden: User \"ann\" cannot list resource \"deployments\" in API group \"apps\" at the cluster scope",
                Authorizer.forbiddenMessage(x, Attributes.resource("list", "apps", "deployments", "", "", "", true), "deployments.apps"));
        assertEquals("forbidden: User \"ann\" cannot get path \"/metrics\"",
                Authorizer.forbiddenMessage(x, Attributes.nonResource("get", "/metrics"), ""));
    }

    @Test
    void bindingsFileRefusesWhatItCannotMean() {
        assertEquals("line 1: unknown role \"admin\" (cluster-admin, edit or view)",
                assertThrows(IllegalArgumentException.class, () -> Bindings.parse("admin,user:a")).getMessage());
        assertEquals("line 2: the subject must be user:NAME or group:NAME, got \"alice\"",
                assertThrows(IllegalArgumentException.class, () -> Bindings.parse("# x\nedit,alice")).getMessage());
        assertEquals("line 1: cluster-admin is cluster-wide: it cannot be bound in namespace a",
                assertThrows(IllegalArgumentException.class, () -> Bindings.parse("cluster-admin,user:x,a")).getMessage());
        assertEquals("line 1: unknown role \"system:node\" (cluster-admin, edit or view)",
                assertThrows(IllegalArgumentException.class, () -> Bindings.parse("system:node,user:x")).getMessage());
        String text = "cluster-admin,group:ops\nedit,user:alice,team-a\n";
        assertEquals(text, Bindings.format(Bindings.parse(text)));
    }
}
