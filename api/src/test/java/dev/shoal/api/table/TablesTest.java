package dev.shoal.api.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Golden tables per kind; the expected text is what kubectl prints for the same objects. */
class TablesTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private static String render(ResourceType type, boolean wide, boolean namespaces, String... yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        for (String y : yaml) {
            try {
                objects.add((ObjectNode) Json.YAML.readTree(y));
            } catch (JsonProcessingException e) {
                throw new AssertionError(e);
            }
        }
        return Tables.render(Tables.table(type, objects, wide, NOW), namespaces);
    }

    private static final String RUNNING_POD = """
            metadata: {name: web-7d9f-abcde, namespace: default, creationTimestamp: "2024-05-01T11:59:15Z"}
            spec:
              nodeName: node-1
              containers: [{name: web, image: nginx}, {name: log, image: busybox}]
            status:
              phase: Running
              podIP: 10.1.0.7
              hostIP: 192.0.2.10
              hostPorts: [{containerPort: 8080, hostPort: 40001, protocol: TCP}]
              containerStatuses:
              - {name: web, ready: true, restartCount: 0, state: {running: {}}}
              - name: log
                ready: true
                restartCount: 2
                state: {running: {}}
                lastState: {terminated: {exitCode: 1, finishedAt: "2024-05-01T11:57:00Z"}}
            """;
    private static final String CRASHING_POD = """
            metadata: {name: db-0, namespace: prod, creationTimestamp: "2024-04-29T09:00:00Z"}
            spec: {containers: [{name: db, image: postgres}], readinessGates: [{conditionType: "shoal.dev/bid"}]}
            status:
              phase: Running
              conditions: [{type: "shoal.dev/bid", status: "True"}]
              containerStatuses:
              - {name: db, ready: false, restartCount: 0, state: {waiting: {reason: CrashLoopBackOff}}}
            """;
    private static final String PENDING_POD = """
            metadata: {name: big, namespace: default, creationTimestamp: "2024-05-01T07:00:00Z"}
            spec: {containers: [{name: big, image: x}]}
            status: {phase: Pending}
            """;
    private static final String TERMINATING_POD = """
            metadata: {name: old, namespace: default, creationTimestamp: "2024-05-01T11:00:00Z", deletionTimestamp: "2024-05-01T11:59:00Z"}
            spec: {containers: [{name: old, image: x}]}
            status: {phase: Running, containerStatuses: [{name: old, ready: true, restartCount: 0, state: {running: {}}}]}
            """;
    private static final String INIT_POD = """
            metadata: {name: init, namespace: default, creationTimestamp: "2024-05-01T11:58:00Z"}
            spec: {initContainers: [{name: a}, {name: b}], containers: [{name: main, image: x}]}
            status:
              phase: Pending
              initContainerStatuses:
              - {name: a, restartCount: 0, state: {terminated: {exitCode: 0}}}
              - {name: b, restartCount: 0, state: {running: {}}}
            """;

    @Test
    void pods() {
        assertEquals("""
                NAME             READY   STATUS             RESTARTS     AGE
                web-7d9f-abcde   2/2     Running            2 (3m ago)   45s
                db-0             0/1     CrashLoopBackOff   0            2d3h
                big              0/1     Pending            0            5h
                old              1/1     Terminating        0            60m
                init             0/1     Init:1/2           0            2m
                """, render(ResourceType.POD, false, false, RUNNING_POD, CRASHING_POD, PENDING_POD, TERMINATING_POD, INIT_POD));
    }

    @Test
    void podsWideWithNamespaces() {
        assertEquals("""
                NAMESPACE   NAME             READY   STATUS             RESTARTS     AGE    IP         NODE     HOST PORTS                   NOMINATED NODE   READINESS GATES
                default     web-7d9f-abcde   2/2     Running            2 (3m ago)   45s    10.1.0.7   node-1   192.0.2.10:40001->8080/TCP   <none>           <none>
                prod        db-0             0/1     CrashLoopBackOff   0            2d3h   <none>     <none>   <none>                       <none>           1/1
                """, render(ResourceType.POD, true, true, RUNNING_POD, CRASHING_POD));
    }

    private static final String WEB_DEPLOYMENT = """
            metadata: {name: web, namespace: default, creationTimestamp: "2024-05-01T11:56:48Z"}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web, tier: front}}
              template: {spec: {containers: [{name: web, image: "nginx:1.25"}, {name: log, image: busybox}]}}
            status: {replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2}
            """;
    private static final String LED_DEPLOYMENT = """
            metadata:
              name: api
              namespace: default
              creationTimestamp: "2024-04-29T09:00:00Z"
              annotations: {shoal.dev/leader: node-2, shoal.dev/leader-epoch: "7"}
            spec:
              selector:
                matchLabels: {app: api}
                matchExpressions: [{key: track, operator: In, values: [stable, canary]}]
              template: {spec: {containers: [{name: api, image: "api:2"}]}}
            status: {readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1}
            """;

    @Test
    void deployments() {
        assertEquals("""
                NAME   READY   UP-TO-DATE   AVAILABLE   AGE
                web    2/3     3            2           3m12s
                api    1/1     1            1           2d3h
                """, render(ResourceType.DEPLOYMENT, false, false, WEB_DEPLOYMENT, LED_DEPLOYMENT));
    }

    @Test
    void deploymentsWideShowShoalLeaderAndEpochWhenAnnotated() {
        assertEquals("""
                NAME   READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES               SELECTOR                           LEADER   EPOCH
                web    2/3     3            2           3m12s   web,log      nginx:1.25,busybox   app=web,tier=front                 <none>   <none>
                api    1/1     1            1           2d3h    api          api:2                app=api,track in (canary,stable)   node-2   7
                """, render(ResourceType.DEPLOYMENT, true, false, WEB_DEPLOYMENT, LED_DEPLOYMENT));
    }

    @Test
    void deploymentsWideWithoutLeadersLookLikeKubectl() {
        assertEquals("""
                NAME   READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES               SELECTOR
                web    2/3     3            2           3m12s   web,log      nginx:1.25,busybox   app=web,tier=front
                """, render(ResourceType.DEPLOYMENT, true, false, WEB_DEPLOYMENT));
    }

    @Test
    void replicaSets() {
        String rs = """
                metadata: {name: web-7d9f, namespace: default, creationTimestamp: "2024-05-01T11:00:00Z"}
                spec: {replicas: 3, selector: {matchLabels: {app: web}}, template: {spec: {containers: [{name: web, image: nginx}]}}}
                status: {replicas: 3, readyReplicas: 1}
                """;
        assertEquals("""
                NAME       DESIRED   CURRENT   READY   AGE
                web-7d9f   3         3         1       60m
                """, render(ResourceType.REPLICASET, false, false, rs));
        assertEquals("""
                NAME       DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES   SELECTOR
                web-7d9f   3         3         1       60m   web          nginx    app=web
                """, render(ResourceType.REPLICASET, true, false, rs));
    }

    @Test
    void services() {
        String web = """
                metadata: {name: web, namespace: default, creationTimestamp: "2024-05-01T11:59:15Z"}
                spec: {clusterIP: 127.0.10.1, selector: {app: web}, ports: [{port: 80}, {port: 443, protocol: TCP}]}
                """;
        String nodePort = """
                metadata: {name: edge, namespace: default, creationTimestamp: "2024-05-01T11:59:15Z"}
                spec: {type: NodePort, clusterIP: 127.0.10.2, externalIPs: [192.0.2.1], ports: [{port: 53, nodePort: 30053, protocol: UDP}]}
                """;
        String lb = """
                metadata: {name: lb, namespace: default, creationTimestamp: "2024-05-01T11:59:15Z"}
                spec: {type: LoadBalancer, clusterIP: 127.0.10.3, ports: [{port: 80, nodePort: 30080}]}
                """;
        String external = """
                metadata: {name: ext, namespace: default, creationTimestamp: "2024-05-01T11:59:15Z"}
                spec: {type: ExternalName, externalName: db.example.com}
                """;
        assertEquals("""
                NAME   TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)          AGE   SELECTOR
                web    ClusterIP      127.0.10.1   <none>           80/TCP,443/TCP   45s   app=web
                edge   NodePort       127.0.10.2   192.0.2.1        53:30053/UDP     45s   <none>
                lb     LoadBalancer   127.0.10.3   <pending>        80:30080/TCP     45s   <none>
                ext    ExternalName   <none>       db.example.com   <none>           45s   <none>
                """, render(ResourceType.SERVICE, true, false, web, nodePort, lb, external));
    }

    private static final String READY_NODE = """
            metadata:
              name: node-1
              creationTimestamp: "2024-04-29T09:00:00Z"
              labels: {node-role.kubernetes.io/edge: "", kubernetes.io/role: gpu}
            status:
              conditions: [{type: MemoryPressure, status: "False"}, {type: Ready, status: "True"}]
              addresses: [{type: InternalIP, address: 127.0.0.2}, {type: Hostname, address: node-1}]
              nodeInfo: {kubeletVersion: v0.1.0, osImage: Debian 12, kernelVersion: 6.1.0, containerRuntimeVersion: docker://24.0.5}
              capacity: {cpu: "2", memory: 4Gi, pods: "110"}
            """;
    private static final String CORDONED_NODE = """
            metadata: {name: node-2, creationTimestamp: "2024-05-01T11:00:00Z"}
            spec: {unschedulable: true}
            status: {conditions: [{type: Ready, status: Unknown}], nodeInfo: {kubeletVersion: v0.1.0}}
            """;

    @Test
    void nodes() {
        assertEquals("""
                NAME     STATUS                        ROLES      AGE    VERSION
                node-1   Ready                         edge,gpu   2d3h   v0.1.0
                node-2   NotReady,SchedulingDisabled   <none>     60m    v0.1.0
                """, render(ResourceType.NODE, false, false, READY_NODE, CORDONED_NODE));
    }

    @Test
    void nodesWideAddCapacity() {
        assertEquals("""
                NAME     STATUS                        ROLES      AGE    VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE    KERNEL-VERSION   CONTAINER-RUNTIME   CPU      MEMORY   PODS
                node-1   Ready                         edge,gpu   2d3h   v0.1.0    127.0.0.2     <none>        Debian 12   6.1.0            docker://24.0.5     2        4Gi      110
                node-2   NotReady,SchedulingDisabled   <none>     60m    v0.1.0    <none>        <none>        <unknown>   <unknown>        <unknown>           <none>   <none>   <none>
                """, render(ResourceType.NODE, true, false, READY_NODE, CORDONED_NODE));
    }

    @Test
    void namespaces() {
        assertEquals("""
                NAME      STATUS   AGE
                default   Active   2d3h
                """, render(ResourceType.NAMESPACE, false, false,
                "{metadata: {name: default, creationTimestamp: '2024-04-29T09:00:00Z'}, status: {phase: Active}}"));
    }

    private static final String EVENT = """
            metadata: {name: web.17c3, namespace: default}
            involvedObject: {kind: Deployment, name: web, namespace: default}
            type: Normal
            reason: ScalingReplicaSet
            message: "Scaled up replica set web-7d9f to 3\\n"
            source: {component: deployment-controller, host: node-2}
            firstTimestamp: "2024-05-01T11:50:00Z"
            lastTimestamp: "2024-05-01T11:59:15Z"
            count: 4
            """;
    private static final String NEW_STYLE_EVENT = """
            metadata: {name: big.1, namespace: default}
            involvedObject: {kind: Pod, name: big, fieldPath: "spec.containers{big}"}
            type: Warning
            reason: FailedScheduling
            message: "0/3 nodes bid: 3 insufficient cpu"
            reportingComponent: shoal-scheduler
            eventTime: "2024-05-01T11:57:00Z"
            """;

    @Test
    void events() {
        assertEquals("""
                LAST SEEN   TYPE      REASON              OBJECT           MESSAGE
                45s         Normal    ScalingReplicaSet   deployment/web   Scaled up replica set web-7d9f to 3
                3m          Warning   FailedScheduling    pod/big          0/3 nodes bid: 3 insufficient cpu
                """, render(ResourceType.EVENT, false, false, EVENT, NEW_STYLE_EVENT));
    }

    @Test
    void eventsWide() {
        assertEquals("""
                LAST SEEN   TYPE      REASON              OBJECT           SUBOBJECT              SOURCE                          MESSAGE                               FIRST SEEN   COUNT   NAME
                45s         Normal    ScalingReplicaSet   deployment/web                          deployment-controller, node-2   Scaled up replica set web-7d9f to 3   10m          4       web.17c3
                3m          Warning   FailedScheduling    pod/big          spec.containers{big}   shoal-scheduler                 0/3 nodes bid: 3 insufficient cpu     3m           1       big.1
                """, render(ResourceType.EVENT, true, false, EVENT, NEW_STYLE_EVENT));
    }

    @Test
    void anEmptyListIsJustTheHeader() {
        assertEquals("NAME   STATUS   AGE\n", render(ResourceType.NAMESPACE, false, false));
    }

    @Test
    void tableKeepsKubernetesColumnMetadata() {
        Table t = Tables.table(ResourceType.REPLICASET, List.of(), true, NOW);
        assertEquals(new Column("Name", "string", "name", "Name must be unique within a namespace.", 0), t.columns().get(0));
        assertEquals("integer", t.columns().get(1).type());
        assertEquals(1, t.columns().get(5).priority());
    }
}
